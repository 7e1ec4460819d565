import ArgumentParser
import HTCDS

/// `htcds fields`: the standard for people who write mappings.
struct FieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields",
        abstract: "List the fields of HTCDS 2.0, or show fields with their allowed values.",
        discussion: """
            Without names, lists every field grouped by entity. With names (or labels), \
            shows each field with its description and every allowed value.
            """
    )

    @Argument(help: "Field names or labels to show in full (prs_Gender, \"Mailing City\").")
    var names: [String] = []

    @Option(help: "Only the fields of this entity: org, prs, vic, per, cas, cco, hte, spl, con.")
    var entity: String?

    @Flag(help: "Only core fields.")
    var core = false

    @Flag(help: "Show the standard's definition of each value, where it gives one.")
    var definitions = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() throws {
        let standard = try Standard.bundled()
        let selection = try FieldSelection.resolve(
            names: names, entity: entity, coreOnly: core, in: standard)
        let listing = FieldListing(standard: standard, showsDefinitions: definitions)
        switch format {
        case .json: print(try listing.json(selection.fields))
        case .text where names.isEmpty: print(listing.table(selection.fields), terminator: "")
        case .text: print(listing.details(selection.fields), terminator: "")
        }
    }
}
