import ArgumentParser
import Foundation
import HTCDSMigration

/// `htcds report`: works on reports already written.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work with JSON reports already written.",
        subcommands: [ReportDiffCommand.self]
    )
}

/// `htcds report diff OLD.json NEW.json`: what changed since the last run.
struct ReportDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two runs' JSON reports: columns, new unmapped values, invalid values that grew, fill rates that moved.",
        discussion: "Exit codes: 0 (or 1 with --fail-on changes when anything but the counts changed), 2 a report that cannot be read."
    )

    @Argument(help: "The earlier run's JSON report.", completion: .jsonReport)
    var old: String

    @Argument(help: "The later run's JSON report.", completion: .jsonReport)
    var new: String

    @Option(help: "How many percentage points a field's fill rate may move unsaid (default 5).")
    var fillThreshold: Double = 5

    @Option(help: "How to print the changes: text or json.")
    var format: MachineFormat = .text

    @Option(help: "Exit with 1 on changes (`changes`).")
    var failOn: [DiffFailure] = []

    enum DiffFailure: String, ExpressibleByArgument {
        case changes
    }

    func validate() throws {
        if !(0...100).contains(fillThreshold) { throw ValidationError("--fill-threshold is a number of points, 0 to 100") }
    }

    func run() throws {
        let diff: ReportDiff
        do {
            diff = try ReportDiff(old: try Self.read(old), new: try Self.read(new), fillThreshold: fillThreshold / 100)
        } catch let error as InputError {
            throw CommandFailure(message: error.description, exitCode: CommandFailure.badInputExitCode)
        }
        print(format == .json ? diff.json() : diff.text(), terminator: "")
        if failOn.contains(.changes) && !diff.changes.isEmpty {
            throw CommandFailure(message: "--fail-on changes: \(diff.changes.count) change\(diff.changes.count == 1 ? "" : "s")",
                                 exitCode: CommandFailure.dataConditionExitCode)
        }
    }

    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(message: "\(path): cannot be read", exitCode: CommandFailure.badInputExitCode)
        }
    }
}
