/// Splits UTF-8 bytes into CSV records (RFC 4180: quoted fields may hold
/// delimiters, doubled quotes and line breaks; records end at LF, CRLF or CR).
/// Bytes arrive in chunks; a record cut by a chunk edge is parsed again once
/// the next chunk is in, so no quoted field or character is ever split.
///
/// A record's cells are left in `cellBytes` (unquoted, one after another) with
/// each cell's end in `cellEnds`, until the next call: no String is made per
/// cell (the run reads most cells as bytes; see `RowCells`).
struct CSVRecordParser {
    let delimiter: UInt8
    let quote: UInt8 = UInt8(ascii: "\"")
    private(set) var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var atEnd = false
    /// The last record's cells, unquoted, one after another.
    private(set) var cellBytes: [UInt8] = []
    /// Where each of the last record's cells ends in `cellBytes`.
    private(set) var cellEnds: [UInt32] = []
    /// Which bytes stop the scan of an unquoted field (delimiter, quote, CR, LF):
    /// one table lookup a byte instead of four comparisons.
    private let stops: [Bool]

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        var stops = [Bool](repeating: false, count: 256)
        for byte in [delimiter, UInt8(ascii: "\""), 0x0A, 0x0D] { stops[Int(byte)] = true }
        self.stops = stops
    }

    /// The decoded bytes not yet parsed, for sniffing a delimiter.
    var pendingBytes: ArraySlice<UInt8> { buffer[position...] }

    /// The last record's cells as text (headers, map files: not the hot path).
    var cells: [String] {
        cellBytes.withUnsafeBufferPointer { bytes in
            var start = 0
            return cellEnds.map { end in
                defer { start = Int(end) }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<Int(end)]), as: UTF8.self)
            }
        }
    }

    mutating func append(_ more: [UInt8]) {
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: more)
    }

    mutating func markEnd() { atEnd = true }

    enum Step {
        /// A record, its cells in `cellBytes`/`cellEnds`, starting on this line.
        case record(line: Int)
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
        // The work is done on locals: properties changed inside the closures
        // below are checked for overlapping access at run time, byte by byte.
        var cellBytes: [UInt8] = []
        var cellEnds: [UInt32] = []
        swap(&cellBytes, &self.cellBytes)
        swap(&cellEnds, &self.cellEnds)
        cellBytes.removeAll(keepingCapacity: true)
        cellEnds.removeAll(keepingCapacity: true)
        var position = self.position
        let atEnd = self.atEnd
        let quote = self.quote, delimiter = self.delimiter
        defer {
            swap(&cellBytes, &self.cellBytes)
            swap(&cellEnds, &self.cellEnds)
            self.position = position
        }
        let outcome: Step? = try buffer.withUnsafeBufferPointer { (bytes) throws(CSVSyntaxError) -> Step? in
            try stops.withUnsafeBufferPointer { (stops) throws(CSVSyntaxError) -> Step? in
                var index = position
                let end = bytes.count
                while true {
                    // One field: plain bytes up to a stop byte, or a quoted run.
                    let fieldStart = index
                    if index < end && bytes[index] == quote {
                        index += 1
                        var runStart = index
                        var closed = false
                        while index < end {
                            let byte = bytes[index]
                            if byte == quote {
                                if index + 1 < end {
                                    cellBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                                    if bytes[index + 1] == quote {
                                        cellBytes.append(quote)
                                        index += 2
                                        runStart = index
                                        continue
                                    }
                                    index += 1
                                    closed = true
                                    break
                                }
                                guard atEnd else { return .needMoreInput }
                                cellBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                                index += 1
                                closed = true
                                break
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
                        }
                        if !closed {
                            guard atEnd else { return .needMoreInput }
                            throw CSVSyntaxError.unterminatedQuote(line: startLine)
                        }
                        // Text after the closing quote is kept as written (`"a"b` is `ab`), as spreadsheets read it.
                        // (Rare, so byte by byte: quotes here are ordinary bytes.)
                        let tailStart = index
                        while index < end, bytes[index] != delimiter, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
                        cellBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                    } else {
                        while index < end && !stops[Int(bytes[index])] { index += 1 }
                        // A quote inside an unquoted field is an ordinary byte.
                        while index < end && bytes[index] == quote {
                            index += 1
                            while index < end && !stops[Int(bytes[index])] { index += 1 }
                        }
                        cellBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]))
                    }
                    if index >= end {
                        guard atEnd else { return .needMoreInput }
                        cellEnds.append(UInt32(cellBytes.count))
                        position = end
                        return nil
                    }
                    let byte = bytes[index]
                    if byte == delimiter {
                        cellEnds.append(UInt32(cellBytes.count))
                        index += 1
                        continue
                    }
                    // A line break ends the record.
                    if byte == 0x0D && index + 1 >= end && !atEnd { return .needMoreInput }
                    cellEnds.append(UInt32(cellBytes.count))
                    index += (byte == 0x0D && index + 1 < end && bytes[index + 1] == 0x0A) ? 2 : 1
                    lines += 1
                    position = index
                    return nil
                }
            }
        }
        if let outcome { return outcome }
        line = startLine + lines
        return .record(line: startLine)
    }
}

/// Input that is not CSV, with the line it starts on.
enum CSVSyntaxError: Error, Equatable {
    case unterminatedQuote(line: Int)
}
