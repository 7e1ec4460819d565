import Foundation
import Testing

/// A run stopped at any moment, by any signal, leaves no file behind: not
/// beside its outputs, not in the temporary folder. (An SQLite output's named
/// temporary file, left by SIGKILL, is removed by the next run beside it.)
@Suite(.serialized) struct StoppedRunTests {
    /// A register and a related file large enough to be stopped part-way.
    static func makeInputs(in folder: URL) throws {
        let numbers = 1...40_000
        let register = ["Case No,First Name,Phone"] + numbers.map { "C-\($0),Ana,07400 123\(($0 % 1000) + 1000)".replacingOccurrences(of: " 1231", with: " 123") }
        let events = ["Case,Kind"] + numbers.map { "C-\($0),transit" }
        try (register.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        try (events.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
        try """
            htcds: "2.0"
            source: { reader: csv, encoding: utf-8 }
            case_id: Case No
            phone_region: GB
            fields:
              prs_FirstName: First Name
              prs_MobilePhone: Phone
            related:
              events:
                entity: hte
                source: { reader: csv, path: events.csv, encoding: utf-8 }
                link: Case
                fields:
                  hte_Type: Kind
            """.write(to: folder.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
    }

    static let inputs = ["events.csv", "in.csv", "m.yaml"]

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A folder with the inputs to convert, and an empty one for TMPDIR.
    func folders() throws -> (work: URL, temporary: URL) {
        let work = try folder()
        try Self.makeInputs(in: work)
        return (work, try folder())
    }

    func remove(_ folders: URL...) {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
    }

    /// Starts a conversion and sends `signal` after `delay` seconds; its exit status.
    func stop(in work: URL, temporary: URL, output: String, signal: Int32, after delay: Double) throws -> Int32 {
        let process = Process()
        process.executableURL = ToolRunner.executable
        process.currentDirectoryURL = work
        process.arguments = ["convert", "--mapping", "m.yaml", "in.csv", "-o", output, "--rejects", "rejects.csv",
                             "--report", "report.json", "--threads", "2"]
        process.environment = ["TMPDIR": temporary.path, "SQLITE_TMPDIR": temporary.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func noFileIsLeftWhateverStopsTheRun() throws {
        let (work, temporary) = try folders()
        defer { remove(work, temporary) }
        var generator = SystemRandomNumberGenerator()
        let delays = (0..<3).map { _ in Double.random(in: 0.01...0.5, using: &generator) }
        for signal in [SIGKILL, SIGINT, SIGTERM, SIGHUP] {
            for delay in delays {
                let status = try stop(in: work, temporary: temporary, output: "out.jsonl", signal: signal, after: delay)
                // The runs take over a second: each is stopped part-way.
                let left = try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
                #expect(left == Self.inputs, "signal \(signal) after \(delay) s left \(left)")
                #expect(status == 128 + signal || (signal == SIGKILL && status == SIGKILL), "signal \(signal): exit \(status)")
                let strays = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { !Self.inputs.contains($0) }
                #expect(strays.allSatisfy { !$0.hasPrefix(".") }, "\(strays)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
            }
        }
    }

    @Test func anSQLiteOutputsTemporaryLeftBySIGKILLIsRemovedByTheNextRun() throws {
        let (work, temporary) = try folders()
        defer { remove(work, temporary) }
        _ = try stop(in: work, temporary: temporary, output: "out.sqlite", signal: SIGKILL, after: 0.3)
        let left = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(left.filter { !Self.inputs.contains($0) && !$0.hasPrefix(".out.sqlite.tmp-") }.isEmpty
                || left.contains("out.sqlite"), "\(left)")
        let result = try ToolRunner.run(["convert", "--mapping", "m.yaml", "in.csv", "-o", "out.sqlite", "--replace"],
                                        in: work, input: nil)
        #expect(result.status == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
        #expect(after == Self.inputs + ["out.sqlite"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}
