internal import CLibXML2
import Foundation

/// The `xml` reader on several threads. libxml2's parser costs more than
/// mapping a record, so one thread reading a document caps the run. This
/// reader cuts the document between records into pieces of about 128 KB
/// (`XMLChunkScanner`: nesting only, no parsing), wraps each in its open
/// ancestors' start and end tags (namespace declarations and all), and has
/// libxml2's SAX2 parser parse the pieces at once on other threads, with
/// the same safe settings (`XMLRecordReader` over the piece). Records,
/// their lines and numbers, and what was reported while reading each come
/// out in document order, as one reader over the file would give them.
///
/// Used for files whose pieces mean what the whole means: UTF-8, no document
/// type declaration (its entities would be missing from the pieces), and a
/// record path of element names (prefixed or not) from the document element down.
/// Anything else is read by one `XMLRecordReader`.
final class XMLParallelReader: RecordReader {
    let columns: [String]
    var inputDescription: String { "XML" }

    /// A piece being parsed, or parsed: its records, each with what was reported
    /// while reading up to it; what came after the last; the error that stopped it.
    private final class Piece: @unchecked Sendable {
        /// The piece's bytes, wrapped; the reader that parses them frees them.
        let document: UnsafeMutableRawBufferPointer
        let parsed = DispatchSemaphore(value: 0)
        /// (Appended to for every record, then moved to the reader, by one
        /// thread at a time and plain statements only: no run-time
        /// exclusivity check. Optional so that each record is moved out as
        /// it is handed on, not copied.)
        @exclusivity(unchecked) var records: [(record: SourceRecord, issues: [Issue])?] = []
        var trailingIssues: [Issue] = []
        var error: (any Error)?
        /// The piece's paths below its records (`XMLPathCensus`), made on its thread.
        var census: [XMLPathCensus.Entry] = []

        init(document: UnsafeMutableRawBufferPointer) {
            self.document = document
        }
    }

    /// What a piece reports while it is parsed, handed on when its records are.
    private final class CollectedIssues: IssueSink {
        @exclusivity(unchecked) var issues: [Issue] = []  // taken for every record
        func report(_ issue: Issue) { issues.append(issue) }
        func take() -> [Issue] {
            defer { issues = [] }
            return issues
        }
    }

    /// How to parse a piece: everything but the piece itself.
    private struct PieceParser: Sendable {
        let path: String
        let options: XMLOptions
        let columns: [String]
        /// Compiled once for all the pieces.
        let paths: XMLRecordReader.Paths

        func parse(_ piece: Piece, lineOffset: Int, recordOffset: Int) {
            let collected = CollectedIssues()
            do {
                let reader = try XMLRecordReader(path: path, input: .memory(piece.document), options: options, columns: columns,
                                                 paths: paths, issues: collected, lineOffset: lineOffset,
                                                 recordOffset: recordOffset)
                while let record = try reader.next() { piece.records.append((record, collected.take())) }
                piece.census = reader.census.entries
            } catch {
                piece.error = error
            }
            piece.trailingIssues = collected.take()
        }
    }

    static let blockSize = 256 << 10
    /// A piece ends at the first record end past this many bytes.
    static let pieceSize = 128 << 10
    /// Pieces parsed ahead of the one being handed out; bounds memory
    /// (about 300 KB each with their records). Fewer kept the piece threads
    /// waiting for room and the run waiting for pieces; more were no faster
    /// (docs/performance.md).
    static let piecesAhead = 5

    private let source: ByteSource
    private let issues: IssueSink
    private let parser: PieceParser
    private let pieceSize: Int
    private let workers: PieceWorkers

    // The cutting and handing-out state below changes at every element
    // scanned and every record handed out, on the run's thread only and by
    // plain statements of this class: `@exclusivity(unchecked)` spares each
    // access the run-time exclusivity check.
    @exclusivity(unchecked) private var scanner: XMLChunkScanner
    /// The document's bytes read and not yet cut off, from `pieceStart`
    /// (read straight into this memory, which the reader owns).
    private let pending = UnsafeMutablePointer.owning(ByteArena(capacity: 2 * blockSize))
    @exclusivity(unchecked) private var scanned = 0
    @exclusivity(unchecked) private var pieceStart = 0
    /// The line the next piece starts on, the start tags that open it, and the records before it.
    private var pieceLine = 1
    /// The paths below the records of the pieces handed out so far, added up.
    private var census: [XMLPathCensus.Entry] = []
    private var censusIndex: [String: Int] = [:]
    var pathCensus: [XMLPathCensus.Entry]? { census }
    /// The most bytes one record may take: a piece is cut at a record's end.
    private let maxRecordBytes: Int
    private var pieceOpening: [UInt8] = []
    private var recordsBefore = 0
    @exclusivity(unchecked) private var recordsInPiece = 0
    @exclusivity(unchecked) private var readToEnd = false
    @exclusivity(unchecked) private var cutToEnd = false

    @exclusivity(unchecked) private var ahead: [Piece] = []
    @exclusivity(unchecked) private var current: Piece?
    /// The current piece's records, moved out of it: handed out from here,
    /// each record is reached without the piece (a retain and a release).
    @exclusivity(unchecked) private var currentRecords: [(record: SourceRecord, issues: [Issue])?] = []
    @exclusivity(unchecked) private var handedOut = 0

    /// A reader of the XML document: in pieces on several threads when
    /// `threads` > 1 and the document allows it, else one libxml2 reader.
    static func open(source: ByteSource, options: XMLOptions, columns: [String], groups: [(path: String, columns: [String])],
                     threads: Int, issues: IssueSink, pieceSize: Int = XMLParallelReader.pieceSize) throws -> RecordReader {
        if threads > 1, let steps = plainRecordSteps(options), isRegularFile(source) {
            let inPieces = try readsInPieces(source, steps: steps)
            try source.rewind()
            if inPieces {
                let paths = try XMLRecordReader.Paths(path: source.displayPath, options: options, columns: columns, groups: groups)
                return XMLParallelReader(source: source, steps: steps, options: options, columns: columns, paths: paths,
                                         threads: threads, issues: issues, pieceSize: pieceSize)
            }
        }
        return try XMLRecordReader(source: source, options: options, columns: columns, groups: groups, issues: issues)
    }

    private init(source: ByteSource, steps: [XMLChunkScanner.Step], options: XMLOptions, columns: [String],
                 paths: XMLRecordReader.Paths, threads: Int, issues: IssueSink, pieceSize: Int) {
        // libxml2 must set up its globals on one thread before several use it.
        XMLSafety.setUp()
        self.source = source
        self.issues = issues
        self.columns = columns
        self.pieceSize = pieceSize
        maxRecordBytes = options.maxRecordBytes
        parser = PieceParser(path: source.displayPath, options: options, columns: columns, paths: paths)
        workers = PieceWorkers(threads: threads)
        scanner = XMLChunkScanner(recordSteps: steps)
    }

    deinit {
        // Pieces still parsing own their documents: the workers finish them, then end.
        workers.stop()
        pending.free()
    }

    /// The record path's steps when it is plain (`/a/b/c` or `/p:a/p:b/p:c`:
    /// no `//` or attribute tests) and two or more deep; nil otherwise.
    private static func plainRecordSteps(_ options: XMLOptions) -> [XMLChunkScanner.Step]? {
        guard let path = try? XMLPath(options.recordPath, namespaces: options.namespaces, relative: false),
              !path.anywhere, path.attribute == nil, path.elements.count >= 2,
              path.elements.allSatisfy({ $0.predicate == nil }) else { return nil }
        return path.elements.map { XMLChunkScanner.Step(namespace: $0.namespace.map { Array($0.utf8) }, localName: Array($0.localName.utf8)) }
    }

    /// Whether a regular file's first block (256 KB) says its pieces can be read
    /// alone: UTF-8, and the first record's end reached with no document
    /// type declaration before it. Reads from the start; the caller rewinds.
    private static func readsInPieces(_ source: ByteSource, steps: [XMLChunkScanner.Step]) throws -> Bool {
        var head: [UInt8] = []
        _ = try source.read(into: &head, count: blockSize)
        guard declaresUTF8(head) else { return false }
        var scanner = XMLChunkScanner(recordSteps: steps)
        var position = 0
        return head.withUnsafeBufferPointer { bytes in
            while true {
                switch scanner.scan(bytes, &position) {
                case .elementEnded: return true
                case .needsMore, .unsupported: return false
                }
            }
        }
    }

    /// Only a regular file can be read twice (its start, then all of it),
    /// and only an uncompressed one in pieces at offsets.
    private static func isRegularFile(_ source: ByteSource) -> Bool {
        source.isRegularFile && !source.isCompressed
    }

    /// No byte-order mark of UTF-16 or UTF-32, and no encoding but UTF-8 (or ASCII) declared.
    static func declaresUTF8(_ head: [UInt8]) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first, first == 0x3C, bytes.dropFirst().first != 0 else { return bytes.isEmpty }
        guard bytes.starts(with: Array("<?xml".utf8)),
              let end = bytes.firstRange(of: Array("?>".utf8))?.lowerBound else { return true }
        let declaration = String(decoding: bytes[..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return true }
        let value = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
            .prefix { $0 != "\"" && $0 != "'" && $0 != " " }
        return ["utf-8", "utf8", "us-ascii", "ascii"].contains(value.lowercased())
    }

    func next() throws -> SourceRecord? {
        while true {
            if handedOut < currentRecords.count {
                let taken = currentRecords[handedOut].take()
                handedOut += 1
                guard let (record, reported) = taken else { continue }
                for issue in reported { issues.report(issue) }
                return record
            }
            if let piece = current {
                currentRecords.removeAll(keepingCapacity: true)
                for issue in piece.trailingIssues { issues.report(issue) }
                current = nil
                if let error = piece.error {
                    // Nothing after an error is read, as with one reader.
                    cutToEnd = true
                    ahead.removeAll()
                    throw error
                }
            }
            while ahead.count < Self.piecesAhead, try cutPiece() {}
            guard !ahead.isEmpty else { return nil }
            let piece = ahead.removeFirst()
            piece.parsed.wait()
            current = piece
            XMLPathCensus.merge(piece.census, into: &census, index: &censusIndex)
            swap(&currentRecords, &piece.records)
            handedOut = 0
        }
    }

    /// Scans on to the next cut and sets the piece parsing; false when the document is all cut.
    private func cutPiece() throws -> Bool {
        guard !cutToEnd else { return false }
        while true {
            let event = scanner.scan(pending.pointee.all, &scanned)
            switch event {
            case .elementEnded(let isRecord):
                if isRecord { recordsInPiece += 1 }
                if scanned - pieceStart >= pieceSize {
                    cut(at: scanned, last: false)
                    return true
                }
            case .needsMore where !readToEnd:
                if pending.pointee.count - pieceStart > maxRecordBytes + pieceSize {
                    // A record that never ends (pieces are cut only at a record's end): what is
                    // read so far is the last piece, whose reader refuses the record at its line.
                    cut(at: pending.pointee.count, last: true)
                    cutToEnd = true
                    return true
                }
                if pieceStart > 0 {
                    pending.pointee.removeFirst(pieceStart)
                    scanned -= pieceStart
                    pieceStart = 0
                }
                if try source.read(into: &pending.pointee, count: Self.blockSize) == 0 { readToEnd = true }
            case .needsMore, .unsupported:
                // The rest is one piece; libxml2 says what is wrong with it, if anything.
                cut(at: pending.pointee.count, last: true)
                return true
            }
        }
    }

    /// Sets `pending[pieceStart..<end]`, wrapped in its ancestors' tags, parsing.
    private func cut(at end: Int, last: Bool) {
        let closing = last ? [] : scanner.closingTags
        let body = pending.pointee.bytes(pieceStart, end)
        let document = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceOpening.count + body.count + closing.count,
                                                              alignment: 1)
        var filled = 0
        func append(_ bytes: UnsafeRawBufferPointer) {
            guard let from = bytes.baseAddress, let to = document.baseAddress else { return }
            to.advanced(by: filled).copyMemory(from: from, byteCount: bytes.count)
            filled += bytes.count
        }
        pieceOpening.withUnsafeBytes(append)
        append(UnsafeRawBufferPointer(body))
        closing.withUnsafeBytes(append)
        let openingNewlines = pieceOpening.withUnsafeBufferPointer(Self.newlines)
        let lineOffset = pieceLine - 1 - openingNewlines
        let newlines = Self.newlines(body)
        let piece = Piece(document: document)
        ahead.append(piece)
        let (parser, recordOffset) = (parser, recordsBefore)
        workers.add {
            parser.parse(piece, lineOffset: lineOffset, recordOffset: recordOffset)
            piece.parsed.signal()
        }
        pieceLine += newlines
        recordsBefore += recordsInPiece
        recordsInPiece = 0
        pieceStart = end
        pieceOpening = last ? [] : scanner.openingTags
        if last { cutToEnd = true }
    }

    private static func newlines(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard var at = buffer.baseAddress else { return 0 }
        let end = at + buffer.count
        var count = 0
        while at < end, let found = memchr(at, 0x0A, end - at) {
            count += 1
            at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }
}

/// Threads of their own that parse pieces, as many as the run has: not
/// Dispatch's pool, whose threads come and go, since glibc gives every
/// thread that allocates an arena of its own and each arena keeps what was
/// freed into it (records made on one thread are freed on another).
private final class PieceWorkers: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopped = false

    init(threads: Int) {
        for number in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "htcds xml \(number)"
            thread.start()
        }
    }

    func add(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end once the jobs given are done.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
