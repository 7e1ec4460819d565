/// The rows of one sheet of an OpenDocument spreadsheet (`content.xml`,
/// `<table:table>`), read a chunk at a time. Repeated rows and cells
/// (`number-rows-repeated`: LibreOffice writes a million trailing empty
/// rows as one element, and identical rows in a run as one) are counted,
/// never expanded while empty; a repeated row that holds values is handed
/// out once for each row it stands for. Cells keep their OpenDocument
/// type: text, numbers (`office:value`), dates (`office:date-value`),
/// times, booleans (TRUE, FALSE), error cells.
final class ODSSheetRows: SheetRowSource, WorkbookPartHandler {
    private(set) var sheetName = ""
    private(set) var hiddenColumns: [Int] = []
    let mergesListedAfterRows: [MergedRange] = []
    /// The tables passed before the one read, by name (for messages).
    private(set) var tablesSeen: [String] = []

    private let stream: ZIPMemberStream
    private var parser: WorkbookPartParser!
    private let issues: IssueSink
    private let fileName: FileName
    private var sheetFileName = FileName("")
    private let choice: SheetChoice?

    /// Whether the parser is inside the table read, and whether that table has ended.
    private var inTable = false
    private var done = false
    private var tableStyleHidden: Set<String> = []
    private var styleName: String?
    private var hiddenTableNames: Set<String> = []
    private var column = 0
    private var rowNumber = 0
    private var row: SheetRow?
    private var rowRepeat = 1
    private var ready: [(row: SheetRow, count: Int)] = []
    // The cell being read.
    private var cell: Cell?
    private var paragraphs = 0
    private var annotationDepth = 0
    private var text: [UInt8] = []

    private struct Cell {
        var value: SourceValue?
        var repeats = 1
        var isText = false
        var merge: (rows: Int, columns: Int)?
        var isError = false
    }

    init(path: String, displayPath: String, sheet: SheetChoice?, issues: IssueSink) throws {
        self.issues = issues
        fileName = FileName(displayPath)
        choice = sheet
        stream = ZIPMemberStream(archive: path, member: "content.xml", displayPath: displayPath)
        parser = try WorkbookPartParser(stream: stream, displayPath: displayPath, handler: self)
        // Read up to the sheet's first row (its columns' settings come before).
        while !inTable || (ready.isEmpty && row == nil), !done, try parser.parseNext() {}
        guard !sheetName.isEmpty else {
            let names = tablesSeen.map { "'\($0)'" }.joined(separator: ", ")
            throw InputError(path: displayPath, message: sheet.map { "has no sheet \($0); its sheets are \(names)" }
                             ?? "has no sheet of cells")
        }
    }

    deinit { stream.close() }

    func nextRow() throws -> SheetRow? {
        while ready.isEmpty {
            guard !done, try parser.parseNext() || !ready.isEmpty else { return nil }
        }
        let next = ready[0].row
        if ready[0].count > 1 {
            ready[0].count -= 1
            ready[0].row.number += 1
        } else {
            ready.removeFirst()
        }
        return next
    }

    // MARK: content.xml's elements

    func elementStarted(_ name: XMLLocalName, _ attributes: XMLAttributes) {
        if name == "table-cell" || name == "covered-table-cell" {
            guard inTable else { return }
            startCell(attributes, covered: name == "covered-table-cell")
        } else if name == "p" {
            if cell != nil && annotationDepth == 0 {
                if paragraphs > 0 { text.append(0x0A) }
                paragraphs += 1
            }
        } else if name == "s" {
            if cell != nil && annotationDepth == 0 {
                text.append(contentsOf: [UInt8](repeating: 0x20, count: min(attributes.integer("c") ?? 1, 1000)))
            }
        } else if name == "tab" {
            if cell != nil && annotationDepth == 0 { text.append(0x09) }
        } else if name == "line-break" {
            if cell != nil && annotationDepth == 0 { text.append(0x0A) }
        } else if name == "annotation" {
            annotationDepth += 1
        } else if name == "table-row" {
            guard inTable else { return }
            rowRepeat = max(1, attributes.integer("number-rows-repeated") ?? 1)
            var started = SheetRow(number: rowNumber + 1)
            started.hidden = attributes.text("visibility").map { $0 != "visible" } ?? false
            row = started
            column = 0
        } else if name == "table-column" {
            guard inTable else { return }
            let count = max(1, attributes.integer("number-columns-repeated") ?? 1)
            if let visibility = attributes.text("visibility"), visibility != "visible" {
                hiddenColumns += column..<min(column + count, column + 1024)
            }
            column += count
        } else if name == "table" {
            startTable(attributes)
        } else if name == "style" {
            styleName = attributes.text("name")
        } else if name == "table-properties" {
            if let styleName, attributes.text("display") == "false" { tableStyleHidden.insert(styleName) }
        }
    }

    func elementEnded(_ name: XMLLocalName) {
        if name == "table-cell" || name == "covered-table-cell" {
            guard inTable else { return }
            endCell()
        } else if name == "annotation" {
            annotationDepth -= 1
        } else if name == "table-row" {
            guard inTable, let finished = row else { return }
            if !finished.cells.isEmpty || !finished.merges.isEmpty { ready.append((finished, rowRepeat)) }
            rowNumber += rowRepeat
            row = nil
        } else if name == "table" {
            if inTable {
                inTable = false
                done = true
            }
        }
    }

    func textFound(_ text: UnsafeBufferPointer<UInt8>) {
        if cell?.isText == true && annotationDepth == 0 && paragraphs > 0 { self.text.append(contentsOf: text) }
    }

    private func startTable(_ attributes: XMLAttributes) {
        guard !inTable else { return }
        let name = attributes.text("name") ?? "Sheet\(tablesSeen.count + 1)"
        let hidden = attributes.text("style-name").map { tableStyleHidden.contains($0) } ?? false
        tablesSeen.append(name)
        if hidden { hiddenTableNames.insert(name) }
        guard !done else { return }
        let chosen: Bool = switch choice {
        case .name(let wanted)?: name == wanted || name.lowercased() == wanted.lowercased()
        case .position(let position)?: tablesSeen.count == position
        case nil: !hidden
        }
        guard chosen else { return }
        inTable = true
        sheetName = name
        sheetFileName = FileName(name)
    }

    private func startCell(_ attributes: XMLAttributes, covered: Bool) {
        var started = Cell()
        started.repeats = max(1, attributes.integer("number-columns-repeated") ?? 1)
        text.removeAll(keepingCapacity: true)
        paragraphs = 0
        defer { cell = started }
        guard !covered else { return }
        if let columns = attributes.integer("number-columns-spanned"), let rows = attributes.integer("number-rows-spanned"),
           columns > 1 || rows > 1 {
            started.merge = (max(1, rows), max(1, columns))
        }
        switch attributes.text("value-type") {
        case "float"?, "percentage"?, "currency"?:
            started.value = attributes.text("value").map(XLSXSheetRows.number)
        case "date"?:
            started.value = attributes.text("date-value").flatMap(ISODateTime.value)
        case "time"?:
            started.value = attributes.text("time-value").flatMap(Self.clockTime).map(SourceValue.text)
        case "boolean"?:
            started.value = .text(attributes.text("boolean-value") == "true" ? "TRUE" : "FALSE")
        case "string"?:
            started.isText = true
            // LibreOffice marks a formula's error (#N/A) in its own namespace.
            for index in 0..<attributes.count where attributes.local(index).map({ String(cString: $0) }) == "value-type" {
                if attributes.withValue(index, { String(decoding: $0, as: UTF8.self) }) == "error" { started.isError = true }
            }
        case nil:
            if attributes.index(of: "formula") != nil { report(.formulaWithoutValue, column: column) }
        default:
            started.isText = true
        }
    }

    private func endCell() {
        guard var finished = cell, row != nil else { return }
        cell = nil
        if finished.isText && !text.isEmpty {
            let string = String(decoding: text, as: UTF8.self)
            finished.value = finished.isError ? .spreadsheetError(string) : .text(string)
        }
        if let merge = finished.merge {
            row!.merges.append(MergedRange(row: row!.number, column: column, rows: merge.rows, columns: merge.columns))
        }
        if let value = finished.value {
            // (A repeated cell that holds a value is as many cells; a sheet has at most 16384 columns.)
            for offset in 0..<min(finished.repeats, max(0, 16_384 - column)) { row!.cells.append((column + offset, value)) }
        }
        column += finished.repeats
    }

    /// Every sheet of the document: content.xml names each only where it
    /// starts, so the rest of it is read (for `inspect`, after the sheet's
    /// rows). OpenDocument keeps no size of a sheet: none is said.
    func allSheets() throws -> [WorkbookSheetSummary] {
        while try parser.parseNext() {}
        return tablesSeen.map { WorkbookSheetSummary(name: $0, hidden: hiddenTableNames.contains($0), dimension: nil) }
    }

    /// `PT14H30M00S` as `14:30:00`.
    private static func clockTime(_ duration: String) -> String? {
        guard duration.hasPrefix("PT") else { return nil }
        var seconds = 0.0, number = ""
        for character in duration.dropFirst(2) {
            switch character {
            case "H": seconds += (Double(number) ?? 0) * 3600; number = ""
            case "M": seconds += (Double(number) ?? 0) * 60; number = ""
            case "S": seconds += Double(number) ?? 0; number = ""
            default: number.append(character)
            }
        }
        return SourceValue.clockTime(Int(seconds.rounded()) % 86_400)
    }

    private func report(_ finding: Finding, column: Int) {
        issues.report(Issue(finding, .warning, at: SourceLocation(file: fileName, sheet: sheetFileName, row: rowNumber + 1,
                                                                   column: column + 1)))
    }
}

/// The `ods` reader: opens a spreadsheet and reads its sheet's rows as records.
enum ODSReader {
    static func open(path: String, options: WorkbookOptions, issues: IssueSink) throws -> RecordReader {
        let members = try WorkbookArchive.members(of: path, displayPath: path)
        guard WorkbookArchive.readerName(members) == "ods" else {
            throw InputError(path: path, message: WorkbookArchive.notAWorkbook(members))
        }
        let rows = try ODSSheetRows(path: path, displayPath: path, sheet: options.sheet, issues: issues)
        return try SheetRecordReader(rows: rows, options: options, displayPath: path,
                                     sheets: { try rows.allSheets() }, issues: issues)

    }
}
