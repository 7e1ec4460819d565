import Foundation
import HTCDSMigration

/// Mapping errors as compilers print them: `file:line:column: error: message`,
/// then the line of the file and a caret under the spot.
enum MappingErrorRendering {
    static let quotedLength = 160

    static func render(_ errors: MappingErrors) -> String {
        var files: [String: [Substring]] = [:]
        var out: [String] = []
        for error in errors.errors {
            out.append(error.description)
            guard let line = error.location.line, line > 0 else { continue }
            if files[error.location.file] == nil {
                let text = (try? String(contentsOfFile: error.location.file, encoding: .utf8)) ?? ""
                files[error.location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            guard let lines = files[error.location.file], line <= lines.count else { continue }
            // A line is quoted up to a terminal's width; the caret only under what is shown.
            let source = lines[line - 1].replacingOccurrences(of: "\r", with: "")
            out.append("    " + (source.count > quotedLength ? source.prefix(quotedLength) + "…" : source))
            if let column = error.location.column, column > 0, column <= quotedLength {
                out.append("    " + String(repeating: " ", count: column - 1) + "^")
            }
        }
        let count = errors.errors.count
        out.append("\(count) mapping error\(count == 1 ? "" : "s"); nothing was written")
        return out.joined(separator: "\n")
    }
}
