import Foundation
import Testing

/// Streams and outputs that could lose data: closed or broken standard
/// streams, outputs that are the input or each other, folders not there.
@Suite struct OutputSafetyCommandTests {
    let mapping = "Mappings/safe-passage-register.yaml"

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a shell line with the tool as $HTCDS, in the repository.
    func shell(_ line: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line]
        process.currentDirectoryURL = ToolRunner.repository
        process.environment = ["HTCDS": ToolRunner.executable.path, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aClosedStandardErrorNeitherKillsTheRunNorLosesTheReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path
        let out = folder.appendingPathComponent("out.jsonl").path
        let result = try shell("\"$HTCDS\" convert --mapping \(mapping) -o \(out) --report \(report) 2>&-; echo \"exit $?\"")
        #expect(result.output == "exit 0\n")
        #expect(FileManager.default.fileExists(atPath: report))
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func aBrokenStandardOutputEndsTheRunWithTwoAndLeavesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rejects = folder.appendingPathComponent("r.csv").path
        // A register long enough that the pipe fills after `head` has gone.
        var register = "Case No,First Name\n"
        for number in 1...200_000 { register += "C-\(number),Ana\n" }
        try register.write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        try "htcds: \"2.0\"\nsource: { reader: csv }\ncase_id: Case No\nfields:\n  prs_FirstName: First Name\n"
            .write(to: folder.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
        let status = try shell("""
            exec 3>&1; ( "$HTCDS" convert --mapping \(folder.path)/m.yaml \(folder.path)/in.csv -o - --rejects \(rejects) 2>/dev/null; \
              echo "exit $?" >&3 ) | head -c 100 >/dev/null
            """)
        #expect(status.output == "exit 2\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["in.csv", "m.yaml"])
    }

    @Test func anOutputThatIsTheInputIsRefusedBeforeTheRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("register.csv")
        try FileManager.default.copyItem(at: ToolRunner.repository.appendingPathComponent("Samples/safe-passage-register.csv"), to: input)
        let before = try Data(contentsOf: input)
        for arguments in [["-o", input.path, "--format", "jsonl"], ["-o", folder.appendingPathComponent("o.jsonl").path, "--report", input.path],
                          ["-o", folder.appendingPathComponent("o.jsonl").path, "--rejects", input.path],
                          ["-o", folder.appendingPathComponent("same.jsonl").path, "--report", folder.appendingPathComponent("same.jsonl").path],
                          ["-o", ToolRunner.repository.appendingPathComponent(mapping).path, "--format", "jsonl"]] {
            let result = try ToolRunner.run(["convert", "--mapping", mapping, input.path] + arguments, in: nil, input: nil)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.hasPrefix("htcds: "), "\(arguments)")
            #expect(result.standardError.contains("refusing to overwrite it") || result.standardError.contains("give each output a file of its own"),
                    "\(result.standardError)")
        }
        #expect(try Data(contentsOf: input) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["register.csv"])
    }

    @Test func aReportIntoAMissingFolderIsAnOutputError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.jsonl").path
        let result = try ToolRunner.run(["convert", "--mapping", mapping, "-o", out, "--report", folder.path + "/missing/report.json"],
                                        in: nil, input: nil)
        #expect(result.status == 2)
        #expect(result.standardError == "htcds: \(folder.path)/missing/report.json: its folder \(folder.path)/missing does not exist\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aDanglingLinkAtAnSQLiteOutputIsNotReplacedWithoutReplace() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("out.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.path + "/nowhere")
        let result = try ToolRunner.run(["convert", "--mapping", mapping, "-o", link], in: nil, input: nil)
        #expect(result.status == 2)
        #expect(result.standardError.contains("exists already; give --replace to overwrite it"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == folder.path + "/nowhere")
    }
}

/// libxml2's own words pass through the tool's collector on every thread,
/// without the names and bytes of the document.
@Suite struct XMLMessageCommandTests {
    func run(_ document: [UInt8], threads: String) throws -> ToolRunner.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-xmlmsg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(document).write(to: folder.appendingPathComponent("in.xml"))
        try "htcds: \"2.0\"\nsource: { reader: xml, record: /a/case }\ncase_id: \"@id\"\nfields:\n  prs_FirstName: name\n"
            .write(to: folder.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
        return try ToolRunner.run(["convert", "--mapping", "m.yaml", "in.xml", "-o", "/dev/null", "--threads", threads],
                                  in: folder, input: nil)
    }

    @Test(arguments: ["1", "2"])
    func messagesNeverQuoteTheDocument(threads: String) throws {
        var document = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<a>\n".utf8)
        for number in 1...3000 { document += Array("<case id=\"\(number)\"><name>x</name></case>\n".utf8) }
        document += Array("<case id=\"y\"><name>".utf8) + [0x81, 0x8D] + Array("</name></case>\n</a>\n".utf8)
        let encoding = try run(document, threads: threads)
        #expect(encoding.status == 2)
        #expect(!encoding.standardError.contains("encoding error :"))
        #expect(!encoding.standardError.contains("0x81"))
        #expect(encoding.standardError.contains("in.xml:3003: is not well-formed XML"))
        let mismatch = try run(Array("<a>\n<case id=\"1\"><Ioana-Popescu>x</name></case>\n</a>\n".utf8), threads: threads)
        #expect(mismatch.status == 2)
        #expect(!mismatch.standardError.contains("Ioana"))
        #expect(mismatch.standardError.contains("Opening and ending tag mismatch: … line 2 and …"))
    }
}
