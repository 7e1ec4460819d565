import ArgumentParser
import Foundation
import HTCDS
import HTCDSMigration

/// `htcds check`: lints a mapping without converting.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a mapping without converting: what convert would refuse, and what looks wrong.",
        discussion: """
            With an input (or the mapping's source.path), the mapping is checked against its columns too. \
            Exit codes: 0 clean (warnings allowed), 1 warnings with --strict, 2 errors.
            """
    )

    @Argument(help: "The mapping file.", completion: .mappingFile)
    var mapping: String

    @Argument(help: "The input to check the mapping against. Default: the mapping's source.path.", completion: .anyFile)
    var input: String?

    @Flag(help: "Exit with 1 when there are warnings.")
    var strict = false

    @Option(help: "How to print the findings: text or json (errors too go to standard output, with their codes).")
    var format: MachineFormat = .text

    func run() throws {
        let result = MappingCheck.run(mappingPath: mapping, inputPath: input, standard: try Standard.bundled())
        if format == .json {
            print(CheckRendering.json(mapping: mapping, result), terminator: "")
            if !result.errors.isEmpty {
                throw CommandFailure(message: "the mapping has errors", exitCode: CommandFailure.badInputExitCode)
            }
            if strict && !result.warnings.isEmpty {
                throw CommandFailure(message: "--strict: the mapping has warnings", exitCode: CommandFailure.dataConditionExitCode)
            }
            return
        }
        if !result.errors.isEmpty {
            throw CommandFailure(message: MappingErrorRendering.render(MappingErrors(result.errors)),
                                 exitCode: CommandFailure.badInputExitCode, prefixed: false)
        }
        var lines = result.warnings.map { "\($0.location): warning: \($0.message)" }
        lines.append("\(mapping): \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")"
                     + (result.inputPath.map { ", checked against \($0)" } ?? ", not checked against an input"))
        print(lines.joined(separator: "\n"))
        if strict && !result.warnings.isEmpty {
            throw CommandFailure(message: "--strict: the mapping has warnings", exitCode: CommandFailure.dataConditionExitCode)
        }
    }
}

/// How `check` and `test` print: for people, or as JSON for scripts.
enum MachineFormat: String, ExpressibleByArgument {
    case text, json
}
