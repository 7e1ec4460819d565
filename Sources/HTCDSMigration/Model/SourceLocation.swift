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

    public init(file: String, line: Int? = nil, column: Int? = nil, record: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.record = record
    }

    /// `file:line:column`, as far as known.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}
