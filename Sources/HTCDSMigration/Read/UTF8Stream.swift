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

    init(source: ByteSource, encoding: TextEncoding, chunkSize: Int, issues: IssueSink) throws {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        self.issues = issues
        var chosen = encoding
        if encoding == .auto {
            guard !source.isStandardInput else {
                throw InputError(path: source.displayPath, message:
                    "standard input needs an explicit encoding (utf-8, utf-16, windows-1252, latin-1), not auto")
            }
            chosen = try UTF8Stream.detect(source, chunkSize: self.chunkSize)
            if chosen == .windows1252 {
                issues.report(Issue(.encodingDetected, .info,
                    "not valid UTF-8: read as Windows-1252 (set encoding: to choose another)",
                    at: SourceLocation(file: source.displayPath)))
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
            issues.report(Issue(.encodingDetected, .warning,
                "bytes that are not UTF-8 from byte \(offset) on were replaced by U+FFFD; set encoding: windows-1252 or latin-1 if the file is not UTF-8",
                at: SourceLocation(file: source.displayPath)))
        }
        if transcoder.replacements > 0 {
            issues.report(Issue(.encodingDetected, .warning,
                "\(transcoder.replacements) UTF-16 code units without their pair were replaced by U+FFFD",
                at: SourceLocation(file: source.displayPath)))
        }
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
