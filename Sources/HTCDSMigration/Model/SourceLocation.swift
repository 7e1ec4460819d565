/// Where something came from: a record in an input (file and line, later an
/// XPath or a table and rowid) or a spot in a mapping file (line and column).
/// It rides on every record and every issue, and prints as `file:line:column:`
/// so that editors can jump to it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The input or mapping path as the user gave it, never made absolute.
    public var file: String
    /// 1-based line of the record's first byte, or of the mapping node.
    public var line: Int?
    /// 1-based column, for mapping files.
    public var column: Int?
    /// 1-based record number within the input (header excluded).
    public var record: Int?
    /// Where in the input beyond a line: an XML record's path
    /// (`/export/cases/case[12]`) or an SQLite table or query.
    public var path: String?
    /// The record's key in an SQLite source (`rowid 5`, `id 17`).
    public var key: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, record: Int? = nil,
                path: String? = nil, key: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.record = record
        self.path = path
        self.key = key
    }

    /// `file:line:column`, as far as known, then the path and key if any.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let path { text += " " + path }
        if let key { text += " (\(key))" }
        return text
    }
}
