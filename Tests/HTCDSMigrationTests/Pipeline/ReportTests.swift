import Foundation
import Testing
import HTCDS
@testable import HTCDSMigration

@Suite struct ReportTests {
    let text = mapping(fields: """
          prs_Gender:
            from: Sex
            map: { F: Feminine }
          prs_Birthdate:
            from: DOB
            date: [dd/MM/yyyy]
          prs_FirstName: Name
          vic_Vulnerabilities: Vulnerable
        """) + "\nignore: [Age band]\n"
    let input = "Id,Sex,DOB,Name,Age band,Extra,Empty,Vulnerable\n1,F,03/02/1990,Ana,18-24,x,,\n2,robot,31/02/1990,Ion,25-34,,,\n3,robot,,Eva,,y,,\n"

    func run(showValues: Bool = false) throws -> (report: MigrationReport, json: [String: Any], summary: String) {
        let (report, _) = try MappingRun().run(mapping: text, input: input)
        let rendering = ReportRendering(report, showValues: showValues)
        let json = try JSONSerialization.jsonObject(with: Data(rendering.json().utf8)) as! [String: Any]
        return (report, json, rendering.summary())
    }

    /// The run's metadata and how full each field is (issue 20, item 3).
    @Test func namesTheRunAndHowFullEachFieldIs() throws {
        let run = MappingRun()
        let (report, _) = try run.run(mapping: text, input: input)
        let json = try JSONSerialization.jsonObject(with: Data(ReportRendering(report, showValues: false).json().utf8)) as! [String: Any]
        #expect((json["tool"] as? [String: Any])?["name"] as? String == "htcds")
        let mappingBytes = try Data(contentsOf: URL(fileURLWithPath: run.folder.path("mapping.yaml")))
        #expect(json["mappingSha256"] as? String == SHA256.hex([UInt8](mappingBytes)))
        let fields = (json["fields"] as? [[String: Any]] ?? []).map { ($0["field"] as? String ?? "", $0["filled"] as? Int ?? -1) }
        #expect(fields.first { $0.0 == "prs_Gender" }?.1 == 1)             // F, and two robots no map covers
        #expect(fields.first { $0.0 == "prs_Birthdate" }?.1 == 1)          // 31/02 is no date, the third is empty
        let gender = (json["fields"] as? [[String: Any]])?.first { $0["field"] as? String == "prs_Gender" }
        #expect(gender?["fillRate"] as? Double == 0.3333)
        #expect((json["records"] as? [String: Any])?["withInvalidValues"] as? Int == 1)
    }

    /// The report's committed JSON Schema (Schemas/htcds-report.schema.json, which .ci/run validates the
    /// golden reports with) names every code and every top-level key the report writes.
    @Test func theReportsSchemaKnowsEveryCodeAndKey() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Schemas/htcds-report.schema.json")))
        let schema = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let codes = ((schema["$defs"] as? [String: Any])?["code"] as? [String: Any])?["enum"] as? [String]
        #expect(codes == IssueCode.allCases.map(\.rawValue))
        let (report, _) = try MappingRun().run(mapping: text, input: input)
        let json = try JSONSerialization.jsonObject(with: Data(ReportRendering(report, showValues: false).json().utf8)) as! [String: Any]
        #expect(Set(json.keys) == Set((schema["properties"] as? [String: Any] ?? [:]).keys))
        #expect(Set(json.keys) == Set(schema["required"] as? [String] ?? []))
    }

    @Test func sourceDateEpochFixesTheRunsTime() {
        let fixed = RunClock.now(environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(fixed.fixed && RunClock.iso8601(fixed.date) == "2023-11-14T22:13:20Z")
        #expect(!RunClock.now(environment: [:]).fixed)
    }

    @Test func countsRecords() throws {
        let json = try run().json
        let records = json["records"] as? [String: Any]
        #expect(records?["read"] as? Int == 3)
        #expect(records?["written"] as? Int == 3)
        #expect(records?["rejected"] as? Int == 0)
        #expect(records?["balanced"] as? Bool == true)
        #expect(Set(json.keys).isSuperset(of: ["records", "unmappedColumns", "unmappedValues", "invalidValues", "missingCoreFields", "issues"]))
    }

    @Test func listsUnmappedColumnsWithHowOftenTheyAreFilled() throws {
        let columns = try run().json["unmappedColumns"] as? [[String: Any]]
        #expect(columns?.map { $0["column"] as? String } == ["Extra", "Empty"])
        #expect(columns?.map { $0["filled"] as? Int } == [2, 0])
    }

    @Test func listsUnmappedValuesWithCountsAndLocations() throws {
        let values = try run().json["unmappedValues"] as? [[String: Any]]
        let gender = try #require(values?.first)
        #expect(gender["field"] as? String == "prs_Gender")
        #expect(gender["columns"] as? [String] == ["Sex"])
        let robot = try #require((gender["values"] as? [[String: Any]])?.first)
        #expect(robot["value"] as? String == "robot")
        #expect(robot["count"] as? Int == 2)
        let locations = try #require(robot["locations"] as? [String])
        #expect(locations.count == 2)
        #expect(locations[0].hasSuffix("/input.csv:3") && locations[1].hasSuffix("/input.csv:4"))
    }

    /// Tallies keep the first few locations and the first thousand distinct
    /// values; what comes after is counted, never lost.
    @Test func tallyLimitsKeepCountsWhole() {
        let report = MigrationReport()
        let field = testStandard.field(named: "prs_Gender")!
        for number in 0..<(MigrationReport.distinctValuesKept + 50) {
            for repeat_ in 0..<(number == 0 ? MigrationReport.examplesKept + 3 : 1) {
                report.unmappedValue("value \(number)", field: field, columns: ["Sex"],
                                     at: SourceLocation(file: "in.csv", line: number + repeat_ + 2), becameOther: false)
            }
            report.invalidValue(nil, field: field, columns: ["Sex"], problem: ValueProblem(.notANumber(decimalComma: false)), at: SourceLocation(file: "in.csv", line: number))
        }
        let unmapped = report.unmappedValues["prs_Gender"]!
        #expect(unmapped.values.count == MigrationReport.distinctValuesKept)
        #expect(unmapped.otherValuesCount == 50)
        #expect(unmapped.values["value 0"]?.count == MigrationReport.examplesKept + 3)
        #expect(unmapped.values["value 0"]?.locations.count == MigrationReport.examplesKept)
        #expect(unmapped.values["value 0"]?.locations.first?.line == 2)
        #expect(report.invalidValueCount == MigrationReport.distinctValuesKept + 50)
        #expect(report.invalidValues.first?.value.examples.count == MigrationReport.examplesKept)
    }

    @Test func masksPersonalValuesUnlessAsked() throws {
        let masked = try run()
        let invalid = try #require((masked.json["invalidValues"] as? [[String: Any]])?.first)
        #expect(invalid["field"] as? String == "prs_Birthdate")
        #expect(invalid["reason"] as? String == "not a date in the format dd/MM/yyyy")
        #expect((invalid["examples"] as? [[String: Any]])?.first?["value"] as? String == "[masked: a date, 10 characters]")
        #expect(!masked.summary.contains("31/02/1990"))
        #expect(masked.summary.contains("[masked: a date, 10 characters]"))

        let shown = try run(showValues: true)
        let example = ((shown.json["invalidValues"] as? [[String: Any]])?.first?["examples"] as? [[String: Any]])?.first
        #expect(example?["value"] as? String == "31/02/1990")
        #expect(shown.summary.contains("31/02/1990"))
    }

    /// A personal column stays masked wherever its values show: a first name
    /// used to guess a gender, values that look like contacts; the kind of
    /// value is still said.
    @Test func masksThePersonalColumnsOfNonPersonalEntries() throws {
        let run = MappingRun()
        let (report, _) = try run.run(mapping: mapping(fields: """
              prs_FirstName: Given
              prs_Gender:
                from: Given
                map: { Maria: Feminine }
              cas_Status:
                from: Status
                map: { open: Active }
              vic_TraffickingStatus:
                from: Contact
                map: { confirmed: ActualVictimOfTrafficking }
            """), input: "Id,Given,Status,Contact\n1,Ioana,unknown,ana@example.org\n2,Maria,pending,confirmed\n")
        let rendering = ReportRendering(report, showValues: false)
        let summary = rendering.summary()
        #expect(!summary.contains("Ioana") && !summary.contains("ana@example.org"))
        #expect(summary.contains("[masked: a word, 5 letters]"))
        #expect(summary.contains("[masked: an e-mail address]"))
        #expect(summary.contains("\"pending\""))
        #expect(!rendering.json().contains("Ioana"))
        #expect(ReportRendering(report, showValues: true).summary().contains("Ioana"))
    }

    @Test func listsCoreFieldsNeverFilled() throws {
        let missing = try run().json["missingCoreFields"] as? [[String: String]]
        #expect(missing?.contains(["field": "prs_Salutation", "reason": "not mapped"]) == true)
        #expect(missing?.contains(["field": "prs_FirstName", "reason": "not mapped"]) == false)
        // Deprecated core fields are not asked for.
        #expect(missing?.contains { $0["field"] == "vic_Vulnerabilities" } == false)
        // 40 core fields, 2 of them deprecated, 3 mapped here.
        #expect(missing?.count == 35)
    }

    @Test func warnsOfDeprecatedFields() throws {
        let issues = try run().json["issues"] as? [[String: Any]]
        let deprecated = try #require(issues?.first { $0["code"] as? String == "deprecated-field" })
        #expect(deprecated["severity"] as? String == "warning")
        #expect(((deprecated["examples"] as? [[String: Any]])?.first?["message"] as? String) == "vic_Vulnerabilities is deprecated in HTCDS 2.0")
    }

    @Test func aFieldMappedButAlwaysEmptyIsMissing() throws {
        let (report, _) = try MappingRun().run(mapping: mapping(fields: "  prs_Salutation: Title"), input: "Id,Title\n1,\n")
        let missing = ReportRendering(report, showValues: false).missingCoreFields
        #expect(missing.contains { $0 == ("prs_Salutation", "empty in every record") })
    }

    @Test func theJSONIsTheSameForTheSameRun() throws {
        let first = ReportRendering(try MappingRun().run(mapping: text, input: input).report, showValues: false).json()
        let second = ReportRendering(try MappingRun().run(mapping: text, input: input).report, showValues: false).json()
        // The same but for the run's time and the temporary folders.
        let scrub = { (text: String) in
            withoutRunDetails(text).replacingOccurrences(of: #"/[^"]*/htcds-tests-[^/]+/"#, with: "/", options: .regularExpression)
        }
        #expect(scrub(first) == scrub(second))
    }

    /// Fields outside the run's target fields (a related set's) all sort
    /// last: among them the report goes by name, never by a dictionary's
    /// order (which depends on the order of insertion and on the process).
    @Test func fieldsOutsideTheTargetsAreListedByName() {
        let fields = Array(testStandard.fields.prefix(24))
        func rendered(_ order: [Field]) -> String {
            let report = MigrationReport()
            for field in order {
                report.unmappedValue("x", field: field, columns: ["C"], at: SourceLocation(file: "in.csv", line: 2), becameOther: false)
                report.invalidValue("y", field: field, columns: ["C"], problem: ValueProblem(.notANumber(decimalComma: false)), at: SourceLocation(file: "in.csv", line: 2))
            }
            return withoutRunDetails(ReportRendering(report, showValues: true).json())
        }
        let forwards = rendered(fields)
        #expect(forwards == rendered(fields.reversed()))
        let json = try? JSONSerialization.jsonObject(with: Data(forwards.utf8)) as? [String: Any]
        let listed = (json?["unmappedValues"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
        #expect(listed == fields.map(\.name).sorted())
    }
}
