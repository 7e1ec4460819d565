import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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

    /// The texts of a page's elements, read back by an XML parser.
    static func texts(_ page: String) throws -> String {
        let document = try XMLDocument(data: Data(page.utf8), options: [])
        return document.rootElement()?.stringValue ?? ""
    }

    @Test func thePageIsWellFormedAndHoldsTheReportsCounts() throws {
        let report = try Self.registerReport()
        let page = ReportHTML(ReportRendering(report, showValues: false)).page()
        let text = try Self.texts(page)
        #expect(text.contains("59 of 61 records written, 2 rejected"))
        #expect(text.contains("cases: 61 read, 59 written, 2 rejected"))
        for (field, filled) in report.fieldFill { #expect(text.contains(field.name + (field.isCore ? " core" : "") + "\(filled)")) }
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
