import Foundation
import Testing
@testable import HTCDSMigration

/// The report as a page (`--report report.html`) and as a Markdown summary
/// (issue 20, items 1 and 2): well-formed XML (libxml2's parser reads it,
/// through Foundation), the JSON report's counts, and no value that
/// `--show-values` would reveal.
@Suite struct ReportPageTests {
    static func registerReport() throws -> MigrationReport {
        var options = MigrationOptions(mappingPath: Repository.path("Mappings/safe-passage-register.yaml"))
        let folder = TemporaryFolder()
        options.outputPath = folder.path("out.jsonl")
        return try Migration.run(options, standard: testStandard)
    }

    /// The texts of a page's elements, read back by an XML parser (nil: not well formed).
    static func texts(_ page: String) throws -> String {
        try #require(XMLReadBack.read(Data(page.utf8))).text
    }

    @Test func thePageIsWellFormedAndHoldsTheReportsCounts() throws {
        let report = try Self.registerReport()
        let page = ReportHTML(ReportRendering(report, showValues: false)).page()
        let text = try Self.texts(page)
        #expect(text.contains("59 of 61 records written, 2 rejected"))
        #expect(text.contains("cases: 61 read, 59 written, 2 rejected"))
        for fill in report.fieldFill { #expect(text.contains(fill.field.name + (fill.field.isCore ? " core" : "") + "\(fill.filled)")) }
        #expect(text.contains("forced criminality"))     // an unmapped value, not personal
        #expect(text.contains("vic_TypeOfExploitation"))
        #expect(text.contains(report.mappingSHA256 ?? "?"))
        // Self-contained: no address to fetch, no script.
        #expect(!page.contains("http://") || page.components(separatedBy: "http://").count == 2)  // the XHTML namespace only
        #expect(!page.contains("https://") && !page.contains("<script"))
        // XHTML-compatible: none of the elements libxml2 2.9's HTML parser refuses.
        for element in ["<main", "<section", "<svg", "<nav", "<header", "<footer"] { #expect(!page.contains(element)) }
    }

    /// A value from a personal-looking column ("Name") is masked on the page as in the JSON report;
    /// `--show-values` shows it.
    @Test func personalValuesAreMaskedAsInTheJSONReport() throws {
        let run = MappingRun()
        let (report, _) = try run.run(mapping: mapping(fields: """
              prs_Gender: { from: Name, map: { F: Feminine } }
            """), input: "Id,Name\n1,F\n2,Ioana-Popescu\n")
        #expect(!ReportRendering(report, showValues: false).json().contains("Ioana-Popescu"))
        let masked = try Self.texts(ReportHTML(ReportRendering(report, showValues: false)).page())
        let shown = try Self.texts(ReportHTML(ReportRendering(report, showValues: true)).page())
        #expect(!masked.contains("Ioana-Popescu") && masked.contains("[masked"))
        #expect(shown.contains("Ioana-Popescu"))
        #expect(!ReportMarkdown(ReportRendering(report, showValues: false)).text().contains("Ioana-Popescu"))
    }

    @Test func theSummaryIsMarkdownTables() throws {
        let report = try Self.registerReport()
        let summary = ReportMarkdown(ReportRendering(report, showValues: false)).text()
        #expect(summary.hasPrefix("# HTCDS migration report\n"))
        #expect(summary.contains("**59 of 61 records written, 2 rejected**"))
        #expect(summary.contains("| field | filled | share |\n| --- | --- | --- |\n| prs_FirstName (core) | 59 | 100% |"))
        #expect(summary.contains("| vic_TypeOfExploitation | forced criminality | 9 |"))
        #expect(ReportMarkdown.cell("a|b\nc") == "a\\|b c")
    }

    @Test(arguments: [("r.json", ReportFormat.json), ("r.HTML", .html), ("r.htm", .html), ("summary.md", .markdown), ("r", .json)])
    func theFormIsTheExtensions(path: String, format: ReportFormat) {
        #expect(ReportFormat(path: path) == format)
    }
}

/// What changed since the last run (issue 20, item 6): two runs of one mapping
/// on this month's and last month's export.
@Suite struct ReportDiffTests {
    static let fields = """
          prs_Gender: { from: Sex, map: { F: Feminine, M: Masculine } }
          prs_Birthdate: { from: DOB, date: dd/MM/yyyy }
        """

    static func report(_ input: String) throws -> Data {
        let (report, _) = try MappingRun().run(mapping: mapping(fields: fields), input: input)
        return Data(ReportRendering(report, showValues: false).json().utf8)
    }

    @Test func saysWhatChanged() throws {
        let lastMonth = try Self.report("Id,Sex,DOB\n1,F,03/02/1990\n2,M,04/05/1991\n3,F,\n")
        let thisMonth = try Self.report("Id,Sex,DOB,Phone\n1,F,03/02/1990,1\n2,robot,31/02/1991,2\n3,F,,3\n4,F,,4\n")
        let diff = try ReportDiff(old: lastMonth, new: thisMonth, fillThreshold: 0.05)
        #expect(diff.changes == [
            .columnAdded("Phone"),
            .unmappedValueNew(field: "prs_Gender", value: "robot", count: 1),
            .invalidGrew(field: "prs_Birthdate", code: "date-format", old: 0, new: 1),
            .fillMoved(field: "prs_Birthdate", old: 0.6667, new: 0.25),   // the standard's order
            .fillMoved(field: "prs_Gender", old: 1, new: 0.75),
        ])
        #expect(diff.counts.map(\.new) == [4, 4, 0])
        #expect(diff.text().hasPrefix("records: read 3 → 4, written 3 → 4, rejected 0 → 0\ncolumn added: Phone\n"))
        #expect(try ReportDiff(old: thisMonth, new: thisMonth).changes.isEmpty)
        // A looser threshold lets the fill rates move unsaid.
        #expect(try ReportDiff(old: lastMonth, new: thisMonth, fillThreshold: 0.5).changes.count == 3)
        #expect(throws: InputError.self) { try ReportDiff(old: Data("[]".utf8), new: thisMonth) }
    }
}
