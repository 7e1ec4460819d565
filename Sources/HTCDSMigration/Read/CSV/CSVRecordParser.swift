/// Splits UTF-8 bytes into CSV records (RFC 4180: quoted fields may hold
/// delimiters, doubled quotes and line breaks; records end at LF, CRLF or CR).
/// Bytes arrive in chunks; a record cut by a chunk edge is parsed again once
/// the next chunk is in, so no quoted field or character is ever split.
struct CSVRecordParser {
    /// One record's cells and the line its first byte is on.
    struct RawRecord {
        var cells: [String]
        var line: Int
    }

    let delimiter: UInt8
    let quote: UInt8 = UInt8(ascii: "\"")
    private(set) var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var atEnd = false
    private var cellsLastTime = 0

    init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// The decoded bytes not yet parsed, for sniffing a delimiter.
    var pendingBytes: ArraySlice<UInt8> { buffer[position...] }

    mutating func append(_ more: [UInt8]) {
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: more)
    }

    mutating func markEnd() { atEnd = true }

    enum Step {
        case record(RawRecord)
        case needMoreInput
        case end
    }

    /// The next complete record, or what is needed to finish one.
    mutating func next() throws(CSVSyntaxError) -> Step {
        if position >= buffer.count {
            return atEnd ? .end : .needMoreInput
        }
        let startLine = line
        var lines = 0
        var cells: [String] = []
        // Rows are as wide as the last one, nearly always: one allocation, not a doubling series.
        cells.reserveCapacity(cellsLastTime)
        let outcome: Step? = try buffer.withUnsafeBufferPointer { (bytes) throws(CSVSyntaxError) -> Step? in
            var index = position
            let end = bytes.count
            var fieldStart = index
            var quoted = false
            var inQuotes = false
            while true {
                if index >= end {
                    guard atEnd else { return .needMoreInput }
                    if inQuotes { throw CSVSyntaxError.unterminatedQuote(line: startLine) }
                    cells.append(Self.cell(bytes, fieldStart, end, quoted: quoted, quote: quote))
                    position = end
                    return nil
                }
                let byte = bytes[index]
                if inQuotes {
                    if byte == quote {
                        if index + 1 < end {
                            if bytes[index + 1] == quote { index += 2; continue }
                            inQuotes = false
                        } else if atEnd {
                            inQuotes = false
                        } else {
                            return .needMoreInput
                        }
                    } else if byte == 0x0A {
                        lines += 1
                    } else if byte == 0x0D {
                        if index + 1 < end {
                            if bytes[index + 1] != 0x0A { lines += 1 }
                        } else if !atEnd {
                            return .needMoreInput
                        } else {
                            lines += 1
                        }
                    }
                    index += 1
                    continue
                }
                if byte == delimiter {
                    cells.append(Self.cell(bytes, fieldStart, index, quoted: quoted, quote: quote))
                    index += 1
                    fieldStart = index
                    quoted = false
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D && index + 1 >= end && !atEnd { return .needMoreInput }
                    cells.append(Self.cell(bytes, fieldStart, index, quoted: quoted, quote: quote))
                    index += (byte == 0x0D && index + 1 < end && bytes[index + 1] == 0x0A) ? 2 : 1
                    lines += 1
                    position = index
                    return nil
                } else if byte == quote && index == fieldStart {
                    quoted = true
                    inQuotes = true
                    index += 1
                } else {
                    index += 1
                }
            }
        }
        if let outcome { return outcome }
        cellsLastTime = cells.count
        line = startLine + lines
        return .record(RawRecord(cells: cells, line: startLine))
    }

    /// A cell's text: as is, or for a field that starts with a quote, without
    /// its quotes and with doubled quotes made single; text after the closing
    /// quote is kept as written (`"a"b` is `ab`), as spreadsheets read it.
    private static func cell(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, quoted: Bool, quote: UInt8
    ) -> String {
        guard quoted else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        var text: [UInt8] = []
        text.reserveCapacity(end - start)
        var index = start + 1
        var inQuotes = true
        while index < end {
            let byte = bytes[index]
            if inQuotes && byte == quote {
                if index + 1 < end && bytes[index + 1] == quote {
                    text.append(quote)
                    index += 2
                    continue
                }
                inQuotes = false
            } else {
                text.append(byte)
            }
            index += 1
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Input that is not CSV, with the line it starts on.
enum CSVSyntaxError: Error, Equatable {
    case unterminatedQuote(line: Int)
}
