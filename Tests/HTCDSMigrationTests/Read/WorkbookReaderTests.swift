import Foundation
import Testing
import ZIPFoundation
@testable import HTCDSMigration

/// The `xlsx` and `ods` readers on workbooks we did not write: openpyxl's
/// (Scripts/make-workbook-samples.py) and LibreOffice's conversions of them.
/// The register's truth is its CSV: converted from the workbooks, the cases
/// are the CSV's (issue 19, item 1).
@Suite struct WorkbookReaderTests {
    static func fixture(_ name: String) -> String { Repository.path("Tests/HTCDSMigrationTests/Fixtures/" + name) }

    static func open(_ path: String, _ options: WorkbookOptions = WorkbookOptions(),
                     issues: IssueRecorder = IssueRecorder()) throws -> (reader: RecordReader, records: [SourceRecord]) {
        let reader = path.hasSuffix(".ods") ? try ODSReader.open(path: path, options: options, issues: issues)
            : try XLSXReader.open(path: path, options: options, issues: issues)
        var records: [SourceRecord] = []
        while let record = try reader.next() { records.append(record) }
        return (reader, records)
    }

    /// The register as Excel (openpyxl), as LibreOffice's .ods, and as
    /// LibreOffice's .xlsx (text in shared strings) gives the CSV's cases.
    @Test(arguments: ["Mappings/safe-passage-register-xlsx.yaml", "Mappings/safe-passage-register-ods.yaml",
                      "libreoffice"])
    func theRegisterAsAWorkbookGivesTheCSVsCases(mapping: String) throws {
        let folder = TemporaryFolder()
        func convert(_ mappingPath: String, input: String? = nil) throws -> (MigrationReport, [String]) {
            var options = MigrationOptions(mappingPath: Repository.path(mappingPath))
            options.inputPath = input
            options.outputPath = folder.path("out.jsonl")
            let report = try Migration.run(options, standard: testStandard)
            let lines = (folder.read("out.jsonl") ?? "").split(separator: "\n").map { line in
                var object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                object["source"] = nil
                let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                // An XML file keeps no carriage return (openpyxl writes the CSV's \r\n as \n).
                return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\r\\n", with: "\\n")
            }
            return (report, lines)
        }
        let (csvReport, csvCases) = try convert("Mappings/safe-passage-register.yaml")
        let (report, cases) = mapping == "libreoffice"
            ? try convert("Mappings/safe-passage-register-xlsx.yaml", input: Self.fixture("safe-passage-register-libreoffice.xlsx"))
            : try convert(mapping)
        #expect(cases == csvCases)
        #expect(report.read == csvReport.read && report.rejected == csvReport.rejected)
        #expect(report.issues[.headerRowDetected]?.count == 1)
        #expect(report.issues[.hiddenColumns]?.examples.first?.message?.contains("Caseworker") == true)
    }

    /// A CSV record's row is the row Excel shows it on (after a note with a
    /// line break, below its line): openpyxl put each record Python's csv
    /// module read from the register's CSV on the sheet's row 4 on (a title
    /// and a blank row above the header), so each case's rows differ by two.
    @Test func aCSVRecordsRowIsTheRowASpreadsheetShows() throws {
        let folder = TemporaryFolder()
        func sources(_ mappingPath: String) throws -> [String: [String: Any]] {
            var options = MigrationOptions(mappingPath: Repository.path(mappingPath))
            options.outputPath = folder.path("out.jsonl")
            _ = try Migration.run(options, standard: testStandard)
            let objects = MappingRun.objects(folder.read("out.jsonl") ?? "")
            return Dictionary(uniqueKeysWithValues: objects.map { ($0["caseId"] as! String, $0["source"] as! [String: Any]) })
        }
        let csv = try sources("Mappings/safe-passage-register.yaml")
        let workbook = try sources("Mappings/safe-passage-register-xlsx.yaml")
        #expect(csv.count == workbook.count)
        for (caseID, source) in csv {
            #expect((source["row"] as? Int).map { $0 + 2 } == workbook[caseID]?["row"] as? Int)
        }
        // The register's notes hold line breaks: lines and rows part ways.
        #expect(csv.values.contains { ($0["line"] as? Int) != ($0["row"] as? Int) })
    }

    /// Each cell keeps the type the workbook gives it.
    @Test func cellsKeepTheirTypes() throws {
        let issues = IssueRecorder()
        let (reader, records) = try Self.open(Self.fixture("workbook-cells.xlsx"), issues: issues)
        // The first sheet is hidden: the first visible one is read; the title above the header is skipped.
        #expect(reader.inputDescription == "sheet 'Cases'")
        #expect(reader.columns == ["ID", "Name", "Phone", "Born", "Count", "Region", "Flag"])
        #expect(records.map(\.location.row) == [3, 4, 5, 6])
        #expect(records[0].location.description.hasSuffix("workbook-cells.xlsx!Cases:3"))
        let first = records[0].values
        #expect(first[0] == .text("007"))
        #expect(first[2] == .text("+44 7400 123456"))
        #expect(first[3] == .dateTime(CalendarDate(year: 1991, month: 5, day: 18)!, secondsOfDay: nil))
        #expect(first[4] == .integer(3))
        #expect(first[6] == .text("TRUE"))
        let second = records[1].values
        #expect(second[1] == .spreadsheetError("#N/A"))
        #expect(second[2] == .integer(4_915_112_345_678))
        #expect(second[3] == .integer(60))          // serial 60: no date, said
        #expect(second[4] == .real(2.5))
        #expect(second[5] == .null)                 // merged below North: empty unless filled
        let third = records[2].values
        #expect(third[1] == .null)                  // a formula saved without its value
        #expect(third[3] == .dateTime(CalendarDate(year: 2019, month: 3, day: 10)!, secondsOfDay: 14 * 3600 + 30 * 60))
        #expect(third[3].text == "2019-03-10T14:30:00")
        #expect(records[3].values[3] == .text("10/03/2019"))
        let codes = Set(issues.codes())
        #expect(codes.isSuperset(of: [.cellUnreadable, .formulaWithoutValue, .hiddenRows, .mergedCells, .headerRowDetected]))
        let cellIssue = issues.issues.first { $0.code == .formulaWithoutValue }
        #expect(cellIssue?.location?.description.hasSuffix("workbook-cells.xlsx!Cases:B5") == true)
        #expect(issues.issues.first { $0.code == .hiddenRows }?.location?.row == 6)
    }

    /// LibreOffice's .ods of the same workbook: its own types, its repeated
    /// empty rows and columns counted, not expanded.
    @Test func anODSReadsItsTypedCells() throws {
        let issues = IssueRecorder()
        let (reader, records) = try Self.open(Self.fixture("workbook-cells.ods"), issues: issues)
        #expect(reader.columns == ["ID", "Name", "Phone", "Born", "Count", "Region", "Flag"])
        #expect(records.map(\.location.row) == [3, 4, 5, 6])
        #expect(records[0].values[0] == .text("007"))
        #expect(records[0].values[3] == .dateTime(CalendarDate(year: 1991, month: 5, day: 18)!, secondsOfDay: nil))
        #expect(records[1].values[1] == .spreadsheetError("#N/A"))
        #expect(records[1].values[4] == .real(2.5))
        // LibreOffice turned Excel's boolean into the formula =TRUE(), saved as the number 1.
        #expect(records[0].values[6] == .integer(1))
        // It computed the formula the .xlsx had no value for.
        #expect(records[2].values[1] == .integer(2))
        #expect(Set(issues.codes()).isSuperset(of: [.hiddenRows, .mergedCells]))
    }

    @Test(arguments: ["workbook-cells.xlsx", "workbook-cells.ods"])
    func mergedFillCopiesTheFirstCellDownTheRange(name: String) throws {
        var options = WorkbookOptions()
        options.fillsMerged = true
        let issues = IssueRecorder()
        let (_, records) = try Self.open(Self.fixture(name), options, issues: issues)
        #expect(records.map { $0.values[5] } == [.text("North"), .text("North"), .text("North"), .text("South")])
        #expect(issues.issues.first { $0.code == .mergedCells }?.message.contains("merged: fill") == true)
    }

    /// A copy of a fixture with one member's text changed, stored rather than compressed when asked.
    static func rewritten(_ name: String, member: String, in folder: TemporaryFolder, stored: Bool = false,
                          _ change: (String) -> String = { $0 }) throws -> String {
        let original = try Archive(url: URL(fileURLWithPath: fixture(name)), accessMode: .read)
        let path = folder.path(name)
        let copy = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for entry in original {
            var data = Data()
            _ = try original.extract(entry) { data.append($0) }
            if entry.path == member { data = Data(change(String(decoding: data, as: UTF8.self)).utf8) }
            let written = data
            try copy.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(written.count),
                              compressionMethod: entry.path == member && stored ? .none : .deflate) { position, size in
                written.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return path
    }

    /// The cases sheet as the Open XML SDK writes (every element `x:`-prefixed),
    /// with comments between cells and a line a row, reads as the plain one.
    @Test func aSheetWrittenWithPrefixesReadsAsThePlainOne() throws {
        let folder = TemporaryFolder()
        let prefixed = try Self.rewritten("workbook-cells.xlsx", member: "xl/worksheets/sheet2.xml", in: folder) { xml in
            xml.replacingOccurrences(of: #"<(/?)([A-Za-z])"#, with: "<$1x:$2", options: .regularExpression)
                .replacingOccurrences(of: "xmlns=", with: "xmlns:x=")
                .replacingOccurrences(of: "<x:c ", with: "<!-- a cell --><x:c ")
                .replacingOccurrences(of: "</x:row>", with: "</x:row>\r\n")
        }
        let plain = try Self.open(Self.fixture("workbook-cells.xlsx")).records
        let read = try Self.open(prefixed).records
        #expect(read.map(\.values) == plain.map(\.values))
        #expect(read.map(\.location.row) == [3, 4, 5, 6])
    }

    /// A sheet whose bytes do not match the archive's CRC-32 stops the read.
    @Test func aSheetThatFailsItsChecksumIsRefused() throws {
        let folder = TemporaryFolder()
        let path = try Self.rewritten("workbook-cells.xlsx", member: "xl/worksheets/sheet2.xml", in: folder, stored: true)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let name = Array("<t>Ana</t>".utf8)
        let at = try #require((0...(bytes.count - name.count)).first { Array(bytes[$0..<($0 + name.count)]) == name })
        bytes[at + 5] = UInt8(ascii: "b")
        let damaged = folder.write("damaged.xlsx", bytes: bytes)
        let error = #expect(throws: InputError.self) { try Self.open(damaged) }
        #expect(error?.message == "is damaged: its part xl/worksheets/sheet2.xml fails its checksum")
        #expect(try Self.open(path).records.count == 4)
    }

    @Test func theWorkbooksDateSystemIsUsed() throws {
        let (_, records) = try Self.open(Self.fixture("workbook-1904.xlsx"))
        #expect(records.first?.values[1] == .dateTime(CalendarDate(year: 1991, month: 5, day: 18)!, secondsOfDay: nil))
    }

    @Test func aSheetIsChosenByNameOrPosition() throws {
        var options = WorkbookOptions()
        options.sheet = .name("notes")
        options.headerRow = 1
        #expect(try Self.open(Self.fixture("workbook-cells.xlsx"), options).reader.columns == ["internal notes, not cases"])
        options.sheet = .position(2)
        options.headerRow = nil
        #expect(try Self.open(Self.fixture("workbook-cells.ods"), options).reader.inputDescription == "sheet 'Cases'")
        options.sheet = .name("Clients")
        for name in ["workbook-cells.xlsx", "workbook-cells.ods"] {
            let error = #expect(throws: InputError.self) { try Self.open(Self.fixture(name), options) }
            #expect(error?.message == "has no sheet 'Clients'; its sheets are 'Notes', 'Cases'")
        }
    }

    /// A date cell is a date whatever the entry's formats say; a date typed
    /// as text is read by them; serial 60 fails its field.
    @Test func dateCellsNeedNoFormat() throws {
        let folder = TemporaryFolder()
        let mappingPath = folder.write("mapping.yaml", """
            htcds: "2.0"
            source: { reader: xlsx, path: \(Self.fixture("workbook-cells.xlsx")) }
            case_id: ID
            fields:
              prs_Birthdate: { from: Born, date: dd/MM/yyyy }
            """)
        var options = MigrationOptions(mappingPath: mappingPath)
        options.outputPath = folder.path("out.jsonl")
        let report = try Migration.run(options, standard: testStandard)
        let births = MappingRun.objects(folder.read("out.jsonl") ?? "").map { $0["prs_Birthdate"] as? String }
        #expect(births == ["1991-05-18", nil, "2019-03-10", "2019-03-10"])
        #expect(report.invalidValueCount == 1)
    }

    @Test func sheetLocationsPrintAsSpreadsheetsNameCells() {
        #expect(SourceLocation.columnLetters(1) == "A")
        #expect(SourceLocation.columnLetters(26) == "Z")
        #expect(SourceLocation.columnLetters(27) == "AA")
        #expect(SourceLocation.columnLetters(16384) == "XFD")
        #expect(CellReference("XFD1048576") == CellReference("$XFD$1048576"))
        #expect(CellReference("AC17")?.column == 28)
        #expect(MergedRange(reference: "A1:AC1") == MergedRange(row: 1, column: 0, rows: 1, columns: 29))
    }

    @Test(arguments: [
        ("dd/mm/yyyy", CellStyles.Shown.date), ("yyyy-mm-dd h:mm:ss", .date), ("mmm-yy", .date), ("h:mm", .time),
        ("[h]:mm:ss", .time), ("General", .number), ("0.00", .number), ("#,##0 \"days\"", .number), ("[Red]0.0", .number),
        ("[$-409]d-mmm-yy;@", .date), ("0.0;\"d\"", .number),
    ])
    func numberFormatsThatShowDates(code: String, shown: CellStyles.Shown) {
        #expect(CellStyles.shown(code: code) == shown)
    }

    @Test func escapedCharactersInWorkbookTextAreDecoded() {
        let text = Array("line_x000D_ break _x005F_x0041_".utf8)
        #expect(text.withUnsafeBufferPointer(OOXMLEscapes.decoded) == "line\r break _x0041_")
    }

    /// Rows as a workbook's reader hands them, for `SheetRecordReader` alone.
    final class GivenRows: SheetRowSource {
        let sheetName = "Sheet1"
        let hiddenColumns: [Int] = []
        let mergesListedAfterRows: [MergedRange] = []
        var rows: [SheetRow]

        init(_ rows: [(Int, [String])]) {
            self.rows = rows.map { number, texts in
                var row = SheetRow(number: number)
                row.cells = texts.enumerated().compactMap { $1.isEmpty ? nil : ($0, SourceValue.text($1)) }
                return row
            }
        }

        func nextRow() throws -> SheetRow? { rows.isEmpty ? nil : rows.removeFirst() }
    }

    /// A sheet whose first filled row is far down: the header is its first row, not row 1.
    @Test func aHeaderFarDownTheSheetIsFound() throws {
        let rows = GivenRows([(60, ["Id", "Name"]), (61, ["1", "Ann"]), (63, ["2", "Bo"])])
        let reader = try SheetRecordReader(rows: rows, options: WorkbookOptions(), displayPath: "a.xlsx", sheets: { [] },
                                           issues: IssueRecorder())
        #expect(reader.columns == ["Id", "Name"])
        #expect(try reader.next()?.location.row == 61)
        #expect(try reader.next()?.location.description == "a.xlsx!Sheet1:63")
        #expect(try reader.next() == nil)
    }

    /// Two header rows, a group label written once over its columns, name them together.
    @Test func twoHeaderRowsNameTheColumnsTogether() throws {
        let rows = GivenRows([(1, ["Register"]), (2, ["", "Victim", ""]), (3, ["Id", "Name", "Born"]), (4, ["1", "Ann", "1990"]),
                              (5, ["2", "Bo", "1991"])])
        var options = WorkbookOptions()
        options.headerRows = 2
        let reader = try SheetRecordReader(rows: rows, options: options, displayPath: "a.xlsx", sheets: { [] },
                                           issues: IssueRecorder())
        #expect(reader.columns == ["Id", "Victim / Name", "Victim / Born"])
        #expect(try reader.next()?.location.row == 4)
    }
}
