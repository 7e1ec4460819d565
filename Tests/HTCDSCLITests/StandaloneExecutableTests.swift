import Foundation
import Testing

/// The executable carries its data (issue 21, item 1): copied alone into an
/// empty folder, far from the build folder, it lists fields, converts a
/// sample and writes the mapping schema.
@Suite struct StandaloneExecutableTests {
    @Test func theExecutableRunsAloneFromAnEmptyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = folder.appendingPathComponent("htcds")
        try FileManager.default.copyItem(at: ToolRunner.executable, to: alone)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["htcds"])
        let sample = ToolRunner.repository.appendingPathComponent("Samples/safe-passage-register.csv")
        let mapping = ToolRunner.repository.appendingPathComponent("Mappings/safe-passage-register.yaml")

        let fields = try run(alone, ["fields", "prs_Gender"], in: folder)
        #expect(fields.status == 0, "\(fields.standardError)")
        #expect(fields.standardOutput.contains("TransgenderFeminine"))

        let converted = try run(alone, ["convert", "--mapping", mapping.path, sample.path, "-o", "cases.jsonl"], in: folder)
        #expect(converted.status == 0, "\(converted.standardError)")
        let lines = try String(contentsOf: folder.appendingPathComponent("cases.jsonl"), encoding: .utf8)
        #expect(lines.split(separator: "\n").count == 59)
        #expect(lines.contains(#""prs_Citizenship":["#))   // the ISO table, compiled in

        let schema = try run(alone, ["schema"], in: folder)
        #expect(schema.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(schema.standardOutput.utf8)) is [String: Any])
    }

    private func run(_ executable: URL, _ arguments: [String], in folder: URL) throws -> ToolRunner.Result {
        try ToolRunner.run(arguments, in: folder, input: nil, executable: executable)
    }
}
