/// A compact byte form of a record's values, for the on-disk index of related
/// records: a tag byte per value, then its length-prefixed UTF-8 or number.
enum SourceValueCoding {
    static func encode(_ values: [SourceValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            switch value {
            case .null: bytes.append(0)
            case .text(let text): bytes.append(1); appendText(text, to: &bytes)
            case .integer(let number): bytes.append(2); appendNumber(UInt64(bitPattern: number), to: &bytes)
            case .real(let number): bytes.append(3); appendNumber(number.bitPattern, to: &bytes)
            case .spreadsheetError(let token): bytes.append(4); appendText(token, to: &bytes)
            case .list(let items):
                bytes.append(5)
                appendNumber(UInt64(items.count), to: &bytes)
                for item in items { appendText(item, to: &bytes) }
            case .blob(let count): bytes.append(6); appendNumber(UInt64(count), to: &bytes)
            case .dateTime(let value):
                let (date, seconds) = (value.date, value.secondsOfDay)
                bytes.append(7)
                appendNumber(UInt64(date.year * 10_000 + date.month * 100 + date.day), to: &bytes)
                appendNumber(seconds.map { UInt64($0) + 1 } ?? 0, to: &bytes)
            }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [SourceValue] {
        var values: [SourceValue] = []
        var index = 0
        func number() -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) {
                value |= UInt64(bytes[index]) << UInt64(shift)
                index += 1
            }
            return value
        }
        func text() -> String {
            let count = Int(number())
            defer { index += count }
            return String(decoding: bytes[index..<(index + count)], as: UTF8.self)
        }
        while index < bytes.count {
            let tag = bytes[index]
            index += 1
            switch tag {
            case 1: values.append(.text(text()))
            case 2: values.append(.integer(Int64(bitPattern: number())))
            case 3: values.append(.real(Double(bitPattern: number())))
            case 4: values.append(.spreadsheetError(text()))
            case 5: values.append(.list((0..<Int(number())).map { _ in text() }))
            case 6: values.append(.blob(Int(number())))
            case 7:
                let day = Int(number())
                let seconds = Int(number())
                if let date = CalendarDate(year: day / 10_000, month: day / 100 % 100, day: day % 100) {
                    values.append(.dateTime(date, secondsOfDay: seconds == 0 ? nil : seconds - 1))
                } else {
                    values.append(.null)
                }
            default: values.append(.null)
            }
        }
        return values
    }

    private static func appendNumber(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        appendNumber(UInt64(text.utf8.count), to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }
}
