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

    func run(threads: Int, policy: InvalidValuePolicy, remembers: Bool = true, rows: Int = 1500) throws -> [String] {
        let run = shared
        let (report, output) = try run.run(mapping: mapping(fields: Self.fields), input: Self.register(rows: rows)) { options in
            options.threads = threads
            options.onInvalid = policy
            options.remembersCells = remembers
            options.rejectsPath = run.folder.path("rejects.csv")
        }
        #expect(report.read == rows)
        #expect(report.read == report.written + report.rejected)
        return [output, run.folder.read("rejects.csv") ?? "", withoutRunDetails(ReportRendering(report, showValues: true).json())]
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

    /// The cell memos (on unless a test turns them off) change no byte: with
    /// them off, every cell is cleaned, looked up, converted and reported anew.
    @Test(arguments: [InvalidValuePolicy.keep, .reject])
    func rememberingCellsChangesNothing(policy: InvalidValuePolicy) throws {
        // Enough rows for the memos of columns that hardly repeat (notes, dates) to give up.
        let rows = CellMemo.trial * 2 + 100
        let remembered = try run(threads: 1, policy: policy, rows: rows)
        let mappedAnew = try run(threads: 1, policy: policy, remembers: false, rows: rows)
        #expect(remembered == mappedAnew)
        #expect(try run(threads: 3, policy: policy, remembers: false, rows: rows) == remembered)
    }

    @Test func aStopPartWayReportsTheSameAsInTurn() throws {
        func stopped(threads: Int) throws -> String {
            do {
                _ = try shared.run(mapping: mapping(fields: Self.fields), input: Self.register(rows: 1500)) { options in
                    options.threads = threads
                    options.onInvalid = .fail
                }
                return "not stopped"
            } catch let stop as MigrationStopped {
                return "\(stop.reason)\n" + withoutRunDetails(ReportRendering(stop.report, showValues: true).json())
            }
        }
        let one = try stopped(threads: 1)
        #expect(one.contains("--on-invalid fail"))
        #expect(try stopped(threads: 2) == one)
        #expect(try stopped(threads: 3) == one)
    }

    /// A core field filled only in cases rejected after they were mapped (a
    /// repeated id, an invalid value under `reject`) was never filled in what
    /// was written; the mapping threads count fields ahead and take them back.
    @Test(arguments: [1, 2, 3])
    func aFieldFilledOnlyInRejectedCasesIsNeverFilled(threads: Int) throws {
        var lines = ["Id,Title,Salutation,Born"]
        for row in 1...1500 {
            let repeated = row % 89 == 0
            let invalid = row % 97 == 0
            lines.append("C-\(repeated ? row - 1 : row),\(repeated ? "Dr" : ""),\(invalid ? "Ms" : ""),"
                         + (invalid ? "31/02/1990" : "01/01/1990"))
        }
        let run = MappingRun()
        let (report, _) = try run.run(mapping: mapping(fields: """
              prs_Title: Title
              prs_Salutation: Salutation
              prs_Birthdate: { from: Born, date: [dd/MM/yyyy] }
            """), input: lines.joined(separator: "\n") + "\n") { options in
            options.threads = threads
            options.onInvalid = .reject
        }
        #expect(report.rejected == 1500 / 89 + 1500 / 97)
        let missing = ReportRendering(report, showValues: false).missingCoreFields
        #expect(missing.contains { $0.field == "prs_Title" && $0.reason == "empty in every record" })
        #expect(missing.contains { $0.field == "prs_Salutation" && $0.reason == "empty in every record" })
        #expect(!missing.contains { $0.field == "prs_Birthdate" })
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

/// An input that breaks part-way stops a parallel run where a sequential one
/// stops, with the same message and the same accounting of what came before.
@Suite struct ParallelStopTests {
    /// One folder for both runs, so that paths in messages are the same.
    let run = MappingRun()

    func stop(threads: Int, input: String, file: String, source: String) throws -> (String, Int, Int, String) {
        run.folder.write(file, input)
        let mappingPath = run.folder.write("m.yaml", """
            htcds: "2.0"
            source:
            \(source)
            case_id: id
            fields:
              prs_FirstName: name
            """)
        var options = MigrationOptions(mappingPath: mappingPath)
        options.outputPath = run.folder.path("out.jsonl")
        options.threads = threads
        do {
            _ = try Migration.run(options, standard: testStandard)
            return ("no stop", 0, 0, "")
        } catch let stopped as MigrationStopped {
            #expect(run.folder.read("out.jsonl") == nil)
            return ("\(stopped.reason)", stopped.report.read, stopped.report.written,
                    withoutRunDetails(ReportRendering(stopped.report, showValues: true).json()))
        }
    }

    /// Runs with one and two threads; both must stop alike. Returns the one-thread stop.
    func sameStop(input: String, file: String, source: String) throws -> (message: String, read: Int) {
        let one = try stop(threads: 1, input: input, file: file, source: source)
        let two = try stop(threads: 2, input: input, file: file, source: source)
        #expect(two.0 == one.0, "\(two.0) / \(one.0)")
        #expect(two.1 == one.1 && two.2 == one.2, "\(two.1),\(two.2) / \(one.1),\(one.2)")
        #expect(two.3 == one.3)
        return (one.0, one.1)
    }

    @Test func anUnterminatedQuote() throws {
        var csv = "id,name\n"
        for row in 1...700 { csv += "C\(row),Name \(row)\n" }
        csv += "C701,\"never closed\n"
        let stopped = try sameStop(input: csv, file: "in.csv", source: "  reader: csv\n  path: in.csv")
        #expect(stopped.message.contains("never closed"))
        #expect(stopped.read == 700)
    }

    @Test func malformedXML() throws {
        var xml = "<cases>\n"
        for row in 1...600 { xml += "  <case><id>C\(row)</id><name>Name \(row)</name></case>\n" }
        xml += "  <case><id>C601</id><name>broken</nam></case>\n</cases>\n"
        let stopped = try sameStop(input: xml, file: "in.xml", source: "  reader: xml\n  path: in.xml\n  record: /cases/case")
        #expect(stopped.message.contains("not well-formed"))
    }
}
