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

    /// The issue a message is, or nil for a fatal error (kept in `fatal`).
    func collect(_ error: xmlError) -> Issue? {
        let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "XML error"
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
            return Issue(.xmlWarning, .error, message, at: SourceLocation(file: path, line: line, column: column))
        default:
            return Issue(.xmlWarning, .warning, message, at: SourceLocation(file: path, line: line, column: column))
        }
    }
}
