import Foundation
import Testing
@testable import HTCDSMigration

/// A NUL or another C0 control character is never cut out of a value: the
/// value is invalid wherever it is, and a case id holding one rejects its record.
@Suite struct ControlCharacterTests {
    let fields = """
          prs_FirstName: Name
          prs_Gender:
            from: Sex
            map: { F: Feminine }
          cas_IncomingReferralDetails: Notes
        """

    @Test func aControlCharacterMakesAValueInvalidOnEveryPath() throws {
        let input = "Id,Name,Sex,Notes\n1,Ioa\u{0}na,F,fine\n2,Ana,F\u{1B},\"tab\tand line\nbreak\"\n3,\" Io\u{7}\",F,\"x\u{0}\"\n"
        let (report, output) = try MappingRun().run(mapping: mapping(fields: fields), input: input)
        let records = MappingRun.objects(output)
        #expect(records.map { $0["prs_FirstName"] as? String } == [nil, "Ana", nil])
        #expect(records.map { $0["prs_Gender"] as? String } == ["Feminine", nil, "Feminine"])
        #expect(records[1]["cas_IncomingReferralDetails"] as? String == "tab\tand line\nbreak")
        #expect(records[2]["cas_IncomingReferralDetails"] == nil)
        let problems = report.invalidValues.values.map(\.problem)
        #expect(problems.allSatisfy { $0.code == .controlCharacter })
        #expect(Set(problems.map(\.message)) == ["holds a control character (U+0000)", "holds a control character (U+001B)",
                                                 "holds a control character (U+0007)"])
        #expect(report.invalidValueCount == 4)
        #expect(report.read == 3 && report.written == 3)
    }

    @Test func aCaseIDWithAControlCharacterRejectsTheRecord() throws {
        let run = MappingRun()
        let (report, output) = try run.run(mapping: mapping(fields: "  prs_FirstName: Name"),
                                           input: "Id,Name\nA\u{0}1,Ana\nA\u{0}2,Ioana\nA1,Maria\n") { options in
            options.outputPath = run.folder.path("out.sqlite")
            options.format = .sqlite
        }
        _ = output
        #expect(report.read == 3 && report.written == 1 && report.rejected == 2)
        #expect(report.issues[.recordRejected]?.examples.first?.message?.contains("holds a control character (U+0000)") == true)
        #expect(try rows(run.folder.path("out.sqlite"), "SELECT case_id FROM cases") == [["A1"]])
    }
}
