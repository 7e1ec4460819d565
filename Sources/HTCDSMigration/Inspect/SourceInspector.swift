import Foundation
import HTCDS
import Yams

/// What `htcds inspect` is asked: an input, and either a mapping whose source
/// section to use or a reader with options written as in a mapping's source.
public struct InspectOptions: Sendable {
    public var inputPath: String?
    public var mappingPath: String?
    /// A reader's name (`ReaderRegistry`); by default the one the file's
    /// first bytes or extension suggest.
    public var reader: String?
    /// Reader options as a mapping's `source:` takes them (delimiter, record, table...).
    public var sourceOptions: [(key: String, value: String)] = []
    /// XML namespace prefixes, as `namespaces:` takes them.
    public var namespaces: [(prefix: String, uri: String)] = []
    /// Profile at most this many records of each table.
    public var limit: Int?

    public init(inputPath: String? = nil, mappingPath: String? = nil) {
        self.inputPath = inputPath
        self.mappingPath = mappingPath
    }
}

/// Collects what readers report while being profiled.
private final class NoteCollector: IssueSink {
    var notes: [String] = []
    func report(_ issue: Issue) {
        let place = issue.location.map { " (\($0))" } ?? ""
        if notes.count < 50 { notes.append("\(issue.severity): \(issue.message)\(place)") }
    }
}

public enum SourceInspector {
    /// The reader `options` name, or the one the input suggests; an unknown name is refused.
    static func reader(_ options: InspectOptions, path: String) throws -> ReaderDefinition {
        if options.reader == nil, let member = options.sourceOptions.first(where: { $0.key == "member" })?.value {
            // A file inside a ZIP: known by its name (`cases.csv`, `export.xml`).
            return ReaderRegistry.definition(forMember: member)
        }
        guard let name = options.reader else { return try ReaderRegistry.definition(forPath: path) }
        guard let reader = ReaderRegistry.definition(named: name) else {
            throw InputError(path: "the command line",
                             message: "unknown reader '\(name)'; the readers are \(ReaderRegistry.names.joined(separator: ", "))")
        }
        return reader
    }

    public static func inspect(_ options: InspectOptions, standard: Standard) throws -> SourceProfile {
        let notes = NoteCollector()
        var personalColumns = Set<String>()
        var request = ReaderRequest()
        let reader: ReaderDefinition
        var mappingSource: SourceSpecification?
        let inputPath: String
        var sourceKeys = Set(options.sourceOptions.map(\.key))
        if let mappingPath = options.mappingPath {
            let document = try MappingDocument.load(path: mappingPath, standard: standard)
            var migration = MigrationOptions(mappingPath: mappingPath)
            migration.inputPath = options.inputPath
            inputPath = try Migration.resolveInputPath(migration, document: document)
            mappingSource = document.source
            reader = document.source.definition
            personalColumns = Set(document.entries.filter(\.field.isPersonalData).flatMap(\.columns).map(\.value))
            request.columns = document.referencedColumns
            sourceKeys.formUnion(["record", "table", "query"])  // the mapping chose what one record is
        } else {
            guard let path = options.inputPath else {
                throw InputError(path: "-", message: "inspect needs an input file or --mapping")
            }
            inputPath = path
            reader = try Self.reader(options, path: path)
        }
        let member = mappingSource?.member ?? options.sourceOptions.first { $0.key == "member" }?.value
        try ReaderRegistry.checkSignature(of: inputPath, for: reader, member: member)

        var profile = SourceProfile(input: inputPath, reader: reader.name)
        switch reader.profiling {
        case .paths where !sourceKeys.contains("record"):
            let (table, likely, namespaces) = try XMLPathProfiler.profile(ByteSource(path: inputPath), issues: notes, maxDepth: 100,
                                                                          personalPaths: personalColumns)
            profile.likelyRecordPath = likely
            profile.namespaces = namespaces
            profile.inputDescription = "XML"
            profile.tables = [table]
            profile.describesPaths = true
        case .paths where mappingSource == nil:
            // Paths below the record element, relative to it, as a mapping names them.
            let (table, likely, namespaces) = try XMLPathProfiler.profile(ByteSource(path: inputPath), issues: notes, maxDepth: 100,
                                                                          personalPaths: personalColumns)
            profile.likelyRecordPath = likely
            profile.namespaces = namespaces
            profile.inputDescription = "XML"
            let record = options.sourceOptions.first { $0.key == "record" }?.value ?? ""
            profile.tables = [Self.recordTable(table, record: record)]
        case .tables where !sourceKeys.contains("table") && !sourceKeys.contains("query"):
            for table in try tableNames(inputPath) {
                var perTable = options
                perTable.sourceOptions.append(("table", table))
                let spec = try sourceSpecification(reader: reader, options: perTable, isFile: true)
                let opened = try spec.open(ByteSource(path: inputPath), request, notes)
                profile.inputDescription = opened.inputDescription
                profile.tables.append(try RecordProfiler.profile(opened, table: table, personalColumns: personalColumns,
                                                                 limit: options.limit))
            }
        default:
            let source = try mappingSource ?? sourceSpecification(reader: reader, options: options, isFile: inputPath != "-")
            let opened = try source.open(ByteSource(path: inputPath), request, notes)
            profile.inputDescription = opened.inputDescription
            let table: String? = options.sourceOptions.first { $0.key == "table" }?.value
            profile.tables = [try RecordProfiler.profile(opened, table: table, personalColumns: personalColumns,
                                                         limit: options.limit)]
            profile.sheets = try opened.workbookSheets() ?? []
        }
        profile.notes = notes.notes
        return profile
    }

    /// A `source:` section built from command-line options, read by the same
    /// code as a mapping's, so that inspect takes exactly what mappings take.
    static func sourceSpecification(reader: ReaderDefinition, options: InspectOptions, isFile: Bool) throws -> SourceSpecification {
        var pairs: [(Node, Node)] = [(Node("reader"), Node(reader.name))]
        var keys = Set<String>()
        for (key, value) in options.sourceOptions {
            keys.insert(key)
            pairs.append((Node(key), Node(value)))
        }
        if !options.namespaces.isEmpty {
            pairs.append((Node("namespaces"), Node.mapping(Node.Mapping(options.namespaces.map { (Node($0.prefix), Node($0.uri)) }))))
        }
        // What nobody gave and the reader can find out (a CSV's encoding and delimiter), as a mapping with `auto` would.
        for (key, value) in reader.guessedOptions(isFile) where !keys.contains(key) { pairs.append((Node(key), Node(value))) }
        let node = YAMLNode(node: .mapping(Node.Mapping(pairs)), file: "the command line")
        do {
            return try MappingDocument.parseSource(node, diagnostics: MappingDiagnostics())
        } catch let error as MappingError {
            throw InputError(path: "the command line", message: error.message)
        }
    }

    /// The paths under the record element, made relative to it; structure-only elements left out.
    static func recordTable(_ whole: SourceProfile.Table, record: String) -> SourceProfile.Table {
        let prefix = record + "/"
        let seen = Dictionary(whole.columns.map { ($0.name, $0.seen) }, uniquingKeysWith: max)
        let records = seen[record] ?? 0
        // An element that occurs more often than its parent repeats inside it.
        func repeats(_ path: String) -> Bool {
            var path = Substring(path)
            while path.count > prefix.count, let slash = path.lastIndex(of: "/") {
                let parent = path[..<slash]
                if !path[path.index(after: slash)...].hasPrefix("@"), let count = seen[String(path)],
                   let parentCount = seen[String(parent)], count > parentCount { return true }
                path = parent
            }
            return false
        }
        let columns = whole.columns.compactMap { column -> ColumnProfile? in
            guard column.name.hasPrefix(prefix), column.filled > 0 else { return nil }
            var relative = column
            relative.name = String(column.name.dropFirst(prefix.count))
            relative.repeatsInRecord = repeats(column.name)
            return relative
        }
        return SourceProfile.Table(name: nil, records: records, columns: columns)
    }

    /// The tables of a database, in name order, SQLite's own left out.
    static func tableNames(_ path: String) throws -> [String] {
        let database = try SQLiteDatabase(path: path, mode: .readOnly)
        try database.probe()
        let statement = try database.prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        var names: [String] = []
        while try statement.step() {
            if let name = statement.value(0).text { names.append(name) }
        }
        return names
    }
}

extension SourceInspector {
    /// The readers' names: `csv, spreadsheet, sqlite or xml`.
    public static var readerNames: String { MessageText.list(ReaderRegistry.names) }

    /// How the reader is chosen when none is given, for help texts:
    /// `.csv .tsv .txt .tab csv, .sqlite .sqlite3 .db .db3 sqlite, .xml xml`.
    public static var readerExtensions: String {
        ReaderRegistry.all.filter { !$0.extensions.isEmpty }
            .map { reader in reader.extensions.map { "." + $0 }.joined(separator: " ") + " " + reader.name }
            .joined(separator: ", ")
    }
}
