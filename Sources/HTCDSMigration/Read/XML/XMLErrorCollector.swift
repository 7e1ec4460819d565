internal import CLibXML2
import Foundation

/// Turns libxml2's messages into issues (warnings and errors) and keeps the
/// first fatal error as the error that stops the run, with its line and column.
final class XMLErrorCollector {
    private let path: String
    /// Added to libxml2's lines: a piece of a document starts part-way down it.
    private let lineOffset: Int
    /// Where `report` sends issues (the `xml` reader queues them itself).
    private let issues: IssueSink?
    private(set) var fatal: InputError?

    init(path: String, lineOffset: Int = 0, issues: IssueSink? = nil) {
        self.path = path
        self.lineOffset = lineOffset
        self.issues = issues
    }

    /// Collects a message, reporting its issue to `issues`.
    func report(_ error: xmlError) {
        if let issue = collect(error) { issues?.report(issue) }
    }

    /// Where a message is; libxml2 gives line 0 to what it raised outside the parser.
    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line > 0 ? line : nil, column: line > 0 && column > 0 ? column : nil)
    }

    /// libxml2's message without what it quotes of the document: the names
    /// and values it inserts (its `str1` to `str3`: an element's name can be
    /// a person's, `<Ioana-Popescu>`) become "…", and only its first line is
    /// kept (a second lists the bytes that failed to decode).
    static func withoutDocumentText(_ error: xmlError) -> String {
        guard let raw = error.message else { return "XML error" }
        var message = String(cString: raw)
        if let newline = message.firstIndex(of: "\n") { message = String(message[..<newline]) }
        let inserted = [error.str1, error.str2, error.str3].compactMap { $0.map { String(cString: $0) } }
            .filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        for text in inserted { message = message.replacingOccurrences(of: text, with: "…") }
        message = message.trimmingCharacters(in: .whitespaces)
        return message.isEmpty ? "XML error" : message
    }

    /// The issue a message is, or nil for a fatal error (kept in `fatal`).
    func collect(_ error: xmlError) -> Issue? {
        let message = Self.withoutDocumentText(error)
        let line = error.line > 0 ? Int(error.line) + lineOffset : 0
        let column = Int(error.int2)
        switch error.level {
        case XML_ERR_FATAL:
            if fatal == nil {
                fatal = InputError(path: path, message: "is not well-formed XML: \(message)",
                                   line: line > 0 ? line : nil, column: column > 0 ? column : nil)
            }
            return nil
        case XML_ERR_ERROR:
            return Issue(.xmlMessage(message), .error, at: location(line, column))
        default:
            return Issue(.xmlMessage(message), .warning, at: location(line, column))
        }
    }
}
