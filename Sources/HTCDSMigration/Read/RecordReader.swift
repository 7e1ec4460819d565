/// The one protocol every input format implements. A reader opens its input,
/// knows its columns before the first record (so a mapping can be checked
/// against them before anything is written), and yields records in order.
/// Readers are not thread-safe: one reader serves one run.
public protocol RecordReader: AnyObject {
    /// Column names, unique, in source order.
    var columns: [String] { get }
    /// The encoding or storage the reader settled on, for the report.
    var inputDescription: String { get }
    /// The next record, nil at the end. Throws `InputError` when the input
    /// cannot go on (an unterminated quote at the end of a file, an I/O error).
    func next() throws -> SourceRecord?
    /// For an XML input: every path below the record element with how many
    /// records have it and fill it, of the records read so far; nil for
    /// readers whose columns are all there is.
    var pathCensus: [XMLPathCensus.Entry]? { get }
    /// The header row the reader found (1-based), when it looked for one
    /// (`header_row: auto`); nil otherwise.
    var headerRowFound: Int? { get }
    /// A workbook's sheets (`inspect` lists them); nil for other inputs.
    func workbookSheets() throws -> [WorkbookSheetSummary]?
}

extension RecordReader {
    public var pathCensus: [XMLPathCensus.Entry]? { nil }
    public var headerRowFound: Int? { nil }
    public func workbookSheets() throws -> [WorkbookSheetSummary]? { nil }
}
