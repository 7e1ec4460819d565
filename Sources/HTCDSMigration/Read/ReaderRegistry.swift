import Foundation

/// Opens a reader on an input, configured from a mapping's `source:` section.
public typealias ReaderOpener = (_ source: ByteSource, _ overrides: ReaderOverrides, _ issues: IssueSink) throws -> RecordReader

/// Reader options the command line may override.
public struct ReaderOverrides: Sendable {
    public var encoding: TextEncoding?

    public init(encoding: TextEncoding? = nil) {
        self.encoding = encoding
    }
}

/// One input format: its name in mapping files, and how it reads its options.
struct ReaderDefinition: Sendable {
    let name: String
    let summary: String
    /// Reads the format's options from `source:` (errors at their lines, before
    /// any input is opened) and returns how to open an input with them.
    let configure: @Sendable (_ options: KeyedNode, _ diagnostics: MappingDiagnostics) throws -> ReaderOpener
}

/// The readers by name. A new format is one type and one line here.
enum ReaderRegistry {
    static let all: [ReaderDefinition] = [
        ReaderDefinition(name: "csv", summary: "delimited text (RFC 4180)") { options, diagnostics in
            let dialect = try CSVDialect(options, spreadsheet: false, diagnostics: diagnostics)
            return { source, overrides, issues in
                try CSVReader(source: source, dialect: dialect.overridden(by: overrides), issues: issues)
            }
        },
        ReaderDefinition(name: "spreadsheet", summary: "CSV saved by Excel, LibreOffice or Google Sheets") { options, diagnostics in
            let dialect = try CSVDialect(options, spreadsheet: true, diagnostics: diagnostics)
            return { source, overrides, issues in
                try CSVReader(source: source, dialect: dialect.overridden(by: overrides), issues: issues)
            }
        },
    ]

    static var names: [String] { all.map(\.name) }

    static func definition(named name: String) -> ReaderDefinition? {
        all.first { $0.name == name }
    }
}

extension CSVDialect {
    func overridden(by overrides: ReaderOverrides) -> CSVDialect {
        var dialect = self
        if let encoding = overrides.encoding { dialect.encoding = encoding }
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
