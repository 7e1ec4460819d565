import Foundation
import Testing
@testable import HTCDSMigration

/// End to end: each shipped mapping converts its sample to the committed
/// expected output and report. After a deliberate change, regenerate them with
///     HTCDS_UPDATE_GOLDEN=1 swift test --filter GoldenTests
/// and review the difference like any other change.
@Suite struct GoldenTests {
    struct Case: CustomStringConvertible, Sendable {
        let mapping: String
        let format: OutputFormat
        let golden: String
        /// An SQL script the input database is made from, in a temporary folder.
        var databaseScript: String?
        var description: String { golden }
    }

    static let cases = [
        Case(mapping: "Mappings/safe-passage-register.yaml", format: .jsonl, golden: "safe-passage-register.jsonl"),
        Case(mapping: "Mappings/safe-passage-register-excel.yaml", format: .jsonl, golden: "safe-passage-register-excel.jsonl"),
        Case(mapping: "Mappings/safe-passage-register-excel.yaml", format: .csv, golden: "safe-passage-register-excel.csv"),
        Case(mapping: "Mappings/casetrack-export-xml.yaml", format: .jsonl, golden: "casetrack-export-xml.jsonl"),
        Case(mapping: "Mappings/casetrack-export-xml.yaml", format: .csv, golden: "casetrack-export-xml.csv"),
        Case(mapping: "Mappings/hope-shelter-sqlite.yaml", format: .jsonl, golden: "hope-shelter-sqlite.jsonl",
             databaseScript: "Samples/hope-shelter.sql"),
        Case(mapping: "Mappings/htcds-excel-template.yaml", format: .jsonl, golden: "htcds-excel-template.jsonl"),
        Case(mapping: "Mappings/htcds-excel-template.yaml", format: .csv, golden: "htcds-excel-template.csv"),
        Case(mapping: "Mappings/htcds-kobo-export.yaml", format: .jsonl, golden: "htcds-kobo-export.jsonl"),
        Case(mapping: "Mappings/ctdc-style-dataset.yaml", format: .jsonl, golden: "ctdc-style-dataset.jsonl"),
    ]

    /// Each sample with one mapping thread and with three, and with the cell
    /// memos off (every cell mapped the long way): the same goldens.
    @Test(arguments: cases, [1, 3, 0])
    func convertsTheSampleAsExpected(_ golden: Case, threads: Int) throws {
        let folder = TemporaryFolder()
        var options = MigrationOptions(mappingPath: Repository.path(golden.mapping))
        options.threads = max(1, threads)
        options.remembersCells = threads != 0
        options.outputPath = folder.path("out")
        options.format = golden.format
        options.includeLabelRow = golden.format == .csv
        options.rejectsPath = folder.path("rejects.csv")
        if let script = golden.databaseScript {
            // Made from its SQL here, so the test does not trust the committed binary.
            let sql = try String(contentsOfFile: Repository.path(script), encoding: .utf8)
            options.inputPath = try makeDatabase(sql, in: folder, name: "hope-shelter.sqlite")
        }
        let report = try Migration.run(options, standard: testStandard)
        #expect(report.read == report.written + report.rejected)

        // Paths are written as given; the test gives absolute ones, so take the checkout's place out.
        let root = Repository.root.path + "/"
        let scrub = { (text: String) in
            text.replacingOccurrences(of: root, with: "").replacingOccurrences(of: folder.url.path + "/", with: "Samples/")
        }
        var outputs = [
            (golden.golden, scrub(folder.read("out") ?? "")),
            (golden.golden + ".report.json", withoutRunDetails(scrub(ReportRendering(report, showValues: false).json()))),
            (golden.golden + ".rejects.csv", scrub(folder.read("rejects.csv") ?? "")),
        ]
        // Rejected related records, one file per related set; related CSV files beside the output.
        for name in folder.contents where (name.hasPrefix("rejects.") && name != "rejects.csv") || name.hasPrefix("out.") {
            outputs.append((golden.golden + "." + name, scrub(folder.read(name) ?? "")))
        }
        for (name, actual) in outputs {
            let path = Repository.path("Tests/HTCDSMigrationTests/Golden/" + name)
            if ProcessInfo.processInfo.environment["HTCDS_UPDATE_GOLDEN"] == "1" && threads == 1 {
                try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
                continue
            }
            // Decoded by hand: Foundation would drop the CSV's byte-order mark.
            let expected = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            #expect(actual == expected, "\(name) differs from the golden file")
        }
    }
}

@Suite struct TemplateCSVTests {
    @Test func writesTheOfficialTemplatesLayout() throws {
        let run = MappingRun()
        let text = mapping(fields: """
              cas_CaseOwner: Owner
              vic_TraffickingStatusDecisionMakingOrg: By
              cas_ReasonForOutgoingReferral: Reason
              vic_MethodsOfControl:
                from: Methods
                split: "+"
              con_Consent: Consent
              prs_MaritalStatus: Marital
              cas_ReferringOrganisation: Referrer
            """)
        let (_, output) = try run.run(mapping: text, input: "Id,Owner,By,Reason,Methods,Consent,Marital,Referrer\n9,Ann,police,Other,debt bondage+false promises,no,single,\"City Police, North\"\n") {
            $0.format = .csv
            $0.outputPath = run.folder.path("out.csv")
            $0.includeLabelRow = true
        }
        let bytes = Array(output.utf8)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let rows = output.dropFirst().components(separatedBy: "\r\n")
        let names = rows[0].components(separatedBy: ",")
        let template = testStandard.excelTemplate
        #expect(Array(names.prefix(39)) == template.names)
        #expect(Array(names.dropFirst(39)) == ["prs_MaritalStatus"])
        #expect(rows[1].hasPrefix(",Case Owner,Salutation,"))
        #expect(rows[1].hasSuffix(",Marital Status"))
        let cells = rows[2].components(separatedBy: ",")
        #expect(cells[0] == "1")
        #expect(cells[1] == "Ann")
        #expect(cells[5] == "FALSE")
        #expect(cells[19] == "Police")          // under the misspelt vic_TraffickinStatusDecisionMakingOrg
        #expect(cells[22] == "DebtBondage;FalsePromises")
        #expect(rows[2].contains(",\"City Police, North\","))
        #expect(cells[36] == "Other")           // the unnamed "Reason for Outgoing Referral" column
        #expect(cells.last == "Single")
        #expect(rows.count == 4 && rows[3].isEmpty)
    }
}
