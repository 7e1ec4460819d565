import Foundation
import HTCDS

/// What a writer is given to open its output.
struct WriterContext {
    let outputPath: String
    let plan: MappingPlan
    /// The run's related sets (`RelatedGroups` groups them the one way every writer does).
    let related: [RelatedPlan]
    let standard: Standard
    let options: MigrationOptions
    let inputPath: String
    let report: MigrationReport
}

/// One output format: its name for `--format`, the extensions that imply
/// it, what it does with related sets, and how to open it.
struct WriterDefinition: Sendable {
    let name: String
    let summary: String
    /// File extensions (lower case, without the dot) that imply this format.
    let extensions: [String]
    /// Where related records go (for `--help` and the README).
    let relatedSets: String
    let open: @Sendable (WriterContext) throws -> RecordWriter
}

/// The writers by name. A new format is one type and one entry here.
enum WriterRegistry {
    static let all: [WriterDefinition] = [
        WriterDefinition(name: "jsonl", summary: "HTCDS JSON Lines, one case a line", extensions: ["jsonl", "ndjson", "json"],
                         relatedSets: "nested in each case, an array per entity") { context in
            JSONLinesWriter(output: try OutputFile(path: context.outputPath), plan: context.plan, related: context.related)
        },
        WriterDefinition(name: "csv", summary: "the HTCDS Excel template's layout", extensions: ["csv"],
                         relatedSets: "a CSV per entity beside the output, linked by caseId") { context in
            try TemplateCSVWriter(output: OutputFile(path: context.outputPath), plan: context.plan, standard: context.standard,
                                  includeLabelRow: context.options.includeLabelRow, related: context.related)
        },
        WriterDefinition(name: "sqlite", summary: "an HTCDS database", extensions: ["sqlite", "sqlite3", "db"],
                         relatedSets: "a table per entity, with foreign keys to the case") { context in
            try SQLiteWriter(
                path: context.outputPath, replace: context.options.replace, plan: context.plan, related: context.related,
                standard: context.standard,
                run: .init(mappingPath: context.options.mappingPath,
                           mappingBytes: FileManager.default.contents(atPath: context.options.mappingPath).map { [UInt8]($0) } ?? [],
                           inputPath: context.inputPath, report: context.report))
        },
    ]

    static var names: [String] { all.map(\.name) }

    static func definition(named name: String) -> WriterDefinition? {
        all.first { $0.name == name }
    }

    /// `jsonl (…), csv (…) or sqlite (…)`, for help texts.
    static var described: String { MessageText.list(all.map { "\($0.name) (\($0.summary))" }) }
}

/// An output format, by the name `--format` takes: one of `WriterRegistry`'s.
public struct OutputFormat: RawRepresentable, Hashable, Sendable, CaseIterable {
    public let rawValue: String

    public init?(rawValue: String) {
        guard WriterRegistry.definition(named: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    /// The format a path's extension implies, if any.
    public init?(pathExtension: String) {
        guard let writer = WriterRegistry.all.first(where: { $0.extensions.contains(pathExtension.lowercased()) }) else {
            return nil
        }
        rawValue = writer.name
    }

    public static var allCases: [OutputFormat] { WriterRegistry.names.compactMap(OutputFormat.init(rawValue:)) }

    /// The formats, each with what it writes, for help texts.
    public static var described: String { WriterRegistry.described }

    /// The formats' names: `jsonl, csv or sqlite`.
    public static var listed: String { MessageText.list(WriterRegistry.names) }

    public static let jsonl = OutputFormat(rawValue: "jsonl")!
    public static let csv = OutputFormat(rawValue: "csv")!
    public static let sqlite = OutputFormat(rawValue: "sqlite")!

    var definition: WriterDefinition { WriterRegistry.definition(named: rawValue)! }
}
