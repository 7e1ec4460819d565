import Foundation
import Testing

/// Shell completion completes file names where an option takes a file
/// (issue 21, item 3): bash, running the script `--generate-completion-script`
/// writes, offers mapping files after `--mapping`, report forms after
/// `--report`, and any file after `-o`.
@Suite struct CompletionTests {
    /// What bash offers for the last word of `words` (empty), in a folder holding `files`.
    func offered(_ words: [String], files: [String]) throws -> Set<String> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("folder"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in files { _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(file).path, contents: Data()) }
        let script = try ToolRunner.run("--generate-completion-script", "bash")
        #expect(script.status == 0)
        try script.standardOutput.write(to: folder.appendingPathComponent("htcds.bash"), atomically: true, encoding: .utf8)
        let line = (["htcds"] + words).joined(separator: " ") + " "
        let quoted = (["htcds"] + words + [""]).map { "'\($0)'" }.joined(separator: " ")
        let command = "source ./htcds.bash; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count + 1); "
            + "COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}; _htcds htcds '' '\(words.last ?? "")'; printf '%s\\n' \"${COMPREPLY[@]}\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--norc", "-c", command]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    let files = ["register.yaml", "old.yml", "cases.csv", "report.json", "report.html", "summary.md"]

    @Test func mappingOptionsCompleteMappingFiles() throws {
        #expect(try offered(["convert", "--mapping"], files: files) == ["register.yaml", "old.yml", "folder"])
        #expect(try offered(["test"], files: files).isSuperset(of: ["register.yaml", "old.yml"]))
    }

    @Test func reportAndOutputOptionsCompleteFiles() throws {
        #expect(try offered(["convert", "--report"], files: files) == ["report.json", "report.html", "summary.md", "folder"])
        #expect(try offered(["convert", "-o"], files: files).isSuperset(of: Set(files)))
        #expect(try offered(["report", "diff"], files: files).isSuperset(of: ["report.json"]))
    }
}
