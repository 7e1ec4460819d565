/// A report's form, by its file's extension: JSON for scripts (`.json`, and
/// any other name), a page to read and send (`.html`, `.htm`), a Markdown
/// summary for pull requests and issue trackers (`.md`).
public enum ReportFormat: Sendable {
    case json, html, markdown

    public init(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
            self = .html
        } else if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
            self = .markdown
        } else {
            self = .json
        }
    }

    public func render(_ rendering: ReportRendering) -> String {
        switch self {
        case .json: rendering.json()
        case .html: ReportHTML(rendering).page()
        case .markdown: ReportMarkdown(rendering).text()
        }
    }
}
