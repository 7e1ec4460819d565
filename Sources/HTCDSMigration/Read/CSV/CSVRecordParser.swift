/// Splits UTF-8 bytes into CSV records (RFC 4180: quoted fields may hold
/// delimiters, doubled quotes and line breaks; records end at LF, CRLF or CR).
/// Bytes arrive in chunks; a record cut by a chunk edge is parsed again once
/// the next chunk is in, so no quoted field or character is ever split.
///
/// A record's cells are not copied: each is a range of the record's bytes
/// (`cellStarts`/`cellEnds`, from the record's first byte), except a quoted
/// field whose doubled quotes or trailing text must be rewritten, which goes
/// to `extra` and is addressed past the record's end. Valid until the next
/// call; `withLastRecord` hands both out. A class: the reader asks it for
/// every record, and a struct in a class's property was copied for each ask.
///
/// Its state is read and changed for every record, and only by this class's
/// own statements on the reading thread (never lent `inout` to code that
/// could reach it again): `@exclusivity(unchecked)` spares each access the
/// run-time exclusivity check (a call and a thread-local lookup).
final class CSVRecordParser {
    let delimiter: UInt8
    let quote: UInt8 = UInt8(ascii: "\"")
    /// The decoded bytes read and not yet dropped. Buffers of the parser's
    /// own, not arrays: lent out for every record, an array's storage would
    /// be retained and released each time (atomic writes).
    @exclusivity(unchecked) private var buffer = ByteArena(capacity: 1 << 16)
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var atEnd = false
    /// The last record's bytes in `buffer`.
    @exclusivity(unchecked) private var recordStart = 0
    @exclusivity(unchecked) private var recordEnd = 0
    /// Rewritten cells of the last record.
    /// (Behind a pointer: reached from the parsing loop without going through `self`.)
    private let extra = UnsafeMutablePointer.owning(ByteArena())
    /// What ends an unquoted field, and what ends a run of quoted text (the
    /// quote, or a line break to count).
    private let fieldEnds: ByteStops
    private let quotedTextEnds: ByteStops
    /// Where the last record's cells start and end.
    @exclusivity(unchecked) private var bounds = CellBounds()
    var cellStarts: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: bounds.starts, count: bounds.count) }
    var cellEnds: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: bounds.ends, count: bounds.count) }

    deinit {
        bounds.free()
        extra.free()
    }

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        fieldEnds = ByteStops(delimiter, 0x0A, 0x0D)
        quotedTextEnds = ByteStops(quote, 0x0A, 0x0D)
    }

    /// The last record: its bytes, its rewritten cells, and each cell's range
    /// in the two put end to end.
    func withLastRecord<Result>(_ body: (_ record: UnsafeBufferPointer<UInt8>, _ extra: UnsafeBufferPointer<UInt8>,
                                         _ starts: UnsafeBufferPointer<UInt32>,
                                         _ ends: UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        body(buffer.bytes(recordStart, recordEnd), extra.pointee.all, cellStarts, cellEnds)
    }

    /// The last record's cells as text (headers, map files: not the hot path).
    var cells: [String] {
        withLastRecord { record, extra, starts, ends in
            zip(starts, ends).map { start, end in
                String(decoding: Self.cell(Int(start), Int(end), record, extra), as: UTF8.self)
            }
        }
    }

    /// A cell's bytes, from the record or, past its end, from the rewritten cells.
    static func cell(_ start: Int, _ end: Int, _ record: UnsafeBufferPointer<UInt8>,
                     _ extra: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if start >= record.count && end > start {
            return UnsafeBufferPointer(rebasing: extra[(start - record.count)..<(end - record.count)])
        }
        return UnsafeBufferPointer(rebasing: record[start..<end])
    }

    func append(_ more: [UInt8]) {
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(more)
    }

    func markEnd() { atEnd = true }

    /// Bytes held that no record has taken yet (the record under way), and its line.
    var pendingBytes: Int { buffer.count - position }
    var pendingLine: Int { line }

    enum Step {
        /// A record, its cells as `withLastRecord` gives them, starting on this line.
        case record(line: Int)
        case needMoreInput
        case end
    }

    /// The next complete record, or what is needed to finish one.
    func next() throws(CSVSyntaxError) -> Step {
        if position >= buffer.count {
            return atEnd ? .end : .needMoreInput
        }
        let startLine = line
        var lines = 0
        // The work is done on locals where it can be: a class's properties are
        // reached through `self` at every use.
        let extra = self.extra
        extra.pointee.removeAll()
        // A copy of the bounds (their memory is the parser's), written back at the end.
        var bounds = self.bounds
        bounds.count = 0
        var position = self.position
        let recordStart = position
        var recordEnd = position
        /// Cells rewritten into `extra`: their ranges are fixed up once the record's length is known.
        var rewritten = false
        let atEnd = self.atEnd
        let quote = self.quote, delimiter = self.delimiter
        let fieldEnds = self.fieldEnds, quotedTextEnds = self.quotedTextEnds
        defer {
            self.bounds = bounds
            self.position = position
        }
        // (The buffer is not appended to while a record is parsed: its bytes stay where they are.)
        let outcome: Step? = try buffer.withValues { (bytes) throws(CSVSyntaxError) -> Step? in
            var index = position
            let end = bytes.count
            while true {
                // One field: plain bytes up to a stop byte, or a quoted run.
                if index < end && bytes[index] == quote {
                    index += 1
                    let contentStart = index
                    var contentEnd = index
                    var escaped = false
                    var closed = false
                    while index < end {
                        index = quotedTextEnds.first(in: bytes, from: index)
                        guard index < end else { break }
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < end {
                                if bytes[index + 1] == quote {
                                    escaped = true
                                    index += 2
                                    continue
                                }
                                contentEnd = index
                                index += 1
                                closed = true
                                break
                            }
                            guard atEnd else { return .needMoreInput }
                            contentEnd = index
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
                    // Text after the closing quote is kept as written (`"a"b` is `ab`), as
                    // spreadsheets read it. (Rare, so byte by byte: quotes there are ordinary.)
                    let tailStart = index
                    while index < end, bytes[index] != delimiter, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
                    if !escaped && tailStart == index {
                        bounds.append(UInt32(contentStart - recordStart), UInt32(contentEnd - recordStart))
                    } else {
                        // Doubled quotes made single, the tail after: a cell of its own in `extra`.
                        let cellStart = extra.pointee.count
                        var at = contentStart
                        while at < contentEnd {
                            extra.pointee.append(bytes[at])
                            at += bytes[at] == quote ? 2 : 1
                        }
                        extra.pointee.append(UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                        bounds.append(UInt32(cellStart) | Self.inExtra, UInt32(extra.pointee.count) | Self.inExtra)
                        rewritten = true
                    }
                } else {
                    // (A quote inside an unquoted field is an ordinary byte.)
                    index = Self.plainFields(bytes, from: index, recordStart: recordStart, delimiter: delimiter,
                                             quote: quote, stops: fieldEnds, into: &bounds)
                }
                if index >= end {
                    guard atEnd else { return .needMoreInput }
                    recordEnd = end
                    position = end
                    return nil
                }
                let byte = bytes[index]
                if byte == delimiter {
                    index += 1
                    continue
                }
                // A line break ends the record.
                if byte == 0x0D && index + 1 >= end && !atEnd { return .needMoreInput }
                recordEnd = index
                index += (byte == 0x0D && index + 1 < end && bytes[index + 1] == 0x0A) ? 2 : 1
                lines += 1
                position = index
                return nil
            }
        }
        if let outcome { return outcome }
        if rewritten {
            // Rewritten cells are addressed past the record's end.
            let length = UInt32(recordEnd - recordStart)
            for index in 0..<bounds.count where bounds.starts[index] & Self.inExtra != 0 {
                bounds.starts[index] = bounds.starts[index] & ~Self.inExtra + length
                bounds.ends[index] = bounds.ends[index] & ~Self.inExtra + length
            }
        }
        self.recordStart = recordStart
        self.recordEnd = recordEnd
        line = startLine + lines
        return .record(line: startLine)
    }

    /// Unquoted fields from `start` (the first one's first byte, not a
    /// quote), their bounds appended, up to a line break, a field that starts
    /// with a quote, or the bytes' end; returns the stop byte's index (or the
    /// end) after the last field appended. Eight bytes at a time, each
    /// delimiter and line break in a word marked and the marks walked in
    /// order: a search from each field's start (a few bytes, nearly always)
    /// cost more to set up than its looking.
    @inline(__always)
    private static func plainFields(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, recordStart: Int, delimiter: UInt8,
                                    quote: UInt8, stops: ByteStops, into bounds: inout CellBounds) -> Int {
        var fieldStart = start
        var index = start
        while index &+ 8 <= bytes.count {
            var marks = stops.marks(in: ByteWords.load(bytes, at: index))
            while marks != 0 {
                let at = index &+ ByteWords.firstMarked(marks)
                marks &= marks &- 1
                let byte = bytes[at]
                if byte == delimiter {
                    bounds.append(UInt32(fieldStart &- recordStart), UInt32(at &- recordStart))
                    fieldStart = at &+ 1
                    // A quoted field is the caller's: it goes on from the delimiter.
                    if fieldStart < bytes.count && bytes[fieldStart] == quote { return at }
                } else if byte == 0x0A || byte == 0x0D {
                    bounds.append(UInt32(fieldStart &- recordStart), UInt32(at &- recordStart))
                    return at
                }
            }
            index &+= 8
        }
        // Fewer than eight bytes left: the last field's end searched for.
        let stop = stops.first(in: bytes, from: fieldStart)
        bounds.append(UInt32(fieldStart &- recordStart), UInt32(stop &- recordStart))
        return stop
    }

    /// Marks, while a record is parsed, a range in `extra`.
    private static let inExtra: UInt32 = 1 << 31
}

/// A record's cells' starts and ends, in memory the parser owns and writes
/// without an array's uniqueness and capacity checks (two appends a cell
/// were a third of parsing a row).
private struct CellBounds {
    private(set) var starts: UnsafeMutablePointer<UInt32>
    private(set) var ends: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    var count = 0

    init() {
        capacity = 64
        starts = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func append(_ start: UInt32, _ end: UInt32) {
        if count == capacity { grow() }
        starts[count] = start
        ends[count] = end
        count += 1
    }

    private mutating func grow() {
        capacity *= 2
        starts = Self.moved(starts, count: count, capacity: capacity)
        ends = Self.moved(ends, count: count, capacity: capacity)
    }

    /// The first `count` values in new memory of `capacity`; the old freed.
    private static func moved(_ old: UnsafeMutablePointer<UInt32>, count: Int,
                              capacity: Int) -> UnsafeMutablePointer<UInt32> {
        let larger = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        larger.update(from: old, count: count)
        old.deallocate()
        return larger
    }

    func free() {
        starts.deallocate()
        ends.deallocate()
    }
}

/// Input that is not CSV, with the line it starts on.
enum CSVSyntaxError: Error, Equatable {
    case unterminatedQuote(line: Int)
}
