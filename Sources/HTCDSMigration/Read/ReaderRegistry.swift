import Foundation

/// Opens a reader on an input, configured from a mapping's `source:` section.
public typealias ReaderOpener = (_ source: ByteSource, _ request: ReaderRequest, _ issues: IssueSink) throws -> RecordReader

/// What a run asks of a reader beyond its mapping options.
public struct ReaderRequest: Sendable {
    /// Overrides the mapping's encoding (the command line's `--encoding`).
    public var encoding: TextEncoding?
    /// The columns the mapping refers to. Readers whose inputs have no header
    /// (XML: paths relative to the record) offer these as their columns.
    public var columns: [String]
    /// Repeated structures below each record, each with its columns relative to
    /// it (XML: `events/event` with `date`, `@type`). Only XML offers them.
    public var groups: [(path: String, columns: [String])]
    /// Threads the run maps on; a reader may parse on as many (XML does).
    public var threads: Int
    /// The most bytes one record may take (`source.max_record_bytes`): an
    /// input that never ends a record (/dev/zero, a file of NULs) stops with
    /// an error at the record's line instead of growing without end.
    public var maxRecordBytes = ReaderRequest.defaultMaxRecordBytes
    public static let defaultMaxRecordBytes = 64 << 20

    public init(encoding: TextEncoding? = nil, columns: [String] = [], groups: [(path: String, columns: [String])] = [],
                threads: Int = 1) {
        self.encoding = encoding
        self.columns = columns
        self.groups = groups
        self.threads = threads
    }
}

/// One input format: its name in mapping files, and how it reads its options.
struct ReaderDefinition: Sendable {
    let name: String
    let summary: String
    /// The keys of `source:` this reader reads, besides reader, path, empty and decimal_comma.
    let optionKeys: [String]
    /// Reads the format's options from `source:` (errors at their lines, before
    /// any input is opened) and returns how to open an input with them.
    let configure: @Sendable (_ options: KeyedNode, _ diagnostics: MappingDiagnostics) throws -> ReaderOpener
}

/// The readers by name. A new format is one type and one line here.
enum ReaderRegistry {
    static let all: [ReaderDefinition] = [
        ReaderDefinition(name: "csv", summary: "delimited text (RFC 4180)", optionKeys: CSVDialect.optionKeys) { options, diagnostics in
            let dialect = try CSVDialect(options, spreadsheet: false, diagnostics: diagnostics)
            return { source, request, issues in
                try CSVReader(source: source, dialect: dialect.overridden(by: request), issues: issues, threads: request.threads)
            }
        },
        ReaderDefinition(name: "spreadsheet", summary: "CSV saved by Excel, LibreOffice or Google Sheets",
                         optionKeys: CSVDialect.optionKeys) { options, diagnostics in
            let dialect = try CSVDialect(options, spreadsheet: true, diagnostics: diagnostics)
            return { source, request, issues in
                try CSVReader(source: source, dialect: dialect.overridden(by: request), issues: issues, threads: request.threads)
            }
        },
        ReaderDefinition(name: "sqlite", summary: "an SQLite database, read-only", optionKeys: SQLiteOptions.optionKeys) { options, _ in
            let sqlite = try SQLiteOptions(options)
            return { source, _, issues in try SQLiteRecordReader(path: source.displayPath, options: sqlite, issues: issues) }
        },
        ReaderDefinition(name: "xml", summary: "XML, streamed with libxml2", optionKeys: XMLOptions.optionKeys) { options, diagnostics in
            let xml = try XMLOptions(options)
            return { source, request, issues in
                var xml = xml
                xml.maxRecordBytes = request.maxRecordBytes
                return try XMLParallelReader.open(source: source, options: xml, columns: request.columns, groups: request.groups,
                                           threads: request.threads, issues: issues)
            }
        },
    ]

    static var names: [String] { all.map(\.name) }

    static func definition(named name: String) -> ReaderDefinition? {
        all.first { $0.name == name }
    }
}

extension CSVDialect {
    static let optionKeys = ["encoding", "delimiter", "header_row", "data_row", "skip_lines_matching", "ragged"]

    func overridden(by request: ReaderRequest) -> CSVDialect {
        var dialect = self
        if let encoding = request.encoding { dialect.encoding = encoding }
        dialect.maxRecordBytes = request.maxRecordBytes
        return dialect
    }

    /// The dialect from a mapping's `source:` section.
    init(_ options: KeyedNode, spreadsheet: Bool, diagnostics: MappingDiagnostics) throws {
        self.init()
        self.spreadsheet = spreadsheet
        if let node = options["encoding"] {
            let written = try node.text("encoding")
            guard let encoding = TextEncoding(name: written) else {
                throw MappingError("unknown encoding '\(written)'; the encodings are \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))", at: node.location)
            }
            self.encoding = encoding
        }
        if let node = options["delimiter"] {
            let written = try node.text("delimiter")
            switch written {
            case "auto": delimiter = .sniff
            case "tab", "\\t", "\t": delimiter = .byte(0x09)
            default:
                guard written.utf8.count == 1, let byte = written.utf8.first, byte != UInt8(ascii: "\""),
                      byte != 0x0A, byte != 0x0D else {
                    throw MappingError("delimiter must be one character (, ; | tab) or auto, not '\(written)'", at: node.location)
                }
                delimiter = .byte(byte)
            }
        }
        if let node = options["header_row"] { headerRow = try node.integer("header_row", range: 1...1000) }
        if let node = options["data_row"] {
            let row = try node.integer("data_row", range: 2...1001)
            guard row > headerRow else {
                throw MappingError("data_row must come after header_row (\(headerRow))", at: node.location)
            }
            dataRow = row
        }
        if let node = options["skip_lines_matching"] {
            let pattern = try node.text("skip_lines_matching")
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                throw MappingError("skip_lines_matching is not a regular expression: '\(pattern)'", at: node.location)
            }
            skipLinesMatching = pattern
        }
        if let node = options["ragged"] {
            let written = try node.text("ragged")
            guard let policy = RaggedPolicy(rawValue: written) else {
                throw MappingError("ragged must be keep or reject, not '\(written)'", at: node.location)
            }
            ragged = policy
        }
    }
}

extension XMLOptions {
    static let optionKeys = ["record", "namespaces", "max_depth"]

    /// The options from a mapping's `source:` section; paths are checked here,
    /// so that a bad one is a mapping error at its line.
    init(_ options: KeyedNode) throws {
        guard let recordNode = options["record"] else {
            throw MappingError("the xml reader needs 'record:', the path of the element that is one record (/export/cases/case or //case)",
                               at: options.node.location)
        }
        self.init(recordPath: try recordNode.text("record"))
        if let node = options["namespaces"] {
            for (prefix, uri) in try node.pairs("namespaces") {
                namespaces[try prefix.text("a namespace prefix")] = try uri.text("a namespace URI")
            }
        }
        if let node = options["max_depth"] { maxDepth = try node.integer("max_depth", range: 2...1000) }
        do {
            _ = try XMLPath(recordPath, namespaces: namespaces, relative: false)
        } catch {
            throw MappingError("record: '\(recordPath)' is not a usable path (\(error))", at: recordNode.location)
        }
    }
}
