/// The `xlsx` and `ods` readers' records: one sheet's rows (`SheetRowSource`)
/// made into a header and records, as the CSV reader makes its lines. The
/// header is found below title rows (`header_row: auto`) or given; several
/// header rows can name the columns together; merged cells read as the
/// sheet shows them or filled (`merged: fill`); hidden rows and columns are
/// read and said. A record's location is its file, sheet and row.
final class SheetRecordReader: RecordReader {
    private(set) var columns: [String] = []
    let inputDescription: String
    var headerRowFound: Int? { options.detectsHeaderRow ? headerRow : nil }
    /// The workbook's sheets, for `inspect` (read when asked: an .xlsx's sizes are in each sheet's part).
    private let sheets: () throws -> [WorkbookSheetSummary]

    func workbookSheets() throws -> [WorkbookSheetSummary]? {
        try sheets().map { sheet in
            var listed = sheet
            listed.isRead = sheet.name == rows.sheetName
            return listed
        }
    }

    private let rows: SheetRowSource
    private let options: WorkbookOptions
    private let issues: IssueSink
    private let fileName: FileName
    private let sheetFileName: FileName
    /// Rows read to find the header and not yet made records.
    private var buffered: [SheetRow] = []
    private var headerRow = 1
    private var firstDataRow = 2
    private var recordNumber = 0
    /// Merged ranges being filled (`merged: fill`), with their first cell's value.
    private var filling: [(range: MergedRange, value: SourceValue)] = []
    private var mergedBelowHeader = 0
    private var ended = false

    init(rows: SheetRowSource, options: WorkbookOptions, displayPath: String,
         sheets: @escaping () throws -> [WorkbookSheetSummary], issues: IssueSink) throws {
        self.rows = rows
        self.options = options
        self.issues = issues
        self.sheets = sheets
        fileName = FileName(displayPath)
        sheetFileName = FileName(rows.sheetName)
        inputDescription = "sheet '\(rows.sheetName)'"
        try readHeader(displayPath: displayPath)
    }

    /// Reads the rows up to the header (and those that tell where it is), and names the columns.
    private func readHeader(displayPath: String) throws {
        let lookedAt = HeaderRowDetection.candidates + HeaderRowDetection.following + 1
        // The rows looked at for the header, and at least up to the given header and first data rows.
        let lastNeeded = max((options.headerRow ?? 1) + options.headerRows, options.dataRow ?? 0)
        while buffered.count < lookedAt || (buffered.last?.number ?? 0) < lastNeeded, let row = try rows.nextRow() {
            buffered.append(row)
        }
        if let given = options.headerRow {
            headerRow = given
        } else if options.dataRow != nil {
            headerRow = 1
        } else {
            // From the first row that has anything; rows the sheet does not have between are blank rows.
            let base = buffered.first?.number ?? 1
            var counts = [Int](repeating: 0, count: min((buffered.last?.number ?? 0) - base + 1, lookedAt))
            for row in buffered where row.number - base < counts.count { counts[row.number - base] = row.cells.count }
            let found = base + HeaderRowDetection.headerIndex(filledCounts: counts)
            headerRow = max(1, found - (options.headerRows - 1))
        }
        let headerRows = (headerRow..<(headerRow + options.headerRows)).map { number in
            buffered.first { $0.number == number }
        }
        guard let first = headerRows.first, let header = first else {
            throw InputError(path: displayPath, message: buffered.isEmpty
                ? "its sheet '\(rows.sheetName)' is empty: no header row"
                : "its sheet '\(rows.sheetName)' has nothing in row \(headerRow) to read the header from")
        }
        let location = SourceLocation(file: fileName, sheet: sheetFileName, row: header.number)
        if headerRow > 1 && options.detectsHeaderRow {
            issues.report(Issue(.headerRowDetected(row: headerRow, line: nil), .info, at: location))
        }
        let texts = headerRows.map { row in Self.texts(of: row) }
        columns = HeaderNames.named(HeaderNames.joined(texts), droppingTrailingBlanks: true, at: location, issues: issues)
        let hidden = rows.hiddenColumns.filter { $0 < columns.count }.map { columns[$0] }
        if !hidden.isEmpty { issues.report(Issue(.hiddenColumns(names: hidden), .info, at: location)) }
        firstDataRow = options.dataRow ?? headerRow + options.headerRows
        buffered.removeAll { $0.number < firstDataRow }
    }

    /// A header row's cells as text, one per column up to its last.
    private static func texts(of row: SheetRow?) -> [String] {
        guard let row, let last = row.cells.last?.column else { return [] }
        var texts = [String](repeating: "", count: last + 1)
        for (column, value) in row.cells { texts[column] = value.text ?? "" }
        return texts
    }

    func next() throws -> SourceRecord? {
        while let row = try nextDataRow() {
            var values = [SourceValue](repeating: .null, count: columns.count)
            var filledBeyond = 0
            for (column, value) in row.cells {
                if column < values.count { values[column] = value } else { filledBeyond = max(filledBeyond, column + 1) }
            }
            fillMerged(row, into: &values)
            guard filledBeyond > 0 || values.contains(where: { MigrationReport.isFilled($0) }) else { continue }
            recordNumber += 1
            let location = SourceLocation(file: fileName, sheet: sheetFileName, row: row.number, record: recordNumber)
            if row.hidden { issues.report(Issue(.hiddenRow, .info, at: location)) }
            var ragged: Int?
            if filledBeyond > 0 {
                ragged = filledBeyond
                issues.report(Issue(.raggedRowRead(cells: filledBeyond, header: columns.count, rejected: options.ragged != .keep),
                                    .warning, at: location))
            }
            return SourceRecord(location: location, values: values, raggedCellCount: ragged)
        }
        return nil
    }

    /// The next row at or below the first data row; nil at the end (when
    /// merged ranges the rows did not carry are counted and said).
    private func nextDataRow() throws -> SheetRow? {
        if !buffered.isEmpty { return buffered.removeFirst() }
        guard !ended else { return nil }
        if let row = try rows.nextRow() { return row }
        ended = true
        mergedBelowHeader += rows.mergesListedAfterRows.filter { $0.row + $0.rows - 1 >= firstDataRow }.count
        if mergedBelowHeader > 0 {
            issues.report(Issue(.mergedCells(ranges: mergedBelowHeader, filled: options.fillsMerged), .info,
                                at: SourceLocation(file: fileName, sheet: sheetFileName, row: firstDataRow)))
        }
        return nil
    }

    /// Under `merged: fill`, each cell of a merged range takes its first cell's value.
    private func fillMerged(_ row: SheetRow, into values: inout [SourceValue]) {
        for range in row.merges where range.row + range.rows - 1 >= firstDataRow {
            mergedBelowHeader += 1
            guard options.fillsMerged else { continue }
            let value = row.cells.first { $0.column == range.column }?.value ?? .null
            filling.append((range, value))
        }
        guard !filling.isEmpty else { return }
        filling.removeAll { $0.range.row + $0.range.rows - 1 < row.number }
        for (range, value) in filling where range.row <= row.number {
            for column in range.column..<min(range.column + range.columns, values.count) where values[column] == .null {
                values[column] = value
            }
        }
    }
}

/// A sheet of a workbook as `inspect` lists it.
public struct WorkbookSheetSummary: Sendable, Equatable {
    public let name: String
    public let hidden: Bool
    /// The cells it spans, as the workbook says (`A1:AC64`), when it says.
    public let dimension: String?
    /// Whether it is the sheet read.
    public internal(set) var isRead = false
}
