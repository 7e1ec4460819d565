/// The one protocol every output format implements. A writer receives each
/// written case in order and puts its output in place only on `commit`.
public protocol RecordWriter: AnyObject {
    func write(_ record: CaseRecord) throws
    /// Completes the output (renames the file into place).
    func commit() throws
    /// Abandons the output: nothing partial is left behind.
    func discard()
}

/// A writer that can have a case's fields rendered on a mapping thread,
/// ahead of `write`: the part of the work that needs no order.
protocol FieldRendering: AnyObject {
    /// A renderer of the writer's fields in storage of its own, for one mapping thread.
    func fieldRenderer() -> FieldRenderer
}

/// The output formats, by the names `--format` takes.
public enum OutputFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv
    case sqlite

    /// The format a path's extension implies, if any.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "jsonl", "ndjson", "json": self = .jsonl
        case "csv": self = .csv
        case "sqlite", "sqlite3", "db": self = .sqlite
        default: return nil
        }
    }
}
