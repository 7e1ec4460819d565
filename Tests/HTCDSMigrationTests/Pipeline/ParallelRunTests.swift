import Foundation
import Testing
@testable import HTCDSMigration

/// Mapping in parallel changes nothing a user can see: the output, the
/// rejects and the report are the same bytes with one thread or several.
@Suite struct ParallelRunTests {
    /// A register of several batches with every kind of event: unmapped values,
    /// invalid values, blank and repeated ids, ragged rows, yes/no flags.
    static func register(rows: Int) -> String {
        var lines = ["Id,Sex,Born,Nationality,Kind,Debt,Notes"]
        let sexes = ["F", "M", "female", "x", ""]
        let kinds = ["forced labour", "begging, sexual exploitation", "criminality", ""]
        for row in 1...rows {
            let id = row % 97 == 0 ? "" : row % 89 == 0 ? "C-\(row - 1)" : "C-\(row)"
            let born = row % 13 == 0 ? "31/02/1990" : String(format: "%02d/%02d/19%02d", row % 28 + 1, row % 12 + 1, row % 90 + 10)
            let nationality = ["Romania", "Vietnamese", "Moldova", "Atlantis"][row % 4]
            var line = "\(id),\(sexes[row % 5]),\(born),\(nationality),\"\(kinds[row % 4])\",\(row % 3 == 0 ? "yes" : "no"),\"note \(row), with a comma\""
            if row % 101 == 0 { line += ",extra cell" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let fields = """
          prs_Gender: { from: Sex, map: { F: Feminine, M: Masculine, female: Feminine } }
          prs_Birthdate: { from: Born, date: [dd/MM/yyyy] }
          prs_Citizenship: { from: Nationality, map: { Vietnamese: VN } }
          vic_TypeOfExploitation: { from: Kind, split: ",", otherwise: Other, keep_original_in: cas_IncomingReferralDetails }
          vic_MethodsOfControl: { flags: { Debt: DebtBondage } }
        """

    /// One folder for every run, so that the paths in the outputs are the same.
    let shared = MappingRun()

    func run(threads: Int, policy: InvalidValuePolicy) throws -> [String] {
        let run = shared
        let (report, output) = try run.run(mapping: mapping(fields: Self.fields), input: Self.register(rows: 1500)) { options in
            options.threads = threads
            options.onInvalid = policy
            options.rejectsPath = run.folder.path("rejects.csv")
        }
        #expect(report.read == 1500)
        #expect(report.read == report.written + report.rejected)
        return [output, run.folder.read("rejects.csv") ?? "", ReportRendering(report, showValues: true).json()]
    }

    @Test(arguments: [InvalidValuePolicy.keep, .reject])
    func severalThreadsGiveTheSameBytesAsOne(policy: InvalidValuePolicy) throws {
        let one = try run(threads: 1, policy: policy)
        #expect(one[0].split(separator: "\n").count > 1000)
        for threads in [2, 3] {
            let several = try run(threads: threads, policy: policy)
            #expect(several[0] == one[0], "output with \(threads) threads")
            #expect(several[1] == one[1], "rejects with \(threads) threads")
            #expect(several[2] == one[2], "report with \(threads) threads")
        }
    }

    @Test func aLimitAndAStopWorkInParallelToo() throws {
        let run = MappingRun()
        let (report, output) = try run.run(mapping: mapping(fields: Self.fields), input: Self.register(rows: 1500)) { options in
            options.threads = 2
            options.limit = 700
        }
        #expect(report.read == 700)
        #expect(output.split(separator: "\n").count == report.written)

        let failing = MappingRun()
        #expect(throws: MigrationStopped.self) {
            _ = try failing.run(mapping: mapping(fields: Self.fields), input: Self.register(rows: 1500)) { options in
                options.threads = 2
                options.onInvalid = .fail
            }
        }
        #expect(failing.folder.read("out.jsonl") == nil)
    }
}
