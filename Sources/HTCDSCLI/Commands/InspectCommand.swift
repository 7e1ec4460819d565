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
            The reader comes from the file's extension (.xml xml, .sqlite/.db sqlite, else csv) or --reader; \
            reader options are written as in a mapping's source: section (--option header_row=2). An XML file \
            without --record lists every element and attribute path; a database without --table or --query \
            profiles each table. Columns whose names look personal, and values that look like e-mail addresses \
            or phone numbers, are masked unless --show-values is given.
            """
    )

    @Argument(help: "The input file. Default with --mapping: the mapping's source.path.")
    var input: String?

    @Option(name: .shortAndLong, help: "Use this mapping's source section (reader and options), and mask the columns it maps to personal fields.")
    var mapping: String?

    @Option(help: "The reader: csv, spreadsheet, xml or sqlite.")
    var reader: String?

    @Option(help: "CSV: the delimiter (, ; | tab or auto).")
    var delimiter: String?

    @Option(help: "CSV: the encoding (utf-8, utf-16, windows-1252, latin-1, auto).")
    var encoding: String?

    @Option(help: "CSV: the row that names the columns.")
    var headerRow: Int?

    @Option(help: "XML: the path of the element that is one record.")
    var record: String?

    @Option(help: "XML: a namespace prefix, as prefix=uri (repeatable).")
    var namespace: [String] = []

    @Option(help: "SQLite: the table to profile.")
    var table: String?

    @Option(help: "SQLite: a read-only query to profile.")
    var query: String?

    @Option(help: "Any other source option, as key=value (repeatable).")
    var option: [String] = []

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
        var options = InspectOptions(inputPath: input, mappingPath: mapping)
        options.reader = reader
        options.limit = limit
        let given: [(String, String?)] = [
            ("delimiter", delimiter), ("encoding", encoding), ("header_row", headerRow.map(String.init)),
            ("record", record), ("table", table), ("query", query),
        ]
        options.sourceOptions = given.compactMap { key, value in value.map { (key, $0) } }
        options.sourceOptions += try option.map { try Self.pair($0, what: "--option") }
        options.namespaces = try namespace.map { try Self.pair($0, what: "--namespace") }.map { ($0.key, $0.value) }
        let profile: SourceProfile
        do {
            profile = try SourceInspector.inspect(options, standard: try Standard.bundled())
        } catch {
            throw ConvertFailure.from(error)
        }
        let rendering = ProfileRendering(profile, showValues: showValues)
        print(format == .json ? rendering.json() : rendering.text(), terminator: "")
    }

    static func pair(_ written: String, what: String) throws -> (key: String, value: String) {
        guard let equals = written.firstIndex(of: "="), equals != written.startIndex else {
            throw ValidationError("\(what) takes key=value, not '\(written)'")
        }
        return (String(written[..<equals]), String(written[written.index(after: equals)...]))
    }
}
