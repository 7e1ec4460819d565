import Foundation

/// The `csv` and `spreadsheet` readers: streams a delimited text file in
/// fixed-size chunks, finds its header, and yields one record per data row.
public final class CSVReader: RecordReader {
    public private(set) var columns: [String] = []
    public var inputDescription: String { stream.encodingName }

    private let dialect: CSVDialect
    private let stream: UTF8Stream
    private let path: String
    private let issues: IssueSink
    private var parser: CSVRecordParser
    private var recordNumber = 0
    /// Columns kept from each row (trailing unnamed spreadsheet columns are dropped).
    private var width = 0

    /// Opens the input and reads up to its header row.
    public init(source: ByteSource, dialect: CSVDialect, issues: IssueSink) throws {
        self.dialect = dialect
        self.path = source.displayPath
        self.issues = issues
        stream = try UTF8Stream(source: source, encoding: dialect.encoding, chunkSize: dialect.chunkSize, issues: issues)
        parser = CSVRecordParser(delimiter: UInt8(ascii: ","))
        try start()
    }

    private func start() throws {
        // Read a first chunk to look at: a `sep=` line, then the delimiter.
        var first: [UInt8] = []
        while first.count < 4096, try stream.fill(&first) {}
        var delimiter: UInt8? = if case .byte(let byte) = dialect.delimiter { byte } else { nil }
        var skipFirstLine = false
        if dialect.spreadsheet, let declared = Self.separatorLine(first) {
            if delimiter == nil { delimiter = declared }
            skipFirstLine = true
        }
        parser = CSVRecordParser(delimiter: delimiter ?? CSVDialect.sniffDelimiter(in: first[...]))
        parser.append(first)
        if skipFirstLine { _ = try nextRawRecord() }

        let pattern = try dialect.skipLinesMatching.map { try NSRegularExpression(pattern: $0) }
        var row = 0
        var header: CSVRecordParser.RawRecord?
        while let raw = try nextRawRecord() {
            if let pattern, pattern.firstMatch(in: raw.cells.joined(separator: " "),
                                               range: NSRange(location: 0, length: raw.cells.joined(separator: " ").utf16.count)) != nil {
                continue
            }
            row += 1
            if row == dialect.headerRow {
                header = raw
                break
            }
        }
        guard let header else {
            throw InputError(path: path, message: dialect.headerRow == 1
                ? "has no header row: the file is empty"
                : "has no row \(dialect.headerRow) to read the header from")
        }
        columns = makeColumnNames(header)
        for _ in 0..<max(0, (dialect.dataRow ?? dialect.headerRow + 1) - dialect.headerRow - 1) {
            guard try nextRawRecord() != nil else { break }
        }
    }

    /// Header names, trimmed; blank ones named by position and repeated ones
    /// numbered, each reported, so that every column can be addressed.
    private func makeColumnNames(_ header: CSVRecordParser.RawRecord) -> [String] {
        var names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        if dialect.spreadsheet {
            while let last = names.last, last.isEmpty, names.count > 1 { names.removeLast() }
        }
        width = names.count
        let location = SourceLocation(file: path, line: header.line)
        var seen: [String: Int] = [:]
        for index in names.indices {
            if names[index].isEmpty {
                names[index] = "Column \(index + 1)"
                issues.report(Issue(.headerBlank, .warning,
                    "column \(index + 1) has no name in the header; it is called \"\(names[index])\"", at: location))
            }
            let name = names[index]
            if let count = seen[name] {
                var suffix = count + 1
                while seen["\(name) (\(suffix))"] != nil || names.contains("\(name) (\(suffix))") { suffix += 1 }
                names[index] = "\(name) (\(suffix))"
                seen[name] = suffix
                issues.report(Issue(.headerDuplicate, .warning,
                    "column \(index + 1) repeats the name \"\(name)\"; it is called \"\(names[index])\"", at: location))
            } else {
                seen[name] = 1
            }
        }
        return names
    }

    /// Whether a cell holds only spaces (asked of every row, so bytes first).
    static func isBlank(_ cell: String) -> Bool {
        if cell.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        if cell.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return cell.trimmingCharacters(in: .whitespaces).isEmpty
    }

    public func next() throws -> SourceRecord? {
        while let raw = try nextRawRecord() {
            if raw.cells.allSatisfy(Self.isBlank) {
                issues.report(Issue(.blankRows, .info, "blank row skipped", at: SourceLocation(file: path, line: raw.line)))
                continue
            }
            recordNumber += 1
            let location = SourceLocation(file: path, line: raw.line, record: recordNumber)
            var values = [SourceValue](repeating: .null, count: width)
            for (index, cell) in raw.cells.prefix(width).enumerated() {
                values[index] = value(of: cell)
            }
            var ragged: Int?
            let extra = raw.cells.dropFirst(width)
            if raw.cells.count < width || extra.contains(where: { !$0.isEmpty }) {
                ragged = raw.cells.count
                let verb = dialect.ragged == .keep ? "kept" : "rejected"
                let detail = raw.cells.count < width
                    ? "the missing cells are empty"
                    : "the cells beyond the last column are dropped"
                issues.report(Issue(.raggedRow, .warning,
                    "row has \(raw.cells.count) cells, the header \(width); \(verb): \(detail)", at: location))
            }
            return SourceRecord(location: location, values: values, raggedCellCount: ragged)
        }
        return nil
    }

    private func value(of cell: String) -> SourceValue {
        if dialect.spreadsheet, cell.first == "#", Self.spreadsheetErrors.contains(cell) {
            return .spreadsheetError(cell)
        }
        return .text(cell)
    }

    /// The error values Excel, LibreOffice and Google Sheets write into saved CSVs.
    static let spreadsheetErrors: Set<String> = [
        "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#ERROR!",
        "Err:502", "#GETTING_DATA",
    ]

    private func nextRawRecord() throws -> CSVRecordParser.RawRecord? {
        while true {
            let step: CSVRecordParser.Step
            do {
                step = try parser.next()
            } catch .unterminatedQuote(let line) {
                throw InputError(path: path,
                    message: "a quoted field opened here is never closed before the end of the file", line: line)
            }
            switch step {
            case .record(let record): return record
            case .end: return nil
            case .needMoreInput:
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
