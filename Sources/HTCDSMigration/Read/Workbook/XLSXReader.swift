/// The `xlsx` reader: opens a workbook, picks its sheet, reads its styles
/// and shared strings, and reads the sheet's rows as records.
enum XLSXReader {
    static func open(path: String, options: WorkbookOptions, issues: IssueSink) throws -> RecordReader {
        let workbook = try XLSXWorkbook(path: path, displayPath: path)
        let sheet = try workbook.sheet(named: options.sheet)
        let styles = try workbook.stylesPart.map { try CellStyles.read($0, of: path, displayPath: path) } ?? CellStyles()
        let strings = try workbook.sharedStringsPart.map { try SharedStrings.read($0, of: path, displayPath: path) }
            ?? SharedStrings()
        // A sheet lists its merged ranges after its rows: read them first when they are to be filled.
        let merges = options.fillsMerged ? try mergedRanges(of: sheet, in: workbook) : nil
        let rows = try XLSXSheetRows(workbook: workbook, sheet: sheet, strings: strings, styles: styles,
                                     merges: merges, issues: issues)
        let summaries = {
            try workbook.sheets.map { listed in
                WorkbookSheetSummary(name: listed.name, hidden: listed.hidden,
                                     dimension: try listed.part.flatMap { try dimension(of: $0, in: workbook) })
            }
        }
        return try SheetRecordReader(rows: rows, options: options, displayPath: path, sheets: summaries, issues: issues)
    }

    /// The sheet's merged ranges (`<mergeCells>`, after its rows).
    private static func mergedRanges(of sheet: XLSXWorkbook.Sheet, in workbook: XLSXWorkbook) throws -> [MergedRange] {
        var ranges: [MergedRange] = []
        try WorkbookPart.read(sheet.part!, of: workbook.path, displayPath: workbook.displayPath, started: { name, attributes in
            if name == "mergeCell", let reference = attributes.text("ref"), let range = MergedRange(reference: reference) {
                ranges.append(range)
            }
        })
        return ranges
    }

    /// The cells a sheet spans as it says before its rows (`<dimension ref="A1:AC64"/>`).
    private static func dimension(of part: String, in workbook: XLSXWorkbook) throws -> String? {
        var found: String?
        try WorkbookPart.read(part, of: workbook.path, displayPath: workbook.displayPath, until: { name, attributes in
            if name == "dimension" { found = attributes.text("ref") }
            return name == "dimension" || name == "sheetData"
        })
        return found
    }
}
