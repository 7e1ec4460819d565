import Testing
@testable import HTCDSMigration

/// The related index keeps each record's values in `SourceValueCoding`'s
/// byte form: every kind of value must come back as it went in, and bytes
/// cut short must end the values, never be read past.
@Suite struct SourceValueCodingTests {
    static let values: [SourceValue] = [
        .text("Ioana"), .text(""), .text("Ağrı, Türkiye — 東京"), .text("a\u{0}b"), .null,
        .integer(0), .integer(-42), .integer(Int64.max), .integer(Int64.min), .real(3.25), .real(-0.0),
        .spreadsheetError("#N/A"), .list([]), .list(["DebtBondage", "", "Threats"]), .blob(0), .blob(1_048_576),
        .dateTime(CalendarDate(year: 1996, month: 9, day: 12)!, secondsOfDay: nil),
        .dateTime(CalendarDate(year: 2024, month: 2, day: 29)!, secondsOfDay: 0),
        .dateTime(CalendarDate(year: 2024, month: 2, day: 29)!, secondsOfDay: 86_399),
    ]

    func encoded(_ values: [SourceValue]) -> [UInt8] {
        var bytes = ByteArena()
        SourceValueCoding.encode(values, into: &bytes)
        return Array(bytes.bytes(0, bytes.count))
    }

    @Test func everyKindOfValueComesBackAsItWentIn() {
        let bytes = encoded(Self.values)
        let decoded = bytes.withUnsafeBytes { SourceValueCoding.decode($0) }
        #expect(decoded == Self.values)
        // One value at a time, each alone: the same.
        for value in Self.values {
            #expect(encoded([value]).withUnsafeBytes { SourceValueCoding.decode($0) } == [value])
        }
    }

    @Test func bytesCutShortEndTheValuesWithoutReadingPast() {
        let bytes = encoded(Self.values)
        var complete = 0
        for length in 0...bytes.count {
            let decoded = Array(bytes.prefix(length)).withUnsafeBytes { SourceValueCoding.decode($0) }
            // What comes back is always the values in front, whole (a cut
            // text or list is left out, never made of the bytes after it).
            #expect(decoded.count <= Self.values.count)
            #expect(Array(Self.values.prefix(decoded.count)) == decoded)
            if decoded == Self.values { complete += 1 }
        }
        #expect(complete == 1)
    }
}
