import Foundation
import Testing
@testable import HTCDSMigration

/// `case_id:` beyond one column: several columns, a template, and ids
/// generated for inputs that have none (issue 19, item 3).
@Suite struct CaseIDTests {
    func convert(_ caseID: String, _ input: String) throws -> (report: MigrationReport, ids: [String?]) {
        let text = """
            htcds: "2.0"
            source:
              reader: csv
              path: input.csv
            case_id: \(caseID)
            fields:
              prs_FirstName: Name
            """
        let (report, output) = try MappingRun().run(mapping: text, input: input)
        return (report, MappingRun.objects(output).map { $0["caseId"] as? String })
    }

    static let register = "Name,Born,Year,Number\nAna,1990-02-03,2019,7\n\nIon,1985-07-01,2019,8\n"

    @Test func generatedByRowCountsDataRecordsNotLines() throws {
        let (report, ids) = try convert("{ generate: row, prefix: \"ctdc-\" }", Self.register)
        #expect(ids == ["ctdc-1", "ctdc-2"])
        #expect(report.written == 2)
    }

    /// The hash is SHA-256 of the cells joined by U+001F, its first 12 hex
    /// digits (the expected values computed with Python's hashlib).
    @Test func generatedByHashIsTheSameForTheSameCells() throws {
        let (_, ids) = try convert("{ generate: hash, from: [Name, Born] }", Self.register)
        #expect(ids == ["c0a637f3fd69", "474f18cd0c77"])
        let (report, again) = try convert("{ generate: hash, from: [Name, Born], prefix: p- }",
                                          "Name,Born\nAna,1990-02-03\nAna,1990-02-03\n")
        #expect(again == ["p-c0a637f3fd69"])
        #expect(report.rejected == 1)
        #expect(report.issues[.recordRejected]?.reasonCounts[.caseIDDuplicate] == 1)
    }

    @Test func severalColumnsAndTemplates() throws {
        #expect(try convert("[Year, Number]", Self.register).ids == ["2019-7", "2019-8"])
        #expect(try convert("{ template: \"{Year}/{Number}\", prefix: SP- }", Self.register).ids == ["SP-2019/7", "SP-2019/8"])
    }

    @Test func aBlankMadeIDRejectsItsRecordSayingWhatItIsMadeOf() throws {
        let (report, ids) = try convert("[Year, Number]", "Name,Year,Number\nAna,,\nIon,2019,\n")
        #expect(ids == ["2019-"])
        #expect(report.issues[.recordRejected]?.examples.first?.message == "the case id (columns Year, Number) is blank")
    }

    @Test(arguments: [
        ("{ generate: uuid }", "generate: must be row or hash, not 'uuid'"),
        ("{ generate: hash }", "generate: hash needs from:, the columns whose cells make the id"),
        ("{ prefix: x }", "case_id needs a column, columns, template: or generate: (row or hash)"),
        ("{ generate: hash, from: [Nmae] }", "the input has no column 'Nmae'; did you mean 'Name'?"),
    ])
    func mistakesAreMappingErrors(_ caseID: String, _ message: String) {
        #expect {
            _ = try convert(caseID, Self.register)
        } throws: { error in
            (error as? MappingErrors)?.errors.map(\.message) == [message]
        }
    }
}
