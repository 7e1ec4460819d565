import Foundation

/// The `csv` and `spreadsheet` readers: streams a delimited text file in
/// fixed-size chunks, finds its header, and yields one record per data row.
public final class CSVReader: RecordReader {
    public private(set) var columns: [String] = []
    public var inputDescription: String { stream.encodingName }

    private let dialect: CSVDialect
    private let stream: UTF8Stream
    private let path: String
    private let fileName: FileName
    private let issues: IssueSink
    /// A constant: a class's `var` of a class type was retained and released
    /// around each use (three times a row).
    private let parser: CSVRecordParser
    // Read for every row, changed only by plain assignments here: no run-time
    // exclusivity check (see `CSVRecordParser`).
    @exclusivity(unchecked) private var recordNumber = 0
    /// Columns kept from each row (trailing unnamed spreadsheet columns are dropped).
    @exclusivity(unchecked) private var width = 0
    /// The last row's number as Excel or LibreOffice shows the file: every
    /// record is a row, a blank line too, however many lines its cells span
    /// (a `sep=` line is not shown, and not counted).
    @exclusivity(unchecked) private var rowNumber = 0

    /// Opens the input and reads up to its header row.
    /// `threads`: how many may validate the file when its encoding is `auto`.
    public init(source: ByteSource, dialect: CSVDialect, issues: IssueSink, threads: Int = 1) throws {
        self.dialect = dialect
        self.path = source.displayPath
        fileName = FileName(source.displayPath)
        self.issues = issues
        let stream = try UTF8Stream(source: source, encoding: dialect.encoding, chunkSize: dialect.chunkSize,
                                    issues: issues, threads: threads)
        self.stream = stream
        // Read a first chunk to look at: a `sep=` line, the delimiter, and where the header is.
        var first: [UInt8] = []
        while first.count < (dialect.detectsHeaderRow ? Self.headerSampleBytes : 4096), try stream.fill(&first) {}
        var delimiter: UInt8? = if case .byte(let byte) = dialect.delimiter { byte } else { nil }
        var skipFirstLine = false
        if dialect.spreadsheet, let declared = Self.separatorLine(first) {
            if delimiter == nil { delimiter = declared }
            skipFirstLine = true
        }
        parser = CSVRecordParser(delimiter: delimiter ?? CSVDialect.sniffDelimiter(in: first[...]))
        parser.append(first)
        headerRow = dialect.headerRow ?? 1
        if dialect.detectsHeaderRow {
            // The row found is the lowest header row (group labels above it fill fewer cells).
            let found = try Self.detectHeaderRow(in: first, delimiter: parser.delimiter, skippingFirstLine: skipFirstLine,
                                                 pattern: dialect.skipLinesMatching)
            headerRow = max(1, found - (dialect.headerRows - 1))
        }
        try start(skippingFirstLine: skipFirstLine)
    }

    /// How much of the file is looked at to find the header row.
    static let headerSampleBytes = 64 * 1024

    /// The header row (1-based, after skipped lines): given, or found and reported when not the first.
    private var headerRow = 1

    public var headerRowFound: Int? { dialect.detectsHeaderRow ? headerRow : nil }

    /// The header row of the rows that start `sample`, as `start` counts rows.
    private static func detectHeaderRow(in sample: [UInt8], delimiter: UInt8, skippingFirstLine: Bool,
                                        pattern: String?) throws -> Int {
        let rows = CSVRecordParser(delimiter: delimiter)
        rows.append(sample)
        let expression = try pattern.map { try NSRegularExpression(pattern: $0) }
        var counts: [Int] = []
        var skipped = !skippingFirstLine
        while counts.count < HeaderRowDetection.candidates + HeaderRowDetection.following + 1,
              case .record = (try? rows.next()) ?? .end {
            let cells = rows.cells
            if !skipped {
                skipped = true
                continue
            }
            if isSkipped(cells, by: expression) { continue }
            counts.append(cells.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count)
        }
        return HeaderRowDetection.headerIndex(filledCounts: counts) + 1
    }

    /// Whether a row before the header matches `skip_lines_matching`. Rows
    /// longer than `skipPatternLength` are never matched: a pattern that
    /// backtracks badly meets no long text.
    private static func isSkipped(_ cells: [String], by pattern: NSRegularExpression?) -> Bool {
        guard let pattern else { return false }
        let text = cells.joined(separator: " ")
        return text.utf8.count <= skipPatternLength
            && pattern.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    /// Reads up to the header row and past it to the first data row.
    private func start(skippingFirstLine skipFirstLine: Bool) throws {
        if skipFirstLine {
            _ = try nextRawRecord()
            rowNumber = 0
        }

        let pattern = try dialect.skipLinesMatching.map { try NSRegularExpression(pattern: $0) }
        var row = 0
        var header: (cells: [String], line: Int)?
        while let line = try nextRawRecord() {
            let cells = parser.cells
            if Self.isSkipped(cells, by: pattern) { continue }
            row += 1
            if row == headerRow {
                header = (cells, line)
                break
            }
        }
        guard let header else {
            throw InputError(path: path, message: headerRow == 1
                ? "has no header row: the file is empty"
                : "has no row \(headerRow) to read the header from")
        }
        if headerRow > 1 && dialect.detectsHeaderRow {
            issues.report(Issue(.headerRowDetected(row: headerRow, line: header.line), .info,
                                at: SourceLocation(file: path, line: header.line)))
        }
        var rows = [header.cells]
        for _ in 1..<max(1, dialect.headerRows) {
            guard try nextRawRecord() != nil else { break }
            rows.append(parser.cells)
        }
        columns = HeaderNames.named(HeaderNames.joined(rows), droppingTrailingBlanks: dialect.spreadsheet,
                                    at: SourceLocation(file: path, line: header.line), issues: issues)
        width = columns.count
        for _ in 0..<max(0, (dialect.dataRow ?? headerRow + 1) - headerRow - 1) {
            guard try nextRawRecord() != nil else { break }
        }
    }

    /// Whether a cell holds only spaces.
    static func isBlank(_ cell: String) -> Bool {
        if cell.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        if cell.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return cell.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// Whether the parser's last row holds only spaces (asked of every row:
    /// any visible ASCII byte settles it without making the cells text).
    private var lastRowIsBlank: Bool {
        let onlySpaces: Bool? = parser.withLastRecord { record, extra, starts, ends in
            var onlySpaces = true
            for (start, end) in zip(starts, ends) {
                for byte in CSVRecordParser.cell(Int(start), Int(end), record, extra) where byte != 0x20 && byte != 0x09 {
                    if byte < 0x80 { return nil }
                    onlySpaces = false
                }
            }
            return onlySpaces
        }
        guard let onlySpaces else { return false }
        return onlySpaces || parser.cells.allSatisfy(Self.isBlank)
    }

    public func next() throws -> SourceRecord? {
        while let line = try nextRawRecord() {
            if lastRowIsBlank {
                issues.report(Issue(.blankRow, .info, at: SourceLocation(file: path, line: line)))
                continue
            }
            recordNumber += 1
            var location = SourceLocation(file: fileName, line: line, record: recordNumber)
            location.row = rowNumber
            let cellCount = parser.cellStarts.count
            var ragged: Int?
            let extraFilled = cellCount > width
                && zip(parser.cellStarts[width...], parser.cellEnds[width...]).contains { $0 < $1 }
            if cellCount < width || extraFilled {
                ragged = cellCount
                issues.report(Issue(.raggedRowRead(cells: cellCount, header: width, rejected: dialect.ragged != .keep),
                                    .warning, at: location))
            }
            if let row = rowCells() {
                return SourceRecord(location: location, row: row, raggedCellCount: ragged)
            }
            var values = [SourceValue](repeating: .null, count: width)
            for (index, cell) in parser.cells.prefix(width).enumerated() {
                values[index] = value(of: cell)
            }
            return SourceRecord(location: location, values: values, raggedCellCount: ragged)
        }
        return nil
    }

    /// The parser's last row as bytes, when it can be kept so: as wide as the
    /// header (or wider), valid UTF-8, no spreadsheet error cell. Otherwise
    /// nil, and the row is made into values (padded, repaired, typed).
    private func rowCells() -> RowCells? {
        guard parser.cellStarts.count >= width, width > 0 else { return nil }
        return parser.withLastRecord { record, extra, starts, ends in
            if !stream.isValidSoFar && !(UTF8Validator.isValid(record) && UTF8Validator.isValid(extra)) { return nil }
            if dialect.spreadsheet && hasErrorCell(record, extra, starts, ends) { return nil }
            return RowCells.make(record, extra, starts: UnsafeBufferPointer(rebasing: starts[0..<width]),
                                 ends: UnsafeBufferPointer(rebasing: ends[0..<width]))
        }
    }

    /// Whether a cell of the row starts like a spreadsheet error (`#N/A`, `Err:502`) and is one.
    private func hasErrorCell(_ record: UnsafeBufferPointer<UInt8>, _ extra: UnsafeBufferPointer<UInt8>,
                              _ starts: UnsafeBufferPointer<UInt32>, _ ends: UnsafeBufferPointer<UInt32>) -> Bool {
        for index in 0..<width {
            let cell = CSVRecordParser.cell(Int(starts[index]), Int(ends[index]), record, extra)
            guard let first = cell.first, first == UInt8(ascii: "#") || first == UInt8(ascii: "E") else { continue }
            if Self.spreadsheetErrors.contains(String(decoding: cell, as: UTF8.self)) { return true }
        }
        return false
    }

    private func value(of cell: String) -> SourceValue {
        if dialect.spreadsheet, Self.spreadsheetErrors.contains(cell) {
            return .spreadsheetError(cell)
        }
        return .text(cell)
    }

    /// Rows longer than this are never matched against `skip_lines_matching`.
    static let skipPatternLength = 4096

    /// The error values Excel, LibreOffice and Google Sheets write into saved CSVs.
    static let spreadsheetErrors: Set<String> = [
        "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#ERROR!",
        "Err:502", "#GETTING_DATA",
    ]

    /// The next row's line; its cells are the parser's until the next call.
    private func nextRawRecord() throws -> Int? {
        while true {
            let step: CSVRecordParser.Step
            do {
                step = try parser.next()
            } catch .unterminatedQuote(let line) {
                throw InputError(path: path,
                    message: "a quoted field opened here is never closed before the end of the file", line: line)
            }
            switch step {
            case .record(let line):
                rowNumber += 1
                return line
            case .end: return nil
            case .needMoreInput:
                if parser.pendingBytes > dialect.maxRecordBytes {
                    throw InputError(path: path, message: "a record longer than \(dialect.maxRecordBytes) bytes starts here; "
                                     + "it is not CSV, or raise source.max_record_bytes", line: parser.pendingLine)
                }
                var more: [UInt8] = []
                if try stream.fill(&more) {
                    parser.append(more)
                } else {
                    parser.markEnd()
                }
            }
        }
    }

    /// `sep=;` (Excel's hint of the delimiter) on the first line, if any.
    static func separatorLine(_ bytes: [UInt8]) -> UInt8? {
        let prefix = Array("sep=".utf8)
        guard bytes.count >= 5, Array(bytes[0..<4]).map({ $0 | 0x20 }) == prefix else { return nil }
        let delimiter = bytes[4]
        guard bytes.count == 5 || bytes[5] == 0x0A || bytes[5] == 0x0D else { return nil }
        return delimiter
    }
}
