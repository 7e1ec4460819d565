import ArgumentParser
import HTCDS
import HTCDSMigration

/// `htcds schema`: the JSON Schema of mapping files, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of mapping files (also in Schemas/htcds-mapping.schema.json).",
        discussion: """
            Editors that read JSON Schema for YAML (VS Code's YAML extension, yaml-language-server) complete \
            and check mapping files with it: put `# yaml-language-server: $schema=PATH` on a mapping's first line.
            """
    )

    func run() throws {
        print(MappingSchema.json(standard: try Standard.bundled()), terminator: "")
    }
}
