internal import CLibXML2
import Foundation

/// libxml2's SAX2 parser over one XML input, calling its handler back for
/// each start tag, end tag and run of text (no tree is built). A file is
/// pushed to it a block at a time, so memory stays flat whatever the file's
/// size; a document already in memory (a piece of a file, `XMLParallelReader`)
/// is parsed whole. Safe by default, like every libxml2 parser here
/// (`XMLSafety.parserOptions`): no network, no DTD loading, entities never
/// substituted (an external one reads nothing), libxml2's error printing
/// replaced by the handler's own.
///
/// Chosen over libxml2's text reader (xmlTextReader), which is built on this
/// same parser and then makes, hands out and frees a node for everything it
/// reads: nearly twice the work a record (`Benchmarks/libxml2-readers.sh`).
final class XMLSAXParser {
    /// What libxml2 reads: an open file, or a document in memory that the
    /// parser takes over (and frees).
    enum Input {
        case file(ByteSource)
        case memory(UnsafeMutableRawBufferPointer)
        /// A member of a ZIP archive (a workbook's part), pushed a chunk at a time.
        case member(ZIPMemberStream)

        /// Frees a document in memory (a file closes with its source).
        func release() {
            if case .memory(let bytes) = self { bytes.deallocate() }
        }
    }

    /// Bytes given to the parser at a time: its work per call, and the
    /// records it can finish before the reader hands them on.
    static let blockSize = 64 << 10

    let context: xmlParserCtxtPtr
    private let input: Input
    /// Whether the parser was told the document ended.
    private(set) var ended = false

    /// A parser of `input` calling `handler` back; the callbacks receive the
    /// parser's context, whose `_private` the owner sets to find itself.
    /// Takes `input` over: released with the parser, or here on failure.
    init(path: String, input: Input, handler: xmlSAXHandler) throws {
        XMLSafety.setUp()
        var handler = handler
        let made: xmlParserCtxtPtr?
        switch input {
        case .file, .member:
            // The encoding is found from the first bytes given (a byte-order
            // mark or the declaration), as when the file's first bytes come here.
            made = xmlCreatePushParserCtxt(&handler, nil, nil, 0, path)
        case .memory(let bytes):
            // (libxml2 counts a document in memory in an Int32.)
            guard bytes.count <= Int32.max else {
                input.release()
                throw InputError(path: path, message: "holds a record too large to read (over 2 GB)")
            }
            made = xmlCreateMemoryParserCtxt(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
            // Its handler is libxml2's own copy of the defaults: overwritten.
            made?.pointee.sax?.pointee = handler
        }
        guard let context = made else {
            input.release()
            throw InputError(path: path, message: "cannot be read as XML")
        }
        xmlCtxtUseOptions(context, XMLSafety.parserOptions)
        self.context = context
        self.input = input
    }

    deinit {
        // The default handlers of the document type (entity declarations)
        // keep them in a document without elements; it is the caller's to free.
        if let document = context.pointee.myDoc { xmlFreeDoc(document) }
        xmlFreeParserCtxt(context)
        input.release()
    }

    /// The line the parser is on (exact however long the document).
    var line: Int {
        guard let input = context.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    /// Gives the parser the next block, and the document's end after the
    /// last; returns libxml2's status (0: no error so far).
    func parseNextBlock() throws -> Int32 {
        switch input {
        case .file(let source):
            var status: Int32 = 0
            let got = try source.read(count: Self.blockSize) { bytes in
                status = bytes.withMemoryRebound(to: CChar.self) { xmlParseChunk(context, $0.baseAddress, Int32($0.count), 0) }
            }
            guard got == 0 else { return status }
            ended = true
            return xmlParseChunk(context, nil, 0, 1)
        case .member(let stream):
            if let chunk = try stream.next() {
                return chunk.withUnsafeBytes { bytes in
                    xmlParseChunk(context, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), 0)
                }
            }
            ended = true
            return xmlParseChunk(context, nil, 0, 1)
        case .memory:
            // All at once: a document in memory is parsed as a whole, without
            // the push parser's checking, before each step, that the bytes
            // it needs have come.
            ended = true
            return xmlParseDocument(context)
        }
    }

    /// Stops the parser where it is: nothing more is called back.
    func stop() {
        xmlStopParser(context)
    }
}

/// The settings every libxml2 parser here uses.
enum XMLSafety {
    /// No network, big line numbers; never NOENT (with it an external entity
    /// is read even under NONET), DTDLOAD or HUGE.
    static let parserOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Sets libxml2's globals up (once; first on one thread, before several
    /// parse), and swallows what reaches its process-wide error handlers, which
    /// print document text (personal data included) to stderr: each parser
    /// has a handler of its own.
    static func setUp() {
        htcds_xml_silence_global_errors()
        xmlInitParser()
    }

    /// libxml2's error handlers are the thread's own: this thread's swallow
    /// again what a reader routed to its collector while it parsed.
    static func silenceThisThread() {
        htcds_xml_silence_global_errors()
    }
}
