import Foundation

/// A byte source decoded to UTF-8 chunk by chunk: byte-order marks honoured
/// and dropped, `auto` settled by one fast validating pass over a file before
/// parsing, and bytes that are not what the encoding promises reported once.
final class UTF8Stream {
    private let source: ByteSource
    private let chunkSize: Int
    private let issues: IssueSink
    private var transcoder: UTF8Transcoder
    /// (Asked after every row: no run-time exclusivity check, plain statements only.)
    @exclusivity(unchecked) private var validator: UTF8Validator?
    private var raw: [UInt8] = []
    private var finished = false
    private var startChecked = false
    /// The encoding in use, as reported ("utf-8", "windows-1252 (detected)").
    private(set) var encodingName: String

    /// `threads`: how many may validate a file `auto` has to decide.
    init(source: ByteSource, encoding: TextEncoding, chunkSize: Int, issues: IssueSink, threads: Int = 1) throws {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        self.issues = issues
        var chosen = encoding
        if encoding == .auto {
            guard !source.isStandardInput else {
                throw InputError(path: source.displayPath, message:
                    "standard input needs an explicit encoding (utf-8, utf-16, windows-1252, latin-1), not auto")
            }
            // `auto` reads the input twice: a pipe or a device cannot be (and may never end).
            guard source.isRegularFile else {
                throw InputError(path: source.displayPath, message:
                    "is not a regular file (a pipe or a device): give its encoding (utf-8, utf-16, windows-1252, latin-1), not auto")
            }
            if threads > 1, let size = source.fileSize, size >= UTF8Stream.sizeValidatedInPieces {
                chosen = try UTF8Stream.detect(source, size: size, pieces: min(threads, 8))
            } else {
                chosen = try UTF8Stream.detect(source, chunkSize: self.chunkSize)
            }
            if chosen == .windows1252 {
                issues.report(Issue(.readAsWindows1252, .info, at: SourceLocation(file: source.displayPath)))
            }
        }
        encodingName = chosen.rawValue + (encoding == .auto && chosen == .windows1252 ? " (detected)" : "")
        transcoder = UTF8Transcoder(UTF8Stream.transcoderSource(chosen))
        // A file `auto` found valid UTF-8 was validated whole already: not twice.
        validator = encoding == .utf8 ? UTF8Validator() : nil
    }

    private static func transcoderSource(_ encoding: TextEncoding) -> UTF8Transcoder.Source {
        switch encoding {
        case .utf8, .auto: .utf8
        case .utf16, .utf16LE: .utf16(bigEndian: false)
        case .utf16BE: .utf16(bigEndian: true)
        case .windows1252: .windows1252
        case .latin1: .latin1
        }
    }

    /// The encoding of a file by its byte-order mark, else by validating it as UTF-8.
    private static func detect(_ source: ByteSource, chunkSize: Int) throws -> TextEncoding {
        var validator = UTF8Validator()
        var bom: ByteOrderMark?
        var first = true
        // Validated where the bytes were read to, in large reads: this pass
        // reads the whole file before the run starts.
        while try source.read(count: max(chunkSize, 256 << 10), { bytes in
            if first {
                first = false
                bom = ByteOrderMark(Array(bytes.prefix(4)))
            }
            if bom == nil { validator.consume(bytes) }
        }) > 0 {
            if bom != nil || !validator.isValid { break }
        }
        try source.rewind()
        if let bom { return bom.encoding }
        validator.finish()
        return validator.isValid ? .utf8 : .windows1252
    }

    /// Files from this size on are validated in pieces on several threads
    /// when `auto` has to decide: the pass comes before the first record,
    /// with the other cores idle.
    static let sizeValidatedInPieces = 8 << 20

    /// `detect` for a file of `size` bytes, its pieces validated at once:
    /// each piece after the first starts at a character's first byte.
    static func detect(_ source: ByteSource, size: Int, pieces: Int) throws -> TextEncoding {
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 1)
        defer { head.deallocate() }
        let headCount = try source.read(at: 0, into: head)
        if let bom = ByteOrderMark(Array(head.prefix(headCount))) { return bom.encoding }
        var starts = (0...pieces).map { size / pieces * $0 }
        starts[pieces] = size
        for piece in 1..<pieces { starts[piece] = try characterStart(in: source, from: starts[piece], before: size) }
        return try PiecewiseValidation(source: source, starts: starts).allValid() ? .utf8 : .windows1252
    }

    /// The first offset from `offset` on that is not a continuation byte
    /// (at most three on: a fourth is invalid wherever the piece starts).
    private static func characterStart(in source: ByteSource, from offset: Int, before size: Int) throws -> Int {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 3, alignment: 1)
        defer { bytes.deallocate() }
        let count = try source.read(at: offset, into: bytes)
        var start = offset
        while start - offset < count, bytes[start - offset] & 0xC0 == 0x80 { start += 1 }
        return min(start, size)
    }

    /// Whether the bytes from `start` to `end` are well-formed UTF-8, a sequence cut short at `end` not.
    fileprivate static func isValidUTF8(_ source: ByteSource, from start: Int, to end: Int) throws -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 8)
        defer { buffer.deallocate() }
        var validator = UTF8Validator()
        var offset = start
        while offset < end && validator.isValid {
            let got = try source.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, end - offset)]))
            guard got > 0 else { break }
            validator.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<got]).assumingMemoryBound(to: UInt8.self))
            offset += got
        }
        validator.finish()
        return validator.isValid
    }

    /// Whether every byte handed out so far is well-formed UTF-8 (transcoded
    /// bytes always are; a file `auto` validated whole is). A record ends at
    /// an ASCII byte, so one cut short mid-character is caught by then.
    var isValidSoFar: Bool { validator?.isValid ?? true }

    /// Appends the next decoded bytes to `output`; false once the input is exhausted.
    func fill(_ output: inout [UInt8]) throws -> Bool {
        guard !finished else { return false }
        raw.removeAll(keepingCapacity: true)
        let count = try source.read(into: &raw, count: chunkSize)
        if !startChecked {
            // A byte-order mark needs up to three bytes, whatever the chunk size.
            while raw.count < 3, try source.read(into: &raw, count: 3 - raw.count) > 0 {}
            startChecked = true
            if let bom = ByteOrderMark(raw) {
                raw.removeFirst(bom.length)
                transcoder = UTF8Transcoder(UTF8Stream.transcoderSource(bom.encoding))
                validator = bom.encoding == .utf8 ? UTF8Validator() : nil
                encodingName = bom.encoding == .utf8 ? "utf-8 (byte-order mark)" : bom.encoding.rawValue
            }
        }
        if count == 0 && raw.isEmpty {
            finished = true
            transcoder.finish(into: &output)
            finishChecks()
            return false
        }
        raw.withUnsafeBufferPointer { bytes in
            validator?.consume(bytes)
            transcoder.transcode(bytes, into: &output)
        }
        return true
    }

    private func finishChecks() {
        validator?.finish()
        if let offset = validator?.firstInvalidOffset {
            issues.report(Issue(.invalidUTF8Replaced(fromByte: offset), .warning, at: SourceLocation(file: source.displayPath)))
        }
        if transcoder.replacements > 0 {
            issues.report(Issue(.unpairedUTF16Replaced(count: transcoder.replacements), .warning,
                                at: SourceLocation(file: source.displayPath)))
        }
    }
}

/// A file's pieces (`starts[k]..<starts[k + 1]`) validated as UTF-8 at once,
/// one thread a piece. Each thread writes only its own piece's outcome, and
/// they are read after all are done; the file is read with `pread`, which
/// leaves its position alone. Hence unchecked.
private final class PiecewiseValidation: @unchecked Sendable {
    private let source: ByteSource
    private let starts: [Int]
    private let outcomes: UnsafeMutableBufferPointer<Result<Bool, any Error>>

    init(source: ByteSource, starts: [Int]) {
        self.source = source
        self.starts = starts
        outcomes = .allocate(capacity: starts.count - 1)
        outcomes.initialize(repeating: .success(true))
    }

    deinit { outcomes.deinitialize().deallocate() }

    func allValid() throws -> Bool {
        DispatchQueue.concurrentPerform(iterations: outcomes.count) { piece in
            outcomes[piece] = Result { try UTF8Stream.isValidUTF8(source, from: starts[piece], to: starts[piece + 1]) }
        }
        for outcome in outcomes where try !outcome.get() { return false }
        return true
    }
}

/// A byte-order mark at the start of a file.
struct ByteOrderMark {
    let encoding: TextEncoding
    let length: Int

    init?(_ bytes: [UInt8]) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            (encoding, length) = (.utf8, 3)
        } else if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            (encoding, length) = (.utf16LE, 2)
        } else if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            (encoding, length) = (.utf16BE, 2)
        } else {
            return nil
        }
    }
}
