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

/// One input format: its name in mapping files, how files of it are known
/// (extensions and first bytes), how `inspect` and `init` profile it, and
/// how it reads its options.
struct ReaderDefinition: Sendable {
    /// How `inspect` and `init` profile an input of this format when no
    /// mapping says what one record is.
    enum Profiling: Sendable {
        /// One table of records (delimited text).
        case records
        /// Several tables, each profiled unless `table:` or `query:` picks one (SQLite).
        case tables
        /// A tree: every path is listed unless `record:` names the record element (XML).
        case paths
    }

    let name: String
    let summary: String
    /// File extensions (lower case, without the dot) that suggest this reader.
    let extensions: [String]
    /// The bytes a file of this format starts with, when it has such a mark.
    let signature: FileSignature?
    let profiling: Profiling
    /// The keys of `source:` this reader reads, besides reader, path, empty and decimal_comma.
    let optionKeys: [String]
    /// Options `inspect` and `init` give when the user gives none (`isFile`:
    /// the input is a file, not standard input).
    let guessedOptions: @Sendable (_ isFile: Bool) -> [(key: String, value: String)]
    /// Reads the format's options from `source:` (errors at their lines, before
    /// any input is opened) and returns how to open an input with them.
    let configure: @Sendable (_ options: KeyedNode, _ diagnostics: MappingDiagnostics) throws -> ReaderOpener
}

/// The readers by name. A new format is one type and one entry here: its
/// name, extensions and signature are all `inspect`, `init`, `check`, the
/// JSON Schema and the command line know of it.
enum ReaderRegistry {
    static let all: [ReaderDefinition] = [
        ReaderDefinition(name: "csv", summary: "delimited text (RFC 4180)", extensions: ["csv", "tsv", "txt", "tab"],
                         signature: nil, profiling: .records, optionKeys: CSVDialect.optionKeys,
                         guessedOptions: CSVDialect.guessedOptions) { options, diagnostics in
            let dialect = try CSVDialect(options, spreadsheet: false, diagnostics: diagnostics)
            return { source, request, issues in
                try CSVReader(source: source, dialect: dialect.overridden(by: request), issues: issues, threads: request.threads)
            }
        },
        ReaderDefinition(name: "spreadsheet", summary: "CSV saved by Excel, LibreOffice or Google Sheets", extensions: [],
                         signature: nil, profiling: .records, optionKeys: CSVDialect.optionKeys,
                         guessedOptions: CSVDialect.guessedOptions) { options, diagnostics in
            let dialect = try CSVDialect(options, spreadsheet: true, diagnostics: diagnostics)
            return { source, request, issues in
                try CSVReader(source: source, dialect: dialect.overridden(by: request), issues: issues, threads: request.threads)
            }
        },
        ReaderDefinition(name: "sqlite", summary: "an SQLite database, read-only", extensions: ["sqlite", "sqlite3", "db", "db3"],
                         signature: .sqlite, profiling: .tables, optionKeys: SQLiteOptions.optionKeys,
                         guessedOptions: { _ in [] }) { options, _ in
            let sqlite = try SQLiteOptions(options)
            return { source, _, issues in try SQLiteRecordReader(path: source.displayPath, options: sqlite, issues: issues) }
        },
        ReaderDefinition(name: "xml", summary: "XML, streamed with libxml2", extensions: ["xml"], signature: .xml,
                         profiling: .paths, optionKeys: XMLOptions.optionKeys, guessedOptions: { _ in [] }) { options, _ in
            let xml = try XMLOptions(options)
            return { source, request, issues in
                var xml = xml
                xml.maxRecordBytes = request.maxRecordBytes
                return try XMLParallelReader.open(source: source, options: xml, columns: request.columns, groups: request.groups,
                                           threads: request.threads, issues: issues)
            }
        },
        ReaderDefinition(name: "xlsx", summary: "an Excel workbook (.xlsx), one sheet, streamed", extensions: ["xlsx", "xlsm"],
                         signature: .zip, profiling: .records, optionKeys: WorkbookOptions.optionKeys,
                         guessedOptions: { _ in [] }) { options, _ in
            let workbook = try WorkbookOptions(options)
            return { source, _, issues in try XLSXReader.open(path: source.displayPath, options: workbook, issues: issues) }
        },
        ReaderDefinition(name: "ods", summary: "an OpenDocument spreadsheet (.ods, LibreOffice), one sheet, streamed",
                         extensions: ["ods"], signature: .zip, profiling: .records, optionKeys: WorkbookOptions.optionKeys,
                         guessedOptions: { _ in [] }) { options, _ in
            let workbook = try WorkbookOptions(options)
            return { source, _, issues in try ODSReader.open(path: source.displayPath, options: workbook, issues: issues) }
        },
    ]

    /// The reader for files nothing else claims: delimited text.
    static let fallback = "csv"

    static var names: [String] { all.map(\.name) }

    static func definition(named name: String) -> ReaderDefinition? {
        all.first { $0.name == name }
    }

    /// The reader for an input: the one whose signature its first bytes
    /// carry, else the one its extension names, else delimited text. A file
    /// in a container no reader opens (a ZIP, gzip, an old Excel workbook)
    /// is refused with what it is, rather than read as text.
    static func definition(forPath path: String) throws -> ReaderDefinition {
        let head = FileSignature.head(of: path)
        let pathExtension = (path as NSString).pathExtension.lowercased()
        if let head {
            if FileSignature.zip.matches(head) { return try workbookReader(of: path) }
            if FileSignature.gzip.matches(head) { return try compressedReader(of: path) }
            if let reader = all.first(where: { $0.signature?.matches(head) == true }) { return reader }
            if let container = FileSignature.unreadable.first(where: { $0.matches(head) }) {
                throw InputError(path: path, message: container.refusal(pathExtension: pathExtension))
            }
        }
        return all.first { $0.extensions.contains(pathExtension) } ?? definition(named: fallback)!
    }

    /// The reader of a gzip file: by what it holds (an XML declaration), else
    /// by its name without `.gz` (`export.csv.gz`), else delimited text. What
    /// a reader takes only from a file of its own (a database, a workbook) is refused.
    private static func compressedReader(of path: String) throws -> ReaderDefinition {
        let head = try FileSignature.decompressedHead(of: path)
        if let other = all.first(where: { $0.signature?.matches(head) == true && $0.signature != .xml }) {
            throw InputError(path: path, message: "is \(other.signature!.description) compressed with gzip: decompress it "
                             + "(gunzip) and read that")
        }
        if FileSignature.xml.matches(head) { return definition(named: "xml")! }
        let inner = ((path as NSString).deletingPathExtension as NSString).pathExtension.lowercased()
        return all.first { $0.signature == nil && $0.extensions.contains(inner) } ?? all.first { $0.extensions.contains(inner) && $0.name == "xml" }
            ?? definition(named: fallback)!
    }

    /// The reader of a ZIP's member (`source.member`), by its extension: the text readers only.
    static func definition(forMember member: String) -> ReaderDefinition {
        let pathExtension = (member as NSString).pathExtension.lowercased()
        return all.first { $0.optionKeys.contains("member") && $0.extensions.contains(pathExtension) } ?? definition(named: fallback)!
    }

    /// The reader of a ZIP: the workbook reader its members say, or an error saying what it is.
    private static func workbookReader(of path: String) throws -> ReaderDefinition {
        let members = try WorkbookArchive.members(of: path, displayPath: path)
        if let name = WorkbookArchive.readerName(members) { return definition(named: name)! }
        throw InputError(path: path, message: WorkbookArchive.notAWorkbook(members))
    }

    /// Refuses an input whose first bytes say it is not what `reader` reads
    /// (a database or a workbook given to the CSV reader): read as text, it
    /// would be columns of binary.
    /// `member`: the input is a ZIP archive, and its member is what the reader reads.
    static func checkSignature(of path: String, for reader: ReaderDefinition, member: String? = nil) throws {
        guard let head = FileSignature.head(of: path) else { return }
        if member != nil {
            guard FileSignature.zip.matches(head) else {
                throw InputError(path: path, message: "is not a ZIP archive: source.member reads a file inside one")
            }
            return
        }
        let pathExtension = (path as NSString).pathExtension.lowercased()
        if reader.signature == .zip {
            // A workbook reader: the file must be the workbook it reads.
            if FileSignature.zip.matches(head) {
                let found = try workbookReader(of: path)
                guard found.name == reader.name else {
                    throw InputError(path: path, message: "is \(found.summary), not what the \(reader.name) reader reads: use reader: \(found.name)")
                }
                return
            }
            if let container = FileSignature.unreadable.first(where: { $0.matches(head) }) {
                throw InputError(path: path, message: container.refusal(pathExtension: pathExtension))
            }
            throw InputError(path: path, message: "is not a workbook (a ZIP archive, as .xlsx and .ods files are): "
                             + "give its reader (csv, xml, sqlite) or save it from Excel or LibreOffice")
        }
        if FileSignature.gzip.matches(head) {
            // Text readers read a gzip file as what it holds; the others need a file of their own.
            guard reader.signature == nil || reader.signature == .xml else {
                throw InputError(path: path, message: "is compressed with gzip: the \(reader.name) reader reads an uncompressed file; "
                                 + "decompress it (gunzip) and read that")
            }
            _ = try compressedReader(of: path)
            return
        }
        guard reader.signature == nil else { return }
        if FileSignature.zip.matches(head) {
            let members = try WorkbookArchive.members(of: path, displayPath: path)
            if let name = WorkbookArchive.readerName(members) {
                throw InputError(path: path, message: "is \(definition(named: name)!.summary), not what the \(reader.name) reader reads: "
                                 + "use reader: \(name)")
            }
            throw InputError(path: path, message: WorkbookArchive.notAWorkbook(members))
        }
        if let other = all.first(where: { $0.signature?.matches(head) == true }), other.signature != .xml {
            throw InputError(path: path, message: "the input is \(other.signature!.description), not what the \(reader.name) reader reads: "
                             + "use reader: \(other.name)")
        }
        if let container = FileSignature.unreadable.first(where: { $0.matches(head) }) {
            throw InputError(path: path, message: container.refusal(pathExtension: pathExtension))
        }
    }
}

/// How a file's first bytes say what it is.
enum FileSignature: Sendable, CustomStringConvertible {
    case sqlite
    case xml
    case zip
    case gzip
    case compoundDocument

    /// Files no reader opens, known so that they are refused by name.
    static let unreadable: [FileSignature] = [.compoundDocument]

    /// The first bytes a gzip file holds, decompressed.
    static func decompressedHead(of path: String, count: Int = 16) throws -> [UInt8] {
        let source = try ByteSource(path: path)
        var head: [UInt8] = []
        while head.count < count, try source.read(into: &head, count: count - head.count) > 0 {}
        return head
    }

    /// Why a file of this kind is not read, and what to do.
    func refusal(pathExtension: String) -> String {
        switch self {
        case .compoundDocument where ["xlsx", "xlsm"].contains(pathExtension):
            "is an encrypted (password-protected) Excel workbook: open it in Excel, remove its password "
                + "(File > Info > Protect Workbook), save it as .xlsx, and read that"
        case .compoundDocument:
            "is an Excel 97-2003 workbook (.xls) or another OLE document: open it in Excel or LibreOffice, "
                + "save it as .xlsx (or CSV), and read that"
        default:
            "is \(description): no reader opens it; save it as CSV"
        }
    }

    var description: String {
        switch self {
        case .sqlite: "an SQLite database"
        case .xml: "an XML document"
        case .zip: "a ZIP archive"
        case .gzip: "a gzip-compressed file"
        case .compoundDocument: "an Excel 97-2003 workbook (.xls) or another OLE document"
        }
    }

    func matches(_ head: [UInt8]) -> Bool {
        switch self {
        case .sqlite: return head.starts(with: Array("SQLite format 3\0".utf8))
        case .zip: return head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
        case .gzip: return head.starts(with: [0x1F, 0x8B])
        case .compoundDocument: return head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        case .xml:
            // An XML declaration, after a UTF-8 byte-order mark if any; UTF-16 with its mark.
            let body = head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : head
            return body.starts(with: Array("<?xml".utf8)) || head.starts(with: [0xFF, 0xFE, 0x3C, 0x00])
                || head.starts(with: [0xFE, 0xFF, 0x00, 0x3C])
        }
    }

    /// The first bytes of a regular file; nil for standard input, pipes,
    /// devices and files that cannot be read (their reader says why).
    static func head(of path: String, count: Int = 16) -> [UInt8]? {
        guard path != "-" else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: count)).map { [UInt8]($0) } ?? []
    }
}

extension CSVDialect {
    static let optionKeys = ["encoding", "delimiter", "header_row", "header_rows", "data_row", "skip_lines_matching", "ragged",
                             "member"]

    /// What `inspect` and `init` find out when not told: the encoding (of a
    /// file: standard input cannot be read twice) and the delimiter.
    static let guessedOptions: @Sendable (Bool) -> [(key: String, value: String)] = { isFile in
        (isFile ? [("encoding", "auto")] : []) + [("delimiter", "auto")]
    }

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
                throw MappingError(.encodingUnknown(written: written, encodings: TextEncoding.allCases.map(\.rawValue)), at: node.location)
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
                    throw MappingError(.delimiterInvalid(written: written), at: node.location)
                }
                delimiter = .byte(byte)
            }
        }
        (headerRow, headerRows, dataRow) = try Self.headerOptions(options)
        if let node = options["skip_lines_matching"] {
            let pattern = try node.text("skip_lines_matching")
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                throw MappingError(.skipPatternInvalid(pattern: pattern), at: node.location)
            }
            skipLinesMatching = pattern
        }
        ragged = try Self.raggedPolicy(options) ?? ragged
    }

    /// `header_row` (nil: auto), `header_rows` and `data_row`, as the CSV and workbook readers take them.
    static func headerOptions(_ options: KeyedNode) throws -> (headerRow: Int?, headerRows: Int, dataRow: Int?) {
        var headerRow: Int?
        var headerRows = 1
        var dataRow: Int?
        if let node = options["header_row"], node.node.scalar?.string != "auto" {
            headerRow = try node.integer("header_row", range: 1...1000)
        }
        if let node = options["header_rows"] { headerRows = try node.integer("header_rows", range: 1...5) }
        if let node = options["data_row"] {
            let row = try node.integer("data_row", range: 2...1001)
            guard row > (headerRow ?? 1) + headerRows - 1 else {
                throw MappingError(.dataRowBeforeHeader(headerRow: headerRow ?? 1), at: node.location)
            }
            dataRow = row
        }
        return (headerRow, headerRows, dataRow)
    }

    /// `ragged`, when given.
    static func raggedPolicy(_ options: KeyedNode) throws -> RaggedPolicy? {
        guard let node = options["ragged"] else { return nil }
        let written = try node.text("ragged")
        guard let policy = RaggedPolicy(rawValue: written) else {
            throw MappingError(.raggedPolicyUnknown(written: written), at: node.location)
        }
        return policy
    }
}

extension XMLOptions {
    static let optionKeys = ["record", "namespaces", "max_depth", "member"]

    /// The options from a mapping's `source:` section; paths are checked here,
    /// so that a bad one is a mapping error at its line.
    init(_ options: KeyedNode) throws {
        guard let recordNode = options["record"] else {
            throw MappingError(.xmlNeedsRecord, at: options.node.location)
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
            throw MappingError(.recordPathUnusable(path: recordPath, why: "\(error)"), at: recordNode.location)
        }
    }
}
