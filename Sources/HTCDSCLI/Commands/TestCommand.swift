import ArgumentParser
import Foundation
import HTCDS
import HTCDSMigration

/// `htcds test`: runs the tests written in mappings.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests: sections of mapping files.",
        discussion: "Exit codes: 0 all passed, 1 a test failed (or, with --strict, a mapping has none), 2 a mapping error."
    )

    @Argument(help: "Mapping files.", completion: .mappingFile)
    var mappings: [String]

    @Flag(help: "Count a mapping that carries no tests as a shortfall (exit 1).")
    var strict = false

    @Option(help: "How to print the results: text or json.")
    var format: MachineFormat = .text

    @Option(help: "Also write the results as JUnit XML (GitHub, GitLab and Jenkins show it) to this file.", completion: .anyFile)
    var junit: String?

    func validate() throws {
        if mappings.isEmpty { throw ValidationError("give one or more mapping files") }
    }

    func run() throws {
        let standard = try Standard.bundled()
        var total = 0
        var failed = 0
        var runs: [CheckRendering.TestRun] = []
        for mapping in mappings {
            let result: MappingTestRunner.Result
            do {
                result = try MappingTestRunner.run(mappingPath: mapping, standard: standard)
            } catch let errors as MappingErrors {
                throw CommandFailure(message: MappingErrorRendering.render(errors),
                                     exitCode: CommandFailure.badInputExitCode, prefixed: false)
            }
            runs.append(CheckRendering.TestRun(mapping: mapping, result: result))
            if format == .text {
                for failure in result.failures { print(failure.description) }
                print("\(mapping): \(result.count - result.failures.count) passed, \(result.failures.count) failed"
                      + (result.count == 0 ? " (it carries no tests)" : ""))
            }
            total += result.count
            failed += result.failures.count
        }
        if format == .json {
            print(CheckRendering.json(runs), terminator: "")
        } else if mappings.count > 1 {
            print("\(total - failed) passed, \(failed) failed")
        }
        if let junit {
            let file = try OutputFile(path: junit)
            try file.write(CheckRendering.junit(runs))
            try file.commit()
        }
        if failed > 0 {
            throw CommandFailure(message: "\(failed) mapping test\(failed == 1 ? "" : "s") failed",
                                 exitCode: CommandFailure.dataConditionExitCode)
        }
        let untested = runs.filter { $0.result.count == 0 }.map(\.mapping)
        if strict && !untested.isEmpty {
            throw CommandFailure(message: "--strict: no tests in " + untested.joined(separator: ", "),
                                 exitCode: CommandFailure.dataConditionExitCode)
        }
    }
}
