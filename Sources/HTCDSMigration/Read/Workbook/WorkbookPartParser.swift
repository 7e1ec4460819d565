internal import CLibXML2
import Foundation

/// What reads one XML part of a workbook (a sheet, the shared strings, the
/// styles, the list of sheets): called for each start tag, end tag and run of
/// text. Names are local names (workbook parts use one namespace each).
protocol WorkbookPartHandler: AnyObject {
    func elementStarted(_ name: XMLLocalName, _ attributes: XMLAttributes)
    func elementEnded(_ name: XMLLocalName)
    func textFound(_ text: UnsafeBufferPointer<UInt8>)
}

/// An element's local name as libxml2 gives it (NUL-terminated, valid during the call).
struct XMLLocalName {
    let bytes: UnsafePointer<UInt8>

    static func == (name: XMLLocalName, text: StaticString) -> Bool {
        strcmp(UnsafeRawPointer(name.bytes).assumingMemoryBound(to: CChar.self),
               UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }
}

/// libxml2's SAX parser over one member of a workbook's ZIP archive, a
/// chunk at a time (`XMLSAXParser`), calling a `WorkbookPartHandler` back:
/// no part is ever held whole, nor made a tree.
final class WorkbookPartParser {
    private let parser: XMLSAXParser
    private let errors: XMLErrorCollector
    /// Unowned: the handler owns its parser.
    private unowned let handler: any WorkbookPartHandler
    /// The part's name and the workbook's path, for messages.
    private let partName: String
    private(set) var ended = false

    init(stream: ZIPMemberStream, displayPath: String, handler: any WorkbookPartHandler) throws {
        partName = "\(displayPath) (\(stream.member))"
        errors = XMLErrorCollector(path: partName)
        self.handler = handler
        parser = try XMLSAXParser(path: partName, input: .member(stream), handler: Self.callbacks())
        parser.context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
    }

    /// The line of the part the parser is on.
    var line: Int { parser.line }

    /// Parses the next chunk, calling the handler back; false at the end.
    func parseNext() throws -> Bool {
        guard !ended else { return false }
        let status = try parser.parseNextBlock()
        // (A parser stopped by its handler reports the stop as an error.)
        if ended { return false }
        if let fatal = errors.fatal { throw fatal }
        if status != 0 { throw InputError(path: partName, message: "is not well-formed XML", line: parser.line) }
        ended = parser.ended
        return !ended
    }

    /// Stops at once: nothing more is called back (the handler found what it wanted).
    func stop() {
        parser.stop()
        ended = true
    }

    private static func callbacks() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        xmlSAXVersion(&handler, 2)
        handler.startElementNs = { context, local, _, _, _, _, count, defaulted, attributes in
            guard let local else { return }
            WorkbookPartParser.withParser(context) { parser in
                parser.handler.elementStarted(XMLLocalName(bytes: local),
                                              XMLAttributes(values: attributes, count: Int(count - defaulted),
                                                            context: parser.parser.context))
            }
        }
        handler.endElementNs = { context, local, _, _ in
            guard let local else { return }
            WorkbookPartParser.withParser(context) { $0.handler.elementEnded(XMLLocalName(bytes: local)) }
        }
        handler.characters = { context, text, length in
            guard let text else { return }
            WorkbookPartParser.withParser(context) { $0.handler.textFound(UnsafeBufferPointer(start: text, count: Int(length))) }
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        // Entities are never substituted: a part that declares any is not one Excel or LibreOffice wrote.
        handler.reference = nil
        handler.serror = { context, error in
            guard let error else { return }
            WorkbookPartParser.withParser(context) { _ = $0.errors.collect(error.pointee) }
        }
        (handler.warning, handler.error, handler.fatalError) = (nil, nil, nil)
        return handler
    }

    private static func withParser(_ context: UnsafeMutableRawPointer?, _ body: (WorkbookPartParser) -> Void) {
        guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self), let owner = parser.pointee._private else { return }
        Unmanaged<WorkbookPartParser>.fromOpaque(owner)._withUnsafeGuaranteedRef { reader in
            if reader.parser.context == parser { body(reader) }
        }
    }
}
