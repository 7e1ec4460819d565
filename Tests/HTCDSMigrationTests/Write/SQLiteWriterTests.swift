import Foundation
import Testing
@testable import HTCDSMigration

/// Rows of a query, each as text cells, for assertions.
func rows(_ path: String, _ sql: String) throws -> [[String]] {
    let database = try SQLiteDatabase(path: path, mode: .readOnly)
    let statement = try database.prepare(sql)
    var result: [[String]] = []
    while try statement.step() {
        result.append((0..<statement.columnCount).map { statement.value($0).text ?? "NULL" })
    }
    return result
}

@Suite(.serialized) struct SQLiteWriterTests {
    func convert(into folder: TemporaryFolder, replace: Bool = false) throws -> MigrationReport {
        let sql = try String(contentsOfFile: Repository.path("Samples/hope-shelter.sql"), encoding: .utf8)
        var options = MigrationOptions(mappingPath: Repository.path("Mappings/hope-shelter-sqlite.yaml"))
        options.inputPath = folder.exists("input.sqlite") ? folder.path("input.sqlite")
            : try makeDatabase(sql, in: folder, name: "input.sqlite")
        options.outputPath = folder.path("out.sqlite")
        options.format = .sqlite
        options.replace = replace
        return try Migration.run(options, standard: testStandard)
    }

    @Test func writesOneTablePerEntityWithKeysAndLinks() throws {
        let folder = TemporaryFolder()
        _ = try convert(into: folder)
        let path = folder.path("out.sqlite")
        #expect(try rows(path, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").flatMap { $0 } == [
            "case_comments", "cases", "historic_trafficking_events", "organisations", "persons", "run", "run_related",
            "support_plans",
        ])
        #expect(try rows(path, "SELECT case_id, cas_Status, con_Consent FROM cases ORDER BY case_id").first
            == ["HS/2019/001", "Closed", "1"])
        // Lookups point at organisation rows; one row per organisation however many cases name it.
        #expect(try rows(path, """
            SELECT c.case_id, o.org_Name, o.org_Type FROM cases c JOIN organisations o ON o.org_id = c.cas_ReferringOrganisation
            ORDER BY c.case_id LIMIT 1
            """) == [["HS/2019/001", "City Police, Vice Unit", "LawEnforcement"]])
        #expect(try rows(path, "SELECT count(*), count(DISTINCT org_Name) FROM organisations") == [["4", "4"]])
        // Multiselects are JSON arrays; persons carry prs_ and vic_ fields.
        #expect(try rows(path, "SELECT role, prs_Citizenship, vic_TypeOfExploitation FROM persons WHERE case_id = 'HS/2019/002'")
            == [["victim", "[\"VN\"]", "[\"ForcedLabour\",\"Servitude\"]"]])
        #expect(try rows(path, "SELECT count(*) FROM historic_trafficking_events e JOIN cases c USING (case_id)") == [["5"]])
        #expect(try rows(path, "SELECT records_read, records_written, records_rejected FROM run") == [["6", "5", "1"]])
        #expect(try rows(path, "SELECT set_name, records_read, records_linked, records_rejected FROM run_related")
            == [["partners", "5", "4", "1"], ["events", "6", "5", "1"], ["plans", "4", "4", "0"]])
        #expect(try rows(path, "PRAGMA foreign_key_check").isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func anExistingOutputIsRefusedUnlessReplaced() throws {
        let folder = TemporaryFolder()
        folder.write("out.sqlite", "precious")
        #expect(throws: OutputError(path: folder.path("out.sqlite"), message: "exists already; give --replace to overwrite it")) {
            try convert(into: folder)
        }
        #expect(folder.read("out.sqlite") == "precious")
        _ = try convert(into: folder, replace: true)
        #expect(try rows(folder.path("out.sqlite"), "SELECT count(*) FROM cases") == [["5"]])
        #expect(!folder.contents.contains { $0.hasPrefix(".out.sqlite.tmp") })
    }

    @Test func twoRunsDifferOnlyInTheRunTime() throws {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let first = TemporaryFolder(), second = TemporaryFolder()
        _ = try convert(into: first)
        _ = try convert(into: second)
        #expect(try rows(first.path("out.sqlite"), "SELECT finished_at FROM run") == [["2023-11-14T22:13:20Z"]])
        let one = try Data(contentsOf: URL(fileURLWithPath: first.path("out.sqlite")))
        let two = try Data(contentsOf: URL(fileURLWithPath: second.path("out.sqlite")))
        // The input path differs between the two folders; everything else is the same.
        #expect(try rows(first.path("out.sqlite"), "SELECT * FROM persons") == rows(second.path("out.sqlite"), "SELECT * FROM persons"))
        #expect(one.count == two.count)
    }

    @Test func runTimeFollowsSourceDateEpoch() {
        #expect(SQLiteWriter.finishedAt(environment: ["SOURCE_DATE_EPOCH": "0"]) == "1970-01-01T00:00:00Z")
    }
}
