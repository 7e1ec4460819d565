import Foundation

/// The rows of one sheet of an .xlsx workbook, read from its part a chunk
/// at a time (`<sheetData><row r="17"><c r="C17" s="3" t="s"><v>12</v></c>`).
/// Each cell keeps the type the workbook gives it: shared and inline text,
/// numbers (whole ones as integers), a number in a date style as a date
/// (`CellStyles`, the workbook's 1900 or 1904 system), booleans as TRUE
/// and FALSE, error cells as errors, a formula's saved value. The part is
/// read by `WorkbookXMLScanner`, not libxml2: a sheet is the workbook's bulk.
final class XLSXSheetRows: SheetRowSource {
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
    private let scanner: WorkbookXMLScanner
    private let issues: IssueSink
    private let fileName: FileName
    private let sheetFileName: FileName

    // The reader's state, changed for every element of every row: one
    // thread reads a sheet, and no access to a property overlaps another
    // (nothing is called back), so it goes without run-time exclusivity checks.
    /// A row finished and not yet handed out.
    @exclusivity(unchecked) private var finished: SheetRow?
    @exclusivity(unchecked) private var row: SheetRow?
    @exclusivity(unchecked) private var lastRowNumber = 0
    @exclusivity(unchecked) private var lastCellCount = 0
    // The cell being read.
    @exclusivity(unchecked) private var inCell = false
    @exclusivity(unchecked) private var cellColumn = -1
    @exclusivity(unchecked) private var cellType = CellType.number
    @exclusivity(unchecked) private var cellStyle = 0
    @exclusivity(unchecked) private var cellHasFormula = false
    @exclusivity(unchecked) private var collecting = false
    @exclusivity(unchecked) private var inInlineText = 0
    @exclusivity(unchecked) private var phoneticDepth = 0
    @exclusivity(unchecked) private var text = ByteArena()

    private enum CellType {
        case number, sharedString, formulaString, inlineString, boolean, error, isoDate

        /// From a cell's `t` attribute.
        init(written: UnsafeBufferPointer<UInt8>) {
            self = if written.count == 1 {
                switch written[0] {
                case UInt8(ascii: "s"): .sharedString
                case UInt8(ascii: "b"): .boolean
                case UInt8(ascii: "e"): .error
                case UInt8(ascii: "d"): .isoDate
                default: .number
                }
            } else if WorkbookXMLScanner.bytes(written, are: "inlineStr") {
                .inlineString
            } else if WorkbookXMLScanner.bytes(written, are: "str") {
                .formulaString
            } else {
                .number
            }
        }
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
        scanner = WorkbookXMLScanner(partName: "\(workbook.displayPath) (\(sheet.part!))") { [stream] in try stream.next() }
        // The columns' settings come before the rows: read up to the first row.
        while finished == nil, try scanNext() {}
    }

    deinit { stream.close() }

    func nextRow() throws -> SheetRow? {
        while finished == nil, try scanNext() {}
        defer { finished = nil }
        return finished
    }

    // MARK: The part's elements

    /// Takes the scanner's next event; false at the part's end. In a row,
    /// between cells, the cells the scanner can take whole are taken so.
    private func scanNext() throws -> Bool {
        if row != nil && !inCell {
            while let cell = scanner.quickCell() { takeQuickCell(cell) }
        }
        switch try scanner.next() {
        case .start: elementStarted()
        case .end: elementEnded()
        case .text: if collecting { text.append(scanner.text) }
        case .documentEnd: return false
        }
        return true
    }

    private func elementStarted() {
        let name = scanner.name
        if name.count == 1 {
            switch name[0] {
            case UInt8(ascii: "c"): startCell()
            case UInt8(ascii: "v"): collecting = true
            case UInt8(ascii: "t"): if inInlineText > 0 && phoneticDepth == 0 { collecting = true }
            case UInt8(ascii: "f"): cellHasFormula = true
            default: break
            }
        } else if scanner.nameIs("is") {
            inInlineText += 1
        } else if scanner.nameIs("row") {
            let number = scanner.attributeInteger("r") ?? lastRowNumber + 1
            lastRowNumber = number
            var started = SheetRow(number: number)
            // (Room for as many cells as the last row had: the array would otherwise grow five times a row.)
            started.cells.reserveCapacity(lastCellCount)
            started.hidden = scanner.attributeFlag("hidden")
            row = started
            cellColumn = -1
        } else if scanner.nameIs("rPh") {
            phoneticDepth += 1
        } else if scanner.nameIs("col") {
            if scanner.attributeFlag("hidden"), let first = scanner.attributeInteger("min"),
               let last = scanner.attributeInteger("max"), first >= 1, last >= first {
                // (A hidden setting often runs to the sheet's last column, 16384: only up to a bound is kept.)
                hiddenColumns += (first - 1)..<min(last, first + 1024)
            }
        } else if scanner.nameIs("mergeCell") {
            if let reference = scanner.attributeText("ref"), let range = MergedRange(reference: reference) {
                listedMerges.append(range)
            }
        }
    }

    private func elementEnded() {
        let name = scanner.name
        if name.count == 1 {
            switch name[0] {
            case UInt8(ascii: "c"): endCell()
            case UInt8(ascii: "v"), UInt8(ascii: "t"): collecting = false
            default: break
            }
        } else if scanner.nameIs("is") {
            inInlineText -= 1
        } else if scanner.nameIs("row") {
            if var row {
                row.merges = mergesByRow?[row.number] ?? []
                lastCellCount = row.cells.count
                finished = row
            }
            row = nil
        } else if scanner.nameIs("rPh") {
            phoneticDepth -= 1
        }
    }

    private func startCell() {
        startCell(reference: scanner.attribute("r"), style: scanner.attribute("s"), type: scanner.attribute("t"))
    }

    private func startCell(reference: UnsafeBufferPointer<UInt8>?, style: UnsafeBufferPointer<UInt8>?,
                           type: UnsafeBufferPointer<UInt8>?) {
        inCell = true
        cellColumn = reference.flatMap(CellReference.column(ofReference:)) ?? cellColumn + 1
        cellStyle = style.flatMap(Self.integer) ?? 0
        cellType = type.map(CellType.init(written:)) ?? .number
        cellHasFormula = false
        text.removeAll()
    }

    /// A cell the scanner took whole: as its start, text and end would be read.
    private func takeQuickCell(_ cell: WorkbookXMLScanner.QuickCell) {
        startCell(reference: cell.reference, style: cell.style, type: cell.type)
        text.append(cell.text)
        endCell()
    }

    private func endCell() {
        inCell = false
        guard row != nil else { return }
        if let value = cellValue() { row!.cells.append((cellColumn, value)) }
    }

    /// The cell just read as a value; nil when it holds nothing.
    private func cellValue() -> SourceValue? {
        let written = text.all
        if written.isEmpty {
            if cellHasFormula { report(.formulaWithoutValue) }
            return nil
        }
        switch cellType {
        case .sharedString:
            guard let index = Self.integer(written), let string = strings.string(at: index) else {
                report(.sharedStringMissing(index: Self.integer(written) ?? -1))
                return nil
            }
            return string.isEmpty ? nil : .text(string)
        case .formulaString, .inlineString:
            return .text(OOXMLEscapes.decoded(written))
        case .boolean:
            return .text(WorkbookXMLScanner.bytes(written, are: "1") ? "TRUE" : "FALSE")
        case .error:
            return .spreadsheetError(String(decoding: written, as: UTF8.self))
        case .isoDate:
            let string = String(decoding: written, as: UTF8.self)
            return ISODateTime.value(string) ?? .text(string)
        case .number:
            let shown = styles.shown(style: cellStyle)
            if shown == .number, let whole = Self.integer(written) { return .integer(Int64(whole)) }
            let string = String(decoding: written, as: UTF8.self)
            switch shown {
            case .number: return Self.number(string)
            case .date, .time:
                switch SerialDateTime.value(string, system1904: uses1904, timeOnly: shown == .time) {
                case .value(let value): return value
                case .noDate(let why):
                    report(.sheetDateInvalid(why))
                    return Self.number(string)
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

    /// Up to ten decimal digits as a number; nil for anything else.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        DecimalDigits.value(bytes, maxDigits: 10)
    }
}
