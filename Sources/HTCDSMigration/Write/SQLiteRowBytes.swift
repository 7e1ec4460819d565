/// A case's rows for an HTCDS database as bytes: made where the case is
/// mapped (`SQLiteRowEncoder`), bound where it is settled (`SQLiteWriter`),
/// so the settling thread only binds and inserts.
///
/// The bytes are a run of items, each starting with its kind:
///
///     reference:  'R'  kind (0 organisation, 1 person)  UInt16 key count
///                      then per key: its name (a text) and its value (a cell)
///     row:        'W'  statement (SQLiteRowBytes.Statement)  UInt16 cell count
///                      then per cell: UInt16 column position and the cell
///     cell:       0 text: UInt32 byte count, the UTF-8 bytes
///                 1 integer: Int64    2 real: Double    3 null
///                 4 the id of the case's reference number UInt32 (in order of the 'R' items)
///
/// Numbers are in the machine's order and unaligned: the bytes never leave
/// the process. A reference comes before the rows that name it, in the order
/// the writer must resolve them (new organisations and persons take the
/// next id), and a person row takes its `person_id` when it is inserted.
enum SQLiteRowBytes {
    static let reference = UInt8(ascii: "R")
    static let row = UInt8(ascii: "W")

    /// Which prepared insert a row goes to.
    enum Statement: UInt8 {
        case cases = 0
        /// A person (a victim or perpetrator): it takes the next `person_id`.
        case persons = 1
        // 2 + n: the related set n's own table.
    }

    enum CellTag: UInt8 {
        case text = 0, integer, real, null, reference
    }

    static func appendText(_ text: String, to bytes: inout ByteArena) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.appendBytes(of: UInt32(utf8.count))
            bytes.append(utf8)
        }
    }

    static func appendCell(_ cell: SQLiteSchema.Cell, to bytes: inout ByteArena) {
        switch cell {
        case .text(let text):
            bytes.append(byte: CellTag.text.rawValue)
            appendText(text, to: &bytes)
        case .integer(let number):
            bytes.append(byte: CellTag.integer.rawValue)
            bytes.appendBytes(of: number)
        case .real(let number):
            bytes.append(byte: CellTag.real.rawValue)
            bytes.appendBytes(of: number)
        case .null:
            bytes.append(byte: CellTag.null.rawValue)
        }
    }

    /// Reads the items back, front to back. The bytes are the encoder's own:
    /// a read past their end is a bug, stopped by a precondition.
    struct Reader {
        private let bytes: UnsafeRawBufferPointer
        private(set) var offset = 0

        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        var atEnd: Bool { offset >= bytes.count }

        mutating func byte() -> UInt8 {
            precondition(offset < bytes.count, "SQLite row bytes cut short")
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func number<Number: BitwiseCopyable>(_ type: Number.Type) -> Number {
            let size = MemoryLayout<Number>.size
            precondition(offset + size <= bytes.count, "SQLite row bytes cut short")
            defer { offset += size }
            return bytes.loadUnaligned(fromByteOffset: offset, as: Number.self)
        }

        /// A text's bytes, lent: valid as long as the bytes read.
        mutating func text() -> UnsafeRawBufferPointer {
            let count = Int(number(UInt32.self))
            precondition(offset + count <= bytes.count, "SQLite row bytes cut short")
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        mutating func string() -> String {
            String(decoding: text(), as: UTF8.self)
        }

        /// A cell as a value (for a reference's keys; rows bind theirs in place).
        mutating func cell() -> SQLiteSchema.Cell {
            switch CellTag(rawValue: byte()) {
            case .text: .text(string())
            case .integer: .integer(number(Int64.self))
            case .real: .real(number(Double.self))
            case .null: .null
            case .reference, nil: preconditionFailure("a reference inside a reference's keys")
            }
        }
    }
}
