import ArgumentParser
import Foundation
import HTCDS
import HTCDSMigration

/// `htcds inspect`: a profile of a source, for writing its mapping.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Profile a source before mapping it: columns, how often filled, what values look like.",
        discussion: """
            The reader comes from the file's first bytes (an SQLite header, an XML declaration), else its \
            extension (\(SourceInspector.readerExtensions); else csv), or --reader; \
            reader options are written as in a mapping's source: section (--option header_row=2). An XML file \
            without --record lists every element and attribute path; a database without --table or --query \
            profiles each table. Columns whose names look personal, and values that look like e-mail addresses \
            or phone numbers, are masked unless --show-values is given.
            """
    )

    @Argument(help: "The input file. Default with --mapping: the mapping's source.path.", completion: .anyFile)
    var input: String?

    @Option(name: .shortAndLong, help: "Use this mapping's source section (reader and options), and mask the columns it maps to personal fields.", completion: .mappingFile)
    var mapping: String?

    @OptionGroup var source: SourceOptionGroup

    @Option(help: "Profile only the first N records of each table.")
    var limit: Int?

    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    @Flag(help: "Show values of personal-looking columns, e-mail addresses and phone numbers.")
    var showValues = false

    enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if input == nil && mapping == nil { throw ValidationError("give an input file, or --mapping") }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() throws {
        var options = try source.options(input: input, mapping: mapping)
        options.limit = limit
        let profile: SourceProfile
        do {
            profile = try SourceInspector.inspect(options, standard: try Standard.bundled())
        } catch {
            throw ConvertFailure.from(error)
        }
        let rendering = ProfileRendering(profile, showValues: showValues)
        print(format == .json ? rendering.json() : rendering.text(), terminator: "")
    }
}
