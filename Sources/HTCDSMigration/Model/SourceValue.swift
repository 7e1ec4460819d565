/// One cell of a source record as the reader found it. CSV gives text; later
/// readers give typed values (SQLite integers and reals) and lists (repeated
/// XML elements). Types are never inferred from how text looks.
public enum SourceValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case real(Double)
    /// A spreadsheet error cell (`#N/A`, `#VALUE!`): reported, never mapped.
    case spreadsheetError(String)
    /// Repeated values (an XML element that occurs several times in a record).
    case list([String])
    /// Binary data (an SQLite BLOB of this many bytes): reported, never guessed at.
    case blob(Int)
    case null

    /// The value as text, as a transform reads it.
    public var text: String? {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .list(let items): items.isEmpty ? nil : items.joined(separator: "; ")
        case .spreadsheetError, .blob, .null: nil
        }
    }
}
