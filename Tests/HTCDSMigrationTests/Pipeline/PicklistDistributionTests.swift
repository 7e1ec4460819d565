import Foundation
import HTCDS
import Testing
@testable import HTCDSMigration

/// The report's distribution of each picklist field (issue 20, item 3:
/// `fields[].values`) counts the written cases, checked against a second
/// count made here from the output itself: with one thread and several
/// (lines encoded before settling rejects a repeated id or an invalid
/// value), and where cases are completed with related records.
@Suite struct PicklistDistributionTests {
    /// Each picklist field's values as the output holds them: field → value → cases.
    static func countedInOutput(_ output: String, fields: [Field]) -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for object in MappingRun.objects(output) {
            for field in fields where field.hasPicklist && field.codeList == nil {
                switch object[field.name] {
                case let name as String: counts[field.name, default: [:]][name, default: 0] += 1
                case let names as [String]: for name in names { counts[field.name, default: [:]][name, default: 0] += 1 }
                default: break
                }
            }
        }
        return counts
    }

    /// The report's distribution, values no case holds left out.
    static func reported(_ report: MigrationReport) -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for fill in report.fieldFill {
            for value in fill.values ?? [] where value.count > 0 { counts[fill.field.name, default: [:]][value.name] = value.count }
        }
        return counts
    }

    /// Every picklist of the standard numbered: each value once, each
    /// picklist within one word of 64 numbers, country and language fields left out.
    @Test func eachPicklistIsNumberedWithinOneWord() {
        let fields = testStandard.fields
        let numbering = PicklistNumbering(fields: fields)
        let picklists = fields.filter { $0.hasPicklist && $0.codeList == nil }
        #expect(numbering.slots.count == picklists.count && picklists.count >= 20)
        #expect(numbering.values.count == picklists.map(\.values.count).reduce(0, +))
        #expect(Set(numbering.values.map(\.number)).count == numbering.values.count)
        #expect(numbering.count <= SmallIntSet.inlineCapacity)  // every picklist of the standard fits the inline words
        for (slot, first) in zip(numbering.slots, numbering.firsts) {
            let numbers = numbering.values.filter { $0.slot == slot }.map(\.number)
            #expect(numbers == Array(first..<first + fields[slot].values.count))
            #expect(first / 64 == (numbers.last ?? first) / 64, "\(fields[slot].name) crosses a word")
            #expect(numbering.values.filter { $0.slot == slot }.map(\.name) == fields[slot].values.map(\.name))
        }
    }

    @Test(arguments: [InvalidValuePolicy.keep, .reject], [1, 3])
    func theDistributionCountsWrittenCases(policy: InvalidValuePolicy, threads: Int) throws {
        let run = MappingRun()
        let (report, output) = try run.run(mapping: mapping(fields: ParallelRunTests.fields),
                                           input: ParallelRunTests.register(rows: 1500)) { options in
            options.threads = threads
            options.onInvalid = policy
        }
        // Repeated ids rejected, and under `reject` invalid birth dates too: both after lines are made.
        #expect(report.rejected > (policy == .reject ? 100 : 10))
        let fields = try ["prs_Gender", "vic_TypeOfExploitation", "vic_MethodsOfControl"].map { try #require(testStandard.field(named: $0)) }
        let expected = Self.countedInOutput(output, fields: fields)
        #expect(expected.count == 3)
        #expect(Self.reported(report) == expected)
        // Each value of each picklist is listed, in the standard's order.
        for fill in report.fieldFill where fill.field.hasPicklist && fill.field.codeList == nil {
            #expect(fill.values?.map(\.name) == fill.field.values.map(\.name))
        }
        #expect(report.fieldFill.first { $0.field.name == "prs_Birthdate" }?.values == nil)
    }

    /// The SQLite sample: cases completed with related records and organisations on the settling thread.
    @Test func casesWithRelatedRecordsAreCountedAsWritten() throws {
        let folder = TemporaryFolder()
        var options = MigrationOptions(mappingPath: Repository.path("Mappings/hope-shelter-sqlite.yaml"))
        options.outputPath = folder.path("out.jsonl")
        let report = try Migration.run(options, standard: testStandard)
        let output = try #require(folder.read("out.jsonl"))
        let expected = Self.countedInOutput(output, fields: report.fieldFill.map(\.field))
        #expect(!expected.isEmpty)
        #expect(Self.reported(report) == expected)
    }

    /// Every golden report's distribution is what its golden output holds
    /// (CSV, XML, SQLite with related sets, JSON Lines of each).
    @Test(arguments: GoldenTests.cases.filter { $0.format == .jsonl })
    func everyGoldenReportCountsItsOutput(_ golden: GoldenTests.Case) throws {
        let folder = Repository.path("Tests/HTCDSMigrationTests/Golden") + "/"
        let output = try String(contentsOfFile: folder + golden.golden, encoding: .utf8)
        let report = try #require(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder + golden.golden + ".report.json"))) as? [String: Any])
        var reported: [String: [String: Int]] = [:]
        var fields: [Field] = []
        for entry in try #require(report["fields"] as? [[String: Any]]) {
            let name = try #require(entry["field"] as? String)
            fields.append(try #require(testStandard.field(named: name)))
            for value in entry["values"] as? [[String: Any]] ?? [] where (value["count"] as? Int ?? 0) > 0 {
                reported[name, default: [:]][try #require(value["value"] as? String)] = value["count"] as? Int
            }
        }
        #expect(reported == Self.countedInOutput(output, fields: fields))
    }

    /// The JSON report lists every value with its count; the page and the
    /// summary show the values some case holds.
    @Test func everyReportShowsTheDistribution() throws {
        let report = try ReportPageTests.registerReport()
        let rendering = ReportRendering(report, showValues: false)
        let json = try #require(JSONSerialization.jsonObject(with: Data(rendering.json().utf8)) as? [String: Any])
        let fields = try #require(json["fields"] as? [[String: Any]])
        let gender = try #require(fields.first { $0["field"] as? String == "prs_Gender" })
        let values = try #require(gender["values"] as? [[String: Any]])
        let fill = try #require(report.fieldFill.first { $0.field.name == "prs_Gender" })
        #expect(values.map { $0["value"] as? String } == fill.field.values.map(\.name))
        #expect(values.map { $0["count"] as? Int } == fill.values?.map(\.count))
        #expect(values.compactMap { $0["count"] as? Int }.reduce(0, +) == fill.filled)  // one gender a case
        let page = try ReportPageTests.texts(ReportHTML(rendering).page())
        let summary = ReportMarkdown(rendering).text()
        for value in fill.values ?? [] where value.count > 0 {
            #expect(page.contains("\(value.name)\(value.count)"))
            #expect(summary.contains("| prs_Gender | \(value.name) | \(value.count) |"))
        }
    }
}
