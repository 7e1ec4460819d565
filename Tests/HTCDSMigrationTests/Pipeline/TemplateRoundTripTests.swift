import Foundation
import Testing
@testable import HTCDSMigration

/// The template CSV we write pastes under the official template's hidden row,
/// so the shipped template mapping must read it back to the same records.
@Suite struct TemplateRoundTripTests {
    @Test func templateCSVReadsBackThroughTheTemplateMapping() throws {
        let folder = TemporaryFolder()
        var first = MigrationOptions(mappingPath: Repository.path("Mappings/htcds-excel-template.yaml"))
        first.outputPath = folder.path("first.jsonl")
        _ = try Migration.run(first, standard: testStandard)

        var template = first
        template.outputPath = folder.path("template.csv")
        template.format = .csv
        template.includeLabelRow = true
        _ = try Migration.run(template, standard: testStandard)

        // The template mapping reads dates as dd/MM/yyyy; ours are ISO, so allow both.
        let mappingText = try String(contentsOfFile: Repository.path("Mappings/htcds-excel-template.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "date: [dd/MM/yyyy]", with: "date: [dd/MM/yyyy, yyyy-MM-dd]")
            .replacingOccurrences(of: "path: ../Samples/htcds-excel-template.csv", with: "path: template.csv")
        folder.write("again.yaml", mappingText)
        var again = MigrationOptions(mappingPath: folder.path("again.yaml"))
        again.outputPath = folder.path("again.jsonl")
        let report = try Migration.run(again, standard: testStandard)
        #expect(report.invalidValueCount == 0)

        let withoutSource = { (text: String) in
            text.split(separator: "\n").map { line in String(line[..<line.range(of: ",\"source\":")!.lowerBound]) }
        }
        let original = withoutSource(folder.read("first.jsonl") ?? "")
        #expect(original.count == 24)
        #expect(withoutSource(folder.read("again.jsonl") ?? "") == original)
    }
}
