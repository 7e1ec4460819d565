import Foundation

/// The rows of one sheet of an .xlsx workbook, read from its part a chunk
/// at a time (`<sheetData><row r="17"><c r="C17" s="3" t="s"><v>12</v></c>`).
/// Each cell keeps the type the workbook gives it: shared and inline text,
/// numbers (whole ones as integers), a number in a date style as a date
/// (`CellStyles`, the workbook's 1900 or 1904 system), booleans as TRUE
/// and FALSE, error cells as errors, a formula's saved value.
final class XLSXSheetRows: SheetRowSource, WorkbookPartHandler {
    let sheetName: String
    private(set) var hiddenColumns: [Int] = []
    /// Merged ranges listed after the rows; none when they were read first
    /// and are carried by their rows (`merged: fill`).
    var mergesListedAfterRows: [MergedRange] { mergesByRow == nil ? listedMerges : [] }
    private var listedMerges: [MergedRange] = []
    private let mergesByRow: [Int: [MergedRange]]?

    private let strings: SharedStrings
    private let styles: CellStyles
    private let uses1904: Bool
    private let stream: ZIPMemberStream
    private var parser: WorkbookPartParser!
    private let issues: IssueSink
    private let fileName: FileName
    private let sheetFileName: FileName

    /// Rows finished and not yet handed out.
    private var ready: [SheetRow] = []
    private var handedOut = 0
    private var row: SheetRow?
    private var lastRowNumber = 0
    // The cell being read.
    private var cellColumn = -1
    private var cellType = CellType.number
    private var cellStyle = 0
    private var cellHasFormula = false
    private var collecting = false
    private var inInlineText = 0
    private var phoneticDepth = 0
    private var text: [UInt8] = []

    private enum CellType {
        case number, sharedString, formulaString, inlineString, boolean, error, isoDate
    }

    /// `merges`: the sheet's merged ranges, read before, for its rows to carry.
    init(workbook: XLSXWorkbook, sheet: XLSXWorkbook.Sheet, strings: SharedStrings, styles: CellStyles,
         merges: [MergedRange]?, issues: IssueSink) throws {
        mergesByRow = merges.map { Dictionary(grouping: $0, by: \.row) }
        sheetName = sheet.name
        self.strings = strings
        self.styles = styles
        uses1904 = workbook.uses1904
        self.issues = issues
        fileName = FileName(workbook.displayPath)
        sheetFileName = FileName(sheet.name)
        stream = ZIPMemberStream(archive: workbook.path, member: sheet.part!, displayPath: workbook.displayPath)
        parser = try WorkbookPartParser(stream: stream, displayPath: workbook.displayPath, handler: self)
        // The columns' settings come before the rows: read up to the first row.
        while ready.isEmpty, try parser.parseNext() {}
    }

    deinit { stream.close() }

    func nextRow() throws -> SheetRow? {
        while handedOut == ready.count {
            ready.removeAll(keepingCapacity: true)
            handedOut = 0
            guard try parser.parseNext() || !ready.isEmpty else { return nil }
        }
        handedOut += 1
        return ready[handedOut - 1]
    }

    // MARK: The part's elements

    func elementStarted(_ name: XMLLocalName, _ attributes: XMLAttributes) {
        if name == "c" {
            startCell(attributes)
        } else if name == "v" {
            collecting = true
        } else if name == "t" {
            if inInlineText > 0 && phoneticDepth == 0 { collecting = true }
        } else if name == "is" {
            inInlineText += 1
        } else if name == "rPh" {
            phoneticDepth += 1
        } else if name == "f" {
            cellHasFormula = true
        } else if name == "row" {
            let number = attributes.integer("r") ?? lastRowNumber + 1
            lastRowNumber = number
            var started = SheetRow(number: number)
            started.hidden = attributes.flag("hidden")
            row = started
            cellColumn = -1
        } else if name == "col" {
            if attributes.flag("hidden"), let first = attributes.integer("min"), let last = attributes.integer("max"),
               first >= 1, last >= first {
                // (A hidden setting often runs to the sheet's last column, 16384: only up to a bound is kept.)
                hiddenColumns += (first - 1)..<min(last, first + 1024)
            }
        } else if name == "mergeCell" {
            if let reference = attributes.text("ref"), let range = MergedRange(reference: reference) {
                listedMerges.append(range)
            }
        }
    }

    func elementEnded(_ name: XMLLocalName) {
        if name == "c" {
            endCell()
        } else if name == "v" || name == "t" {
            collecting = false
        } else if name == "is" {
            inInlineText -= 1
        } else if name == "rPh" {
            phoneticDepth -= 1
        } else if name == "row" {
            if var row {
                row.merges = mergesByRow?[row.number] ?? []
                ready.append(row)
            }
            row = nil
        }
    }

    func textFound(_ text: UnsafeBufferPointer<UInt8>) {
        if collecting { self.text.append(contentsOf: text) }
    }

    private func startCell(_ attributes: XMLAttributes) {
        let column = attributes.index(of: "r").flatMap { index in
            attributes.withValue(index) { CellReference.column(ofReference: $0) }
        }
        cellColumn = column ?? cellColumn + 1
        cellStyle = attributes.integer("s") ?? 0
        cellType = switch attributes.text("t") {
        case "s"?: .sharedString
        case "str"?: .formulaString
        case "inlineStr"?: .inlineString
        case "b"?: .boolean
        case "e"?: .error
        case "d"?: .isoDate
        default: .number
        }
        cellHasFormula = false
        text.removeAll(keepingCapacity: true)
    }

    private func endCell() {
        guard row != nil else { return }
        if let value = cellValue() { row!.cells.append((cellColumn, value)) }
    }

    /// The cell just read as a value; nil when it holds nothing.
    private func cellValue() -> SourceValue? {
        if text.isEmpty {
            if cellHasFormula { report(.formulaWithoutValue) }
            return nil
        }
        switch cellType {
        case .sharedString:
            guard let index = Self.integer(text), let string = strings.string(at: index) else {
                report(.sharedStringMissing(index: Self.integer(text) ?? -1))
                return nil
            }
            return string.isEmpty ? nil : .text(string)
        case .formulaString, .inlineString:
            return .text(text.withUnsafeBufferPointer(OOXMLEscapes.decoded))
        case .boolean:
            return .text(text == [UInt8(ascii: "1")] ? "TRUE" : "FALSE")
        case .error:
            return .spreadsheetError(String(decoding: text, as: UTF8.self))
        case .isoDate:
            return ISODateTime.value(String(decoding: text, as: UTF8.self)) ?? .text(String(decoding: text, as: UTF8.self))
        case .number:
            let written = String(decoding: text, as: UTF8.self)
            let shown = styles.shown(style: cellStyle)
            switch shown {
            case .number: return Self.number(written)
            case .date, .time:
                switch SerialDateTime.value(written, system1904: uses1904, timeOnly: shown == .time) {
                case .value(let value): return value
                case .noDate(let why):
                    report(.sheetDateInvalid(why))
                    return Self.number(written)
                }
            }
        }
    }

    private func report(_ finding: Finding) {
        issues.report(Issue(finding, .warning, at: SourceLocation(file: fileName, sheet: sheetFileName, row: lastRowNumber,
                                                                   column: cellColumn + 1)))
    }

    /// A number cell's value: whole numbers as integers (a case number 17 is
    /// "17", not "17.0"), others as they are written.
    static func number(_ written: String) -> SourceValue {
        if let whole = Int64(written) { return .integer(whole) }
        if let value = Double(written), value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 { return .integer(Int64(value)) }
            return .real(value)
        }
        return .text(written)
    }

    private static func integer(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 10, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
