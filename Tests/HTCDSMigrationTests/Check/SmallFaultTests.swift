import Foundation
import Testing
@testable import HTCDSMigration

/// Small faults found by trying the tool as a new user would: each message
/// says what is wrong without quoting what it should not, and check finds what
/// convert would stop on.
@Suite struct SmallFaultTests {
    func errors(_ mappingText: String, input: String = "Id,Sex\n1,F\n", files: [String: String] = [:]) -> [String] {
        let run = MappingRun()
        for (name, text) in files { run.folder.write(name, text) }
        do {
            _ = try run.run(mapping: mappingText, input: input)
        } catch let errors as MappingErrors {
            return errors.errors.map(\.message)
        } catch {
            return ["\(error)"]
        }
        return []
    }

    @Test func anEmptyQueryIsAMappingError() {
        let text = "htcds: \"2.0\"\nsource:\n  reader: sqlite\n  path: x.sqlite\n  query: \"  \"\ncase_id: id\nfields:\n  prs_FirstName: given\n"
        #expect(errors(text) == ["query: is empty; write one SELECT"])
    }

    @Test func aFileThatIsNoMapFileIsSaidOnceWithoutItsText() {
        let text = mapping(fields: "  prs_Gender:\n    from: Sex\n    map_file: secrets.txt")
        let found = errors(text, files: ["secrets.txt": "header\nAna Popescu:1990:secret\nIon:x\n"])
        #expect(found == ["'secrets.txt' is not a map file: its line 2 has 1 cells; a map file is a CSV of two columns (legacy value, HTCDS value)"])
        #expect(!found.joined().contains("Popescu"))
    }

    @Test func aLongColumnNameIsCutInMessages() throws {
        let long = String(repeating: "x", count: 100_000)
        let issues = IssueRecorder()
        _ = try readCSV(Array("Id,\(long),\(long)\n1,a,b\n".utf8), issues: issues)
        let message = try #require(issues.issues.first?.message)
        #expect(message.count < 300)
        #expect(message.contains("(100000 characters)"))
        let missing = errors(mapping(fields: "  prs_FirstName: \"\(long)y\""))
        #expect(missing.count == 1 && missing[0].count < 300)
    }

    @Test func checkReadsTheWholeInputAndNeverAPipe() throws {
        let folder = TemporaryFolder()
        folder.write("input.csv", "Id,Sex\n1,\"F\n2,M\n")
        let path = folder.write("mapping.yaml", mapping(fields: "  prs_Gender: Sex"))
        let broken = MappingCheck.run(mappingPath: path, inputPath: nil, standard: testStandard)
        #expect(broken.errors.first?.message.contains("never closed") == true)
        let fifo = folder.path("pipe.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let piped = MappingCheck.run(mappingPath: path, inputPath: fifo, standard: testStandard)
        #expect(piped.errors.isEmpty && piped.inputPath == nil)
        #expect(piped.warnings.contains { $0.message.contains("is not a regular file") })
    }
}
