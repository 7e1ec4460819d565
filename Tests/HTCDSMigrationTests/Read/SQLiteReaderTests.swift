import Foundation
import Testing
@testable import HTCDSMigration

/// A database made by a test from SQL.
func makeDatabase(_ sql: String, in folder: TemporaryFolder, name: String = "input.sqlite") throws -> String {
    let path = folder.path(name)
    let database = try SQLiteDatabase(path: path, mode: .readWrite)
    try database.executeScript(sql)
    return path
}

func readSQLite(_ path: String, _ options: SQLiteOptions, issues: IssueRecorder = IssueRecorder()) throws
    -> (columns: [String], records: [SourceRecord]) {
    let reader = try SQLiteRecordReader(path: path, options: options, issues: issues)
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (reader.columns, records)
}

@Suite struct SQLiteReaderTests {
    let schema = """
        CREATE TABLE cases (id TEXT PRIMARY KEY, children INTEGER, score REAL, note TEXT, photo BLOB);
        INSERT INTO cases VALUES ('007', 2, 1.5, 'first', NULL);
        INSERT INTO cases VALUES ('C-2', NULL, NULL, '+987825707', x'00FF00');
        CREATE TABLE other (x TEXT)
        """

    @Test func readsATableWithStorageClassesAndRowids() throws {
        let folder = TemporaryFolder()
        let path = try makeDatabase(schema, in: folder)
        let (columns, records) = try readSQLite(path, SQLiteOptions(source: .table("cases")))
        #expect(columns == ["id", "children", "score", "note", "photo"])
        #expect(records.map(\.values) == [
            [.text("007"), .integer(2), .real(1.5), .text("first"), .null],
            [.text("C-2"), .null, .null, .text("+987825707"), .blob(3)],
        ])
        #expect(records.map(\.location.description) == ["\(path) table cases (rowid 1)", "\(path) table cases (rowid 2)"])
    }

    @Test func readsAQueryWithAKey() throws {
        let folder = TemporaryFolder()
        let path = try makeDatabase(schema, in: folder)
        let query = "SELECT id, note AS n, note AS n FROM cases WHERE children IS NULL -- trailing comment\n;"
        let issues = IssueRecorder()
        let (columns, records) = try readSQLite(path, SQLiteOptions(source: .query(query), key: "id"), issues: issues)
        #expect(columns == ["id", "n", "n (2)"])
        #expect(records.map(\.values) == [[.text("C-2"), .text("+987825707"), .text("+987825707")]])
        #expect(records.first?.location.key == "id C-2")
        #expect(issues.codes() == [.headerDuplicate])
    }

    @Test(arguments: [
        ("DELETE FROM cases", "query: must only read; this statement would change the database"),
        ("BEGIN", "query: must return columns (a SELECT)"),
        ("ATTACH 'x.db' AS y", "query: must return columns (a SELECT)"),
        ("SELECT 1; DROP TABLE cases", "query: must be a single statement; found more after it"),
        ("SELECT * FROM nowhere", "no such table: nowhere (in: SELECT * FROM nowhere)"),
    ])
    func refusesQueriesThatAreNotOneRead(query: String, message: String) throws {
        let folder = TemporaryFolder()
        let path = try makeDatabase(schema, in: folder)
        do {
            _ = try readSQLite(path, SQLiteOptions(source: .query(query)))
            Issue.record("expected \(query) to be refused")
        } catch let error as InputError {
            #expect(error.message == message)
        }
        // Nothing was changed.
        #expect(try readSQLite(path, SQLiteOptions(source: .table("cases"))).records.count == 2)
    }

    @Test func aMissingTableNamesTheTables() throws {
        let folder = TemporaryFolder()
        let path = try makeDatabase(schema, in: folder)
        #expect(throws: InputError(path: path, message: "has no table 'clients'; its tables are cases, other")) {
            try readSQLite(path, SQLiteOptions(source: .table("clients")))
        }
    }

    @Test func aTextFileNamedSQLiteIsNotADatabase() throws {
        let folder = TemporaryFolder()
        let path = folder.write("register.sqlite", "Case No,Name\n1,Ana\n")
        #expect(throws: InputError(path: path, message: "is not an SQLite database")) {
            try readSQLite(path, SQLiteOptions(source: .table("cases")))
        }
        let missing = folder.path("missing.sqlite")
        #expect(throws: InputError.self) { try readSQLite(missing, SQLiteOptions(source: .table("cases"))) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func aLockedDatabaseSaysSo() throws {
        let folder = TemporaryFolder()
        let path = try makeDatabase(schema, in: folder)
        let holder = try SQLiteDatabase(path: path, mode: .readWrite)
        try holder.execute("BEGIN EXCLUSIVE")
        try holder.execute("INSERT INTO other VALUES ('x')")
        #expect(throws: InputError(path: path, message: "is locked by another program")) {
            try readSQLite(path, SQLiteOptions(source: .table("cases")))
        }
        try holder.execute("ROLLBACK")
    }

    @Test func comments() {
        #expect(SQLiteRecordReader.onlyCommentsAndSeparators(" ; -- x\n /* y */ ;"))
        #expect(!SQLiteRecordReader.onlyCommentsAndSeparators("; DROP TABLE x"))
    }
}

@Suite struct SQLiteConversionTests {
    @Test func convertsATableAndReportsBlobs() throws {
        let run = MappingRun()
        _ = try makeDatabase("""
            CREATE TABLE clients (ref TEXT, kids INTEGER, born TEXT, phone BLOB);
            INSERT INTO clients VALUES ('A1', 3, '1990-02-03', NULL);
            INSERT INTO clients VALUES ('A2', NULL, '03/02/1990', x'01')
            """, in: run.folder)
        let text = """
            htcds: "2.0"
            source:
              reader: sqlite
              path: input.sqlite
              table: clients
            case_id: ref
            fields:
              prs_NumberOfChildren: kids
              prs_Birthdate: born
              prs_MobilePhone: phone
            """
        let mappingPath = run.folder.write("mapping.yaml", text)
        var options = MigrationOptions(mappingPath: mappingPath)
        options.outputPath = run.folder.path("out.jsonl")
        let report = try Migration.run(options, standard: testStandard)
        let records = MappingRun.objects(run.folder.read("out.jsonl") ?? "")
        #expect(records.map { $0["prs_NumberOfChildren"] as? Int } == [3, nil])
        #expect((records.first?["source"] as? [String: Any])?["path"] as? String == "table clients")
        #expect((records.first?["source"] as? [String: Any])?["key"] as? String == "rowid 1")
        #expect(report.invalidValues.values.map(\.reason).sorted()
            == ["binary data (a BLOB of 1 bytes), not text", "not a date in the format yyyy-MM-dd"])
    }
}
