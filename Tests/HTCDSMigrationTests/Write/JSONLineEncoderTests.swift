import Foundation
import Testing
@testable import HTCDSMigration
import HTCDS

/// The one builder of JSON lines: what it makes of remembered values (memo
/// entries) is what it makes of the values themselves, however often they
/// come back, and related records nest as the README shows.
@Suite struct JSONLineEncoderTests {
    /// Values some of which stand for memo entries, as a mapping worker hands them over.
    struct Remembered: CaseValues {
        let own: [HTCDSValue?]
        /// slot -> (entry, value)
        let entries: [Int: (Int32, HTCDSValue)]

        func handOver(_ body: (_ slot: Int, _ entry: Int32, _ value: consuming HTCDSValue?) -> Void) {
            for slot in own.indices {
                if let (entry, _) = entries[slot] { body(slot, entry, nil) } else if own[slot] != nil { body(slot, 0, own[slot]) }
            }
        }

        func rememberedValue(slot: Int, entry: Int32) -> HTCDSValue? {
            entries[slot].flatMap { $0.0 == entry ? $0.1 : nil }
        }
    }

    static let fields = ["prs_FirstName", "prs_Gender", "prs_Birthdate", "vic_TypeOfExploitation"].map { testStandard.field(named: $0)! }

    func line(_ encode: (inout JSONLineEncoder, inout ByteArena) -> Void,
              encoder: inout JSONLineEncoder) -> String {
        var bytes = ByteArena()
        encode(&encoder, &bytes)
        return String(decoding: bytes.bytes(0, bytes.count), as: UTF8.self)
    }

    @Test func rememberedValuesEncodeAsTheirValuesEveryTime() {
        var ahead = JSONLineEncoder(fields: Self.fields, related: RelatedGroups([]))
        var plain = JSONLineEncoder(fields: Self.fields, related: RelatedGroups([]))
        let location = SourceLocation(file: "in.csv", line: 7)
        let genders: [HTCDSValue] = [.text("Feminine"), .text("Masculine")]
        for round in 0..<6 {
            let gender = genders[round % 2]
            let values: [HTCDSValue?] = [.text("Ana \"A\""), gender, .date(CalendarDate(year: 1990, month: 2, day: 3)!), .list(["Begging"])]
            let remembered = Remembered(own: values, entries: [1: (Int32(round % 2 + 1), gender), 3: (1, .list(["Begging"]))])
            var slots = SmallIntSet()
            let expected = line({ encoder, bytes in
                encoder.encode(caseID: "C-\(round)", values: values, related: [], location: location, to: &bytes)
            }, encoder: &plain)
            let got = line({ encoder, bytes in
                slots = encoder.encode(caseID: "C-\(round)", values: remembered, related: [], location: location, to: &bytes)
            }, encoder: &ahead)
            #expect(got == expected)
            var filled: [Int] = []
            slots.forEach { filled.append($0) }
            #expect(filled == [0, 1, 2, 3])
        }
        #expect(line({ encoder, bytes in
            encoder.encode(caseID: "C-1", values: [nil, .text("Feminine"), nil, nil] as [HTCDSValue?], related: [],
                           location: location, to: &bytes)
        }, encoder: &plain) == #"{"caseId":"C-1","prs_Gender":"Feminine","source":{"file":"in.csv","line":7}}"# + "\n")
    }

    @Test func fragmentsOfManyEntriesAndSlotsStayApart() {
        var fragments = EncodedFragments(slotCount: 3)
        for entry in 1...300 {
            for slot in 0..<3 {
                let text = Array("s\(slot)e\(entry)".utf8)
                text.withUnsafeBufferPointer { fragments.keep($0, slot: slot, entry: Int32(entry)) }
            }
        }
        for entry in 1...300 {
            for slot in 0..<3 {
                let kept = fragments.fragment(slot: slot, entry: Int32(entry)).map { String(decoding: $0, as: UTF8.self) }
                #expect(kept == "s\(slot)e\(entry)")
            }
        }
        #expect(fragments.fragment(slot: 0, entry: 301) == nil)
    }
}
