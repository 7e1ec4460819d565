import ArgumentParser
import HTCDSMigration

/// The reader options `inspect` and `init` take, written as in a mapping's
/// `source:` section.
struct SourceOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp("The reader: \(SourceInspector.readerNames). Default: the one the input's first bytes or extension suggest."))
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

    @Option(help: "Workbooks (.xlsx, .ods): the sheet, by name or position from 1.")
    var sheet: String?

    @Option(help: "A ZIP archive: the file inside it to read (a CSV or XML export).")
    var member: String?

    @Option(help: "SQLite: the table to profile.")
    var table: String?

    @Option(help: "SQLite: a read-only query to profile.")
    var query: String?

    @Option(help: "Any other source option, as key=value (repeatable).")
    var option: [String] = []

    /// The options as the library takes them.
    func options(input: String?, mapping: String?) throws -> InspectOptions {
        var options = InspectOptions(inputPath: input, mappingPath: mapping)
        options.reader = reader
        let given: [(String, String?)] = [
            ("delimiter", delimiter), ("encoding", encoding), ("header_row", headerRow.map(String.init)),
            ("record", record), ("table", table), ("query", query), ("sheet", sheet), ("member", member),
        ]
        options.sourceOptions = given.compactMap { key, value in value.map { (key, $0) } }
        options.sourceOptions += try option.map { try Self.pair($0, what: "--option") }
        options.namespaces = try namespace.map { try Self.pair($0, what: "--namespace") }.map { ($0.key, $0.value) }
        return options
    }

    static func pair(_ written: String, what: String) throws -> (key: String, value: String) {
        guard let equals = written.firstIndex(of: "="), equals != written.startIndex else {
            throw ValidationError("\(what) takes key=value, not '\(written)'")
        }
        return (String(written[..<equals]), String(written[written.index(after: equals)...]))
    }
}
