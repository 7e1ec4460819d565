import Foundation
import Testing

@Suite struct InitCommandTests {
    @Test func writesAMappingThatConvertRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = ToolRunner.repository.appendingPathComponent("Samples/safe-passage-register.csv").path
        let written = try ToolRunner.run(["init", sample, "-o", "mapping.yaml"], in: folder, input: nil)
        #expect(written.status == 0)
        #expect(written.standardError.contains("wrote mapping.yaml"))

        let again = try ToolRunner.run(["init", sample, "-o", "mapping.yaml"], in: folder, input: nil)
        #expect(again.status == 2)
        #expect(again.standardError.contains("--force"))

        let converted = try ToolRunner.run(["convert", "--mapping", "mapping.yaml", "-o", "out.jsonl"], in: folder, input: nil)
        #expect(converted.status == 0)
        #expect(converted.standardError.contains("records: 61 read"))
    }

    @Test func standardOutput() throws {
        let result = try ToolRunner.run("init", "Samples/ctdc-style-dataset.csv", "-o", "-")
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("# A first mapping of Samples/ctdc-style-dataset.csv"))
        #expect(result.standardOutput.contains("  path: Samples/ctdc-style-dataset.csv"))  // relative to the working folder
    }
}
