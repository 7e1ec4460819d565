import ArgumentParser
import Foundation
import HTCDSMigration

/// Runs the command and maps failures to the tool's exit codes: 0 ran,
/// 1 a data condition stopped it, 2 bad input, mapping or names; command-line
/// syntax errors keep the argument parser's own code (64).
@main
enum Main {
    static func main() {
        StandardStreams.secure()
        TemporaryFiles.removeOnSignals()
        do {
            var command = try HTCDSCommand.parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            let text = failure.prefixed ? "htcds: \(failure.message)\n" : failure.message + "\n"
            StandardStreams.writeError(text)
            exit(failure.exitCode)
        } catch {
            HTCDSCommand.exit(withError: error)
        }
    }
}

struct HTCDSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "htcds",
        abstract: "Move legacy counter-trafficking case records into HTCDS 2.0.",
        version: ToolVersion.description,
        subcommands: [ConvertCommand.self, InspectCommand.self, InitCommand.self, CheckCommand.self, TestCommand.self, ReportCommand.self, FieldsCommand.self, SchemaCommand.self]
    )
}
