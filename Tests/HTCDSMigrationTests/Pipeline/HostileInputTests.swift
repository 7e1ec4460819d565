import Foundation
import Testing
@testable import HTCDSMigration

/// Hostile and broken inputs stop the run with a clear message, and nothing is written.
@Suite struct HostileInputTests {
    static let xmlMapping = """
        htcds: "2.0"
        source:
          reader: xml
          path: input.xml
          record: /export/case
        case_id: "@id"
        fields:
          prs_FirstName: name
        """

    static let sqliteMapping = """
        htcds: "2.0"
        source:
          reader: sqlite
          path: input.sqlite
          QUERY
        case_id: id
        fields:
          prs_FirstName: name
        """

    static var laughs: String {
        var declarations = "<!ENTITY lol \"lol\">"
        for level in 1...9 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&\(level == 1 ? "lol" : "lol\(level - 1)");", count: 10) + "\">"
        }
        return "<?xml version=\"1.0\"?><!DOCTYPE export [\(declarations)]><export><case id=\"1\"><name>&lol9;</name></case></export>"
    }

    @Test(arguments: [
        ("billion laughs", laughs, "is not well-formed XML: Detected an entity reference loop"),
        ("deep nesting", "<export>" + String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300) + "</export>",
         "elements are nested deeper than 100 levels"),
        ("malformed", "<export><case id=\"1\"><name>Ana</nam></case></export>",
         "is not well-formed XML: Opening and ending tag mismatch: … line 1 and …"),
    ])
    func hostileXML(name: String, document: String, message: String) throws {
        let run = MappingRun()
        run.folder.write("input.xml", document)
        let mappingPath = run.folder.write("mapping.yaml", Self.xmlMapping)
        var options = MigrationOptions(mappingPath: mappingPath)
        options.outputPath = run.folder.path("out.jsonl")
        do {
            _ = try Migration.run(options, standard: testStandard)
            Issue.record("\(name) was not refused")
        } catch let stopped as MigrationStopped {
            #expect((stopped.reason as? InputError)?.message == message, "\(name)")
        } catch let error as InputError {
            #expect(error.message == message, "\(name)")
        }
        #expect(run.folder.contents == ["input.xml", "mapping.yaml"], "\(name) left output behind")
    }

    @Test(arguments: [
        ("a text file named .sqlite", "table: cases", "is not an SQLite database"),
        ("a write statement as query", "query: DELETE FROM cases", "query: must only read; this statement would change the database"),
        ("a second statement", "query: \"SELECT * FROM cases; DROP TABLE cases\"", "query: must be a single statement; found more after it"),
        ("a missing table", "table: clients", "has no table 'clients'; its tables are cases"),
    ])
    func hostileSQLite(name: String, query: String, message: String) throws {
        let run = MappingRun()
        if name.hasPrefix("a text file") {
            run.folder.write("input.sqlite", "id,name\n1,Ana\n")
        } else {
            _ = try makeDatabase("CREATE TABLE cases (id TEXT, name TEXT); INSERT INTO cases VALUES ('1', 'Ana');",
                                 in: run.folder, name: "input.sqlite")
        }
        let mappingPath = run.folder.write("mapping.yaml", Self.sqliteMapping.replacingOccurrences(of: "QUERY", with: query))
        var options = MigrationOptions(mappingPath: mappingPath)
        options.outputPath = run.folder.path("out.jsonl")
        #expect(throws: InputError(path: run.folder.path("input.sqlite"), message: message), "\(name)") {
            try Migration.run(options, standard: testStandard)
        }
        #expect(run.folder.contents == ["input.sqlite", "mapping.yaml"], "\(name) left output behind")
        if !name.hasPrefix("a text file") {
            #expect(try rows(run.folder.path("input.sqlite"), "SELECT count(*) FROM cases") == [["1"]])
        }
    }
}
