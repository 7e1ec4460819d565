/// A compact byte form of a record's values, for the on-disk index of related
/// records: a tag byte per value, then its length-prefixed UTF-8 or number
/// (numbers as 8 bytes, little-endian). Encoded into a buffer the index
/// reuses for every record, decoded from the bytes where SQLite holds them:
/// neither makes an array of bytes a record.
///
/// Invariant: the bytes `decode` reads are lent for the call (SQLite's, valid
/// until its statement steps), never kept: every value is made of copies.
enum SourceValueCoding {
    private enum Tag: UInt8 {
        case null = 0, text, integer, real, spreadsheetError, list, blob, dateTime
    }

    /// Appends the values' byte form to `bytes`.
    static func encode(_ values: [SourceValue], into bytes: inout ByteArena) {
        for value in values {
            switch value {
            case .null: bytes.append(byte: Tag.null.rawValue)
            case .text(let text): bytes.append(byte: Tag.text.rawValue); appendText(text, to: &bytes)
            case .integer(let number): bytes.append(byte: Tag.integer.rawValue); appendNumber(UInt64(bitPattern: number), to: &bytes)
            case .real(let number): bytes.append(byte: Tag.real.rawValue); appendNumber(number.bitPattern, to: &bytes)
            case .spreadsheetError(let token): bytes.append(byte: Tag.spreadsheetError.rawValue); appendText(token, to: &bytes)
            case .list(let items):
                bytes.append(byte: Tag.list.rawValue)
                appendNumber(UInt64(items.count), to: &bytes)
                for item in items { appendText(item, to: &bytes) }
            case .blob(let count): bytes.append(byte: Tag.blob.rawValue); appendNumber(UInt64(count), to: &bytes)
            case .dateTime(let value):
                let (date, seconds) = (value.date, value.secondsOfDay)
                bytes.append(byte: Tag.dateTime.rawValue)
                appendNumber(UInt64(date.year * 10_000 + date.month * 100 + date.day), to: &bytes)
                appendNumber(seconds.map { UInt64($0) + 1 } ?? 0, to: &bytes)
            }
        }
    }

    /// The values in a BLOB column of a statement's current row, made by `encode`.
    static func decode(blobColumn column: Int, of statement: SQLiteStatement) -> [SourceValue] {
        decode(statement.borrowedBlob(column))
    }

    /// The values of bytes `encode` made. A cut or unknown form (never made
    /// here) ends the values there rather than reading past the bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [SourceValue] {
        var values: [SourceValue] = []
        var reader = Reader(bytes: bytes)
        while let tag = reader.byte() {
            switch Tag(rawValue: tag) {
            case .null: values.append(.null)
            case .text:
                guard let text = reader.text() else { return values }
                values.append(.text(text))
            case .integer:
                guard let number = reader.number() else { return values }
                values.append(.integer(Int64(bitPattern: number)))
            case .real:
                guard let number = reader.number() else { return values }
                values.append(.real(Double(bitPattern: number)))
            case .spreadsheetError:
                guard let token = reader.text() else { return values }
                values.append(.spreadsheetError(token))
            case .list:
                guard let count = reader.number() else { return values }
                var items: [String] = []
                for _ in 0..<count {
                    guard let item = reader.text() else { return values }
                    items.append(item)
                }
                values.append(.list(items))
            case .blob:
                guard let count = reader.number() else { return values }
                values.append(.blob(Int(count)))
            case .dateTime:
                guard let day = reader.number().map(Int.init), let seconds = reader.number().map(Int.init) else { return values }
                if let date = CalendarDate(year: day / 10_000, month: day / 100 % 100, day: day % 100) {
                    values.append(.dateTime(date, secondsOfDay: seconds == 0 ? nil : seconds - 1))
                } else {
                    values.append(.null)
                }
            case nil: return values
            }
        }
        return values
    }

    /// Reads the byte form front to back, never past its end.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func number() -> UInt64? {
            guard offset + 8 <= bytes.count else { return nil }
            defer { offset += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        mutating func text() -> String? {
            guard let count = number().map(Int.init), count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
        }
    }

    private static func appendNumber(_ value: UInt64, to bytes: inout ByteArena) {
        bytes.appendBytes(of: value.littleEndian)
    }

    private static func appendText(_ text: String, to bytes: inout ByteArena) {
        var text = text
        text.withUTF8 { utf8 in
            appendNumber(UInt64(utf8.count), to: &bytes)
            bytes.append(utf8)
        }
    }
}
