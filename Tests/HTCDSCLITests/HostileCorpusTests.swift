import Foundation
import Testing

/// Inputs and mappings made to break a converter, each written at test time:
/// malformed CSV, hostile XML, damaged or dangerous SQLite, and mapping files
/// that attack the YAML parser or the file system. Whatever happens: the exit
/// code is 0 or 2, an error names the file and the line, nothing is written
/// on error, and on success every record read is written or rejected.
@Suite(.serialized) struct HostileCorpusTests {
    enum Expected: Sendable {
        /// The run succeeds with this many records read.
        case converts(read: Int)
        /// The run stops with exit 2, the message naming the file (and line, when given).
        case refused(String, line: Int?)
    }

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let input: (name: String, bytes: [UInt8])
        let mapping: String
        var extraArguments: [String] = []
        var prepare: @Sendable (URL) throws -> Void = { _ in }
        /// A conversion that succeeds says this on the terminal (a repair, a detection).
        var mentions: String? = nil
        let expected: Expected
        var description: String { name }
    }

    static func csvMapping(_ source: String = "") -> String {
        "htcds: \"2.0\"\nsource:\n  reader: csv\n\(source)\ncase_id: Id\nfields:\n  prs_FirstName: Name\n"
    }

    static let xmlMapping = "htcds: \"2.0\"\nsource:\n  reader: xml\n  record: /export/cases/case\ncase_id: \"@id\"\nfields:\n  prs_FirstName: name\n"

    static func sqliteMapping(_ source: String) -> String {
        "htcds: \"2.0\"\nsource:\n  reader: sqlite\n  \(source)\ncase_id: id\nfields:\n  prs_FirstName: name\n"
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let laughs = """
        <?xml version="1.0"?><!DOCTYPE export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
        <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
        <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
        <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
        <export><cases><case id="&h;"><name>x</name></case></cases></export>
        """

    static let cases: [Case] = {
        var cases: [Case] = []
        // CSV
        cases.append(Case(name: "unterminated quote", input: ("in.csv", bytes("Id,Name\n1,\"Ana\n2,Ion\n")),
                          mapping: csvMapping(), expected: .refused("in.csv", line: 2)))
        cases.append(Case(name: "quote in the middle of a field", input: ("in.csv", bytes("Id,Name\n1,An\"a\n2,Ion\n")),
                          mapping: csvMapping(), expected: .converts(read: 2)))
        cases.append(Case(name: "NUL in a cell", input: ("in.csv", bytes("Id,Name\n1,Ioa\u{0}na\n")),
                          mapping: csvMapping(), expected: .converts(read: 1)))
        for encoding in ["utf-8", "auto", "windows-1252", "latin-1"] {
            cases.append(Case(name: "invalid UTF-8, encoding \(encoding)",
                              input: ("in.csv", bytes("Id,Name\n1,") + [0xC3, 0x28, 0xFF] + bytes("\n2,Ion\n")),
                              mapping: csvMapping("  encoding: \(encoding)"),
                              mentions: ["utf-8": "replaced by U+FFFD", "auto": "Windows-1252"][encoding],
                              expected: .converts(read: 2)))
        }
        cases.append(Case(name: "odd bytes as UTF-16", input: ("in.csv", [0xFF, 0xFE] + bytes("I\0d\0,\0N\0\n\0") + [0x31]),
                          mapping: csvMapping("  encoding: utf-16"), expected: .refused("m.yaml", line: 7)))
        cases.append(Case(name: "byte-order mark only", input: ("in.csv", [0xEF, 0xBB, 0xBF]), mapping: csvMapping(),
                          expected: .refused("in.csv", line: nil)))
        cases.append(Case(name: "empty file", input: ("in.csv", []), mapping: csvMapping(), expected: .refused("in.csv", line: nil)))
        cases.append(Case(name: "header only", input: ("in.csv", bytes("Id,Name\n")), mapping: csvMapping(),
                          expected: .converts(read: 0)))
        cases.append(Case(name: "a cell of two megabytes", input: ("in.csv", bytes("Id,Name\n1," + String(repeating: "x", count: 2 << 20) + "\n")),
                          mapping: csvMapping(), expected: .converts(read: 1)))
        cases.append(Case(name: "mixed line ends", input: ("in.csv", bytes("Id,Name\r\n1,Ana\n2,Ion\r3,Mia\r\n")),
                          mapping: csvMapping(), expected: .converts(read: 3)))
        cases.append(Case(name: "a record that never ends", input: ("in.csv", bytes("Id,Name\n1,\"") + [UInt8](repeating: 0x61, count: 3 << 20)),
                          mapping: csvMapping("  max_record_bytes: 1048576"), expected: .refused("in.csv", line: 2)))
        // XML
        cases.append(Case(name: "external entity to a file",
                          input: ("in.xml", bytes("<?xml version=\"1.0\"?><!DOCTYPE export [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<export><cases><case id=\"1\"><name>a&x;b</name></case></cases></export>")),
                          mapping: xmlMapping, expected: .converts(read: 1)))
        cases.append(Case(name: "external entity to a URL",
                          input: ("in.xml", bytes("<?xml version=\"1.0\"?><!DOCTYPE export [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>\n<export><cases><case id=\"1\"><name>a&x;b</name></case></cases></export>")),
                          mapping: xmlMapping, expected: .converts(read: 1)))
        cases.append(Case(name: "billion laughs", input: ("in.xml", bytes(laughs)), mapping: xmlMapping,
                          expected: .refused("in.xml", line: nil)))
        let big = String(repeating: "y", count: 20_000)
        cases.append(Case(name: "quadratic blow-up",
                          input: ("in.xml", bytes("<?xml version=\"1.0\"?><!DOCTYPE export [<!ENTITY b \"\(big)\">]>\n<export><cases><case id=\"1\"><name>"
                                                  + String(repeating: "&b;", count: 20_000) + "</name></case></cases></export>")),
                          mapping: xmlMapping, expected: .converts(read: 1)))
        cases.append(Case(name: "10,000-deep nesting",
                          input: ("in.xml", bytes("<export><cases><case id=\"1\">" + String(repeating: "<a>", count: 10_000)
                                                  + String(repeating: "</a>", count: 10_000) + "</case></cases></export>")),
                          mapping: xmlMapping, expected: .refused("in.xml", line: 1)))
        cases.append(Case(name: "external DTD",
                          input: ("in.xml", bytes("<?xml version=\"1.0\"?><!DOCTYPE export SYSTEM \"file:///etc/passwd\">\n<export><cases><case id=\"1\"><name>a</name></case></cases></export>")),
                          mapping: xmlMapping, expected: .converts(read: 1)))
        cases.append(Case(name: "truncated document", input: ("in.xml", bytes("<export><cases><case id=\"1\"><name>Ana</name></case>\n<case id=\"2\"><na")),
                          mapping: xmlMapping, expected: .refused("in.xml", line: 2)))
        cases.append(Case(name: "declared UTF-16, written UTF-8",
                          input: ("in.xml", bytes("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<export><cases><case id=\"1\"><name>Ana</name></case></cases></export>")),
                          mapping: xmlMapping, expected: .refused("in.xml", line: nil)))
        cases.append(Case(name: "declared Latin-1, written UTF-8",
                          input: ("in.xml", bytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<export><cases><case id=\"1\"><name>Ioană</name></case></cases></export>")),
                          mapping: xmlMapping, expected: .converts(read: 1)))
        // SQLite
        cases.append(Case(name: "not a database", input: ("in.sqlite", bytes("id,name\n1,Ana\n")),
                          mapping: sqliteMapping("table: cases"), expected: .refused("in.sqlite", line: nil)))
        cases.append(Case(name: "truncated database", input: ("in.sqlite", []), mapping: sqliteMapping("table: cases"),
                          prepare: { folder in
                              let path = folder.appendingPathComponent("in.sqlite").path
                              try Self.sqlite(path, "CREATE TABLE cases (id TEXT, name TEXT); INSERT INTO cases VALUES ('1', '" + String(repeating: "a", count: 20_000) + "');")
                              let data = try Data(contentsOf: URL(fileURLWithPath: path))
                              try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
                          }, expected: .refused("in.sqlite", line: nil)))
        cases.append(Case(name: "a database another program has locked", input: ("in.sqlite", []), mapping: sqliteMapping("table: cases"),
                          prepare: { folder in
                              let path = folder.appendingPathComponent("in.sqlite").path
                              try Self.sqlite(path, "CREATE TABLE cases (id TEXT, name TEXT); INSERT INTO cases VALUES ('1', 'Ana');")
                              // Holds an exclusive lock for a while, in the background.
                              let locker = Process()
                              locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                              locker.arguments = ["python3", "-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); "
                                                  + "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(6)", path]
                              let ready = Pipe()
                              locker.standardOutput = ready
                              try locker.run()
                              _ = ready.fileHandleForReading.availableData
                          }, expected: .refused("in.sqlite", line: nil)))
        cases.append(Case(name: "a write statement", input: ("in.sqlite", []), mapping: sqliteMapping("query: \"DELETE FROM cases\""),
                          prepare: { try Self.sqlite($0.appendingPathComponent("in.sqlite").path, "CREATE TABLE cases (id TEXT, name TEXT);") },
                          expected: .refused("in.sqlite", line: nil)))
        cases.append(Case(name: "load_extension", input: ("in.sqlite", []),
                          mapping: sqliteMapping("query: \"SELECT load_extension('/nonexistent/x') AS id, 1 AS name\""),
                          prepare: { try Self.sqlite($0.appendingPathComponent("in.sqlite").path, "CREATE TABLE cases (id TEXT, name TEXT);") },
                          expected: .refused("in.sqlite", line: nil)))
        cases.append(Case(name: "two statements", input: ("in.sqlite", []),
                          mapping: sqliteMapping("query: \"SELECT * FROM cases; DROP TABLE cases\""),
                          prepare: { try Self.sqlite($0.appendingPathComponent("in.sqlite").path, "CREATE TABLE cases (id TEXT, name TEXT);") },
                          expected: .refused("in.sqlite", line: nil)))
        // Mapping files
        let bomb = (0..<9).map { level in
            "a\(level + 1): &a\(level + 1) [" + Array(repeating: "*a\(level)", count: 9).joined(separator: ",") + "]"
        }.joined(separator: "\n")
        cases.append(Case(name: "YAML alias bomb", input: ("in.csv", bytes("Id,Name\n1,Ana\n")),
                          mapping: "a0: &a0 [lol]\n" + bomb + "\n" + csvMapping(), expected: .refused("m.yaml", line: nil)))
        cases.append(Case(name: "duplicate keys", input: ("in.csv", bytes("Id,Name\n1,Ana\n")),
                          mapping: csvMapping() + "  prs_FirstName: Name\n", expected: .refused("m.yaml", line: nil)))
        cases.append(Case(name: "a pattern that backtracks badly, against a long line",
                          input: ("in.csv", bytes(String(repeating: "a", count: 50_000) + "!\naaaa\nId,Name\n1,Ana\n")),
                          mapping: csvMapping("  skip_lines_matching: \"^(a+)+$\"\n  header_row: 2"), expected: .converts(read: 1)))
        cases.append(Case(name: "a map file outside the mapping's folder", input: ("in.csv", bytes("Id,Name\n1,Ana\n")),
                          mapping: csvMapping().replacingOccurrences(of: "  prs_FirstName: Name\n",
                                                                     with: "  prs_Gender:\n    from: Name\n    map_file: ../../../../../../etc/passwd\n"),
                          expected: .refused("m.yaml", line: 9)))
        return cases
    }()

    static func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, sql]
        try process.run()
        process.waitUntilExit()
    }

    @Test(arguments: cases)
    func hostileInputNeverCrashesLosesOrLeaves(_ item: Case) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(item.input.bytes).write(to: folder.appendingPathComponent(item.input.name))
        try item.prepare(folder)
        try item.mapping.write(to: folder.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
        let started = Date()
        let result = try ToolRunner.run(["convert", "--mapping", "m.yaml", item.input.name, "-o", "out.jsonl", "--report", "report.json",
                                         "--rejects", "rejects.csv"] + item.extraArguments, in: folder, input: nil)
        #expect(Date().timeIntervalSince(started) < 30, "\(item.name) took too long")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasPrefix(".") }, "\(item.name) left \(left)")
        switch item.expected {
        case .converts(let read):
            #expect(result.status == 0, "\(item.name): \(result.standardError)")
            let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [String: Any]
            let records = report?["records"] as? [String: Any]
            #expect(records?["read"] as? Int == read, "\(item.name)")
            #expect(records?["balanced"] as? Bool == true, "\(item.name)")
            if let mentions = item.mentions { #expect(result.standardError.contains(mentions), "\(item.name): \(result.standardError)") }
        case .refused(let file, let line):
            #expect(result.status == 2, "\(item.name): exit \(result.status) \(result.standardError)")
            let located = line.map { "\(file):\($0)" } ?? file
            #expect(result.standardError.contains(located), "\(item.name): \(result.standardError)")
            #expect(!left.contains("out.jsonl") && !left.contains("rejects.csv"), "\(item.name) left \(left)")
            #expect(!result.standardError.contains("root:x:0:0"), "\(item.name) quoted a file it should not")
        }
    }
}
