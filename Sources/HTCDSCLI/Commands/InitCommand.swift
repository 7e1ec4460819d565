import ArgumentParser
import Foundation
import HTCDS
import HTCDSMigration

/// `htcds init`: a first mapping drafted from a source.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Draft a first mapping from a source: columns matched to HTCDS fields, value maps, date formats.",
        discussion: """
            Each column goes to the most likely HTCDS field (by name, label and common legacy names), picklist \
            columns get value maps (guesses left as comments), date formats come from the patterns seen, and \
            unmatched columns are listed in comments. The draft runs as written: htcds convert reports whatever \
            it left out. Reader options as for htcds inspect.
            """
    )

    @Argument(help: "The input file.", completion: .anyFile)
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the mapping; '-' writes standard output.", completion: .mappingFile)
    var output: String

    @Flag(help: "Replace an existing mapping file.")
    var force = false

    @OptionGroup var source: SourceOptionGroup

    func run() throws {
        if output != "-" && !force && FileManager.default.fileExists(atPath: output) {
            throw CommandFailure.badInput("\(output) exists; --force replaces it")
        }
        let text: String
        do {
            let options = try source.options(input: input, mapping: nil)
            text = try MappingInitializer.draft(options, mappingPath: output == "-" ? "mapping.yaml" : output,
                                                standard: try Standard.bundled())
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ConvertFailure.from(error)
        }
        if output == "-" {
            print(text, terminator: "")
            return
        }
        let file = try OutputFile(path: output)
        try file.write(text)
        try file.commit()
        StandardStreams.writeError("wrote \(output); next: htcds convert --mapping \(output) --report report.json\n")
    }
}
