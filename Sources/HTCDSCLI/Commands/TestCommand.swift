import ArgumentParser
import Foundation
import HTCDS
import HTCDSMigration

/// `htcds test`: runs the tests written in mappings.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests: sections of mapping files.",
        discussion: "Exit codes: 0 all passed, 1 a test failed, 2 a mapping error."
    )

    @Argument(help: "Mapping files.")
    var mappings: [String]

    func validate() throws {
        if mappings.isEmpty { throw ValidationError("give one or more mapping files") }
    }

    func run() throws {
        let standard = try Standard.bundled()
        var total = 0
        var failed = 0
        for mapping in mappings {
            let result: MappingTestRunner.Result
            do {
                result = try MappingTestRunner.run(mappingPath: mapping, standard: standard)
            } catch let errors as MappingErrors {
                throw CommandFailure(message: MappingErrorRendering.render(errors),
                                     exitCode: CommandFailure.badInputExitCode, prefixed: false)
            }
            for failure in result.failures { print(failure.description) }
            print("\(mapping): \(result.count - result.failures.count) passed, \(result.failures.count) failed")
            total += result.count
            failed += result.failures.count
        }
        if mappings.count > 1 { print("\(total - failed) passed, \(failed) failed") }
        if failed > 0 {
            throw CommandFailure(message: "\(failed) mapping test\(failed == 1 ? "" : "s") failed",
                                 exitCode: CommandFailure.dataConditionExitCode)
        }
    }
}
