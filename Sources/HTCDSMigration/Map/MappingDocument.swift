import Foundation
import HTCDS
import Yams

/// A mapping file as written: its keys checked, its HTCDS fields known, its
/// value-map targets checked against the standard; not yet bound to an input's
/// columns (that is the compiler's work, once the reader has read the header).
struct MappingDocument {
    /// The mapping path as the user gave it.
    let path: String
    /// The folder relative paths in the mapping are resolved against.
    let directory: URL
    let source: SourceSpecification
    let caseID: CaseIDSpecification
    /// Where phone numbers without "+" come from, for every phone entry that does not say.
    let phone: PhoneRegionSpecification
    let dateFormats: [Located<String>]?
    let entries: [EntrySpecification]
    let ignore: [Located<String>]
    /// `not_collected:`: fields the source never had (the register never asked), acknowledged
    /// so that they leave the core-field warnings and are listed apart in reports.
    let notCollected: [Located<String>]
    let related: [RelatedSpecification]
    /// The `tests:` section, run by `htcds test`.
    let tests: YAMLNode?
    let warnings: [MappingError]

    /// Every column the mapping names, in order of first mention.
    var referencedColumns: [String] {
        var seen = Set<String>()
        var columns = caseID.columns + entries.flatMap(\.columns) + [phone.regionFrom].compactMap { $0 } + ignore
        for set in related {
            switch set.origin {
            case .rows: columns += set.entries.flatMap(\.columns)
            case .groups(let values): columns += set.entries.flatMap(\.columns).flatMap { column in
                values.map { Located(column.value.replacingOccurrences(of: "{n}", with: $0), column.location) }
            }
            case .source, .elements: break
            }
        }
        return columns.map(\.value).filter { seen.insert($0).inserted }
    }

    static let topLevelKeys = [
        "htcds", "source", "case_id", "date_formats", "locale", "fields", "related", "ignore", "not_collected", "tests",
    ] + PhoneRegionSpecification.keys
}

/// The `source:` section: which reader, which file, and the reader's options.
struct SourceSpecification {
    let reader: Located<String>
    /// The reader `reader` names.
    let definition: ReaderDefinition
    let path: Located<String>?
    /// Tokens that mean "empty" in every entry unless an entry gives its own.
    let empty: [String]
    let decimalComma: Bool
    /// `max_record_bytes:`: the most bytes one record may take.
    let maxRecordBytes: Int
    /// `member:`: the file inside the ZIP archive the input is.
    let member: String?
    /// `ragged: reject`: rows with more or fewer cells than the header go to the rejects.
    let rejectsRagged: Bool
    /// Opens an input with the reader and the options the section gives.
    let open: ReaderOpener
}

extension MappingDocument {
    /// Reads and checks a mapping file; throws `MappingErrors` with every
    /// mistake found, each at its line and column.
    static func load(path: String, standard: Standard) throws -> MappingDocument {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw MappingErrors([MappingError(.mappingUnreadable, at: SourceLocation(file: path))])
        }
        return try parse(text: text, path: path, directory: url.deletingLastPathComponent(), standard: standard)
    }

    static func parse(text: String, path: String, directory: URL, standard: Standard) throws -> MappingDocument {
        let diagnostics = MappingDiagnostics()
        let node: Node
        do {
            // Every scalar is read as the text written (`YAMLNode`), so no
            // tag is resolved: Yams's default resolver compiled seven regular
            // expressions and matched each scalar against them, an eighth of
            // a run's start-up.
            guard let composed = try Yams.compose(yaml: text, .basic) else {
                throw MappingErrors([MappingError(.mappingEmpty, at: SourceLocation(file: path, line: 1, column: 1))])
            }
            node = composed
        } catch let error as YamlError {
            throw MappingErrors([yamlSyntaxError(error, path: path)])
        }
        let root = YAMLNode(node: node, file: path)
        YAMLPortability.check(node, file: path, diagnostics: diagnostics)
        let keyed: KeyedNode
        do {
            keyed = try root.keyed("the mapping file", allowed: topLevelKeys, diagnostics: diagnostics)
        } catch let error as MappingError {
            throw MappingErrors([error])
        }

        for required in ["htcds", "source", "case_id", "fields"] where !keyed.has(required) {
            diagnostics.error(.needsKey(required), at: root.location)
        }
        if let version = keyed["htcds"] {
            diagnostics.attempt {
                let written = try version.text("htcds")
                if written != standard.version {
                    throw MappingError(.versionUnsupported(supported: standard.version, written: written), at: version.location)
                }
            }
        }
        let source = keyed["source"].flatMap { node in
            diagnostics.attempt { try parseSource(node, diagnostics: diagnostics) }
        }
        let caseID = keyed["case_id"].flatMap { node in
            diagnostics.attempt { try CaseIDSpecification.read(node, diagnostics: diagnostics) }
        }
        let phone = diagnostics.attempt { try PhoneRegionSpecification.read(keyed, standard: standard) }
        let dateFormats = keyed["date_formats"].flatMap { node in
            diagnostics.attempt { try node.locatedTexts("date_formats") }
        }
        for format in dateFormats ?? [] {
            _ = diagnostics.attempt { try MappingCompiler.dateFormat(format, centuryPivot: nil) }
        }
        var entries: [EntrySpecification] = []
        var targets: [String: SourceLocation] = [:]
        if let fields = keyed["fields"] {
            let pairs: [(key: YAMLNode, value: YAMLNode)] = diagnostics.attempt({ try fields.pairs("fields") }) ?? []
            for (key, value) in pairs {
                guard let entry = diagnostics.attempt({
                    try EntrySpecification.parse(key: key, value: value, standard: standard, diagnostics: diagnostics)
                }) else { continue }
                if let first = targets[entry.field.name] {
                    diagnostics.error(.fieldMappedTwice(field: entry.field.name, firstLine: first.line ?? 0), at: key.location)
                    continue
                }
                targets[entry.field.name] = key.location
                entries.append(entry)
            }
        }
        let ignore = keyed["ignore"].flatMap { node in
            diagnostics.attempt { try node.locatedTexts("ignore") }
        } ?? []
        var related: [RelatedSpecification] = []
        if let node = keyed["related"] {
            let pairs: [(key: YAMLNode, value: YAMLNode)] = diagnostics.attempt({ try node.pairs("related") }) ?? []
            for (name, value) in pairs {
                if let set = diagnostics.attempt({
                    try RelatedSpecification.parse(name: name, node: value, standard: standard, diagnostics: diagnostics)
                }) { related.append(set) }
            }
        }
        // `locale:` of the mapping: the month names of every date entry that names none of its own.
        if let node = keyed["locale"], let locale = diagnostics.attempt({ try DateLanguage.read(node) }) {
            for index in entries.indices where entries[index].locale == nil { entries[index].locale = locale }
            for set in related.indices {
                for index in related[set].entries.indices where related[set].entries[index].locale == nil {
                    related[set].entries[index].locale = locale
                }
            }
        }
        let notCollected = keyed["not_collected"].flatMap { node in
            diagnostics.attempt { try node.locatedTexts("not_collected") }
        } ?? []
        for name in notCollected {
            guard let field = standard.field(named: name.value) else {
                diagnostics.add(MappingError.fieldUnknown(name.value, standard: standard, at: name.location))
                continue
            }
            if let entry = entries.first(where: { $0.field == field }) {
                diagnostics.error(.notCollectedButMapped(field: field.name, line: entry.keyLocation.line ?? 0), at: name.location)
            }
        }
        for entry in entries {
            guard let set = entry.organisationSet else { continue }
            if !related.contains(where: { $0.name.value == set.value && $0.entity == .organisation }) {
                diagnostics.error(.organisationSetUnknown(name: set.value), at: set.location)
            }
        }
        try diagnostics.throwIfAny()
        return MappingDocument(
            path: path, directory: directory, source: source!, caseID: caseID!,
            phone: phone ?? PhoneRegionSpecification(), dateFormats: dateFormats, entries: entries, ignore: ignore,
            notCollected: notCollected, related: related,
            tests: keyed["tests"], warnings: diagnostics.warnings)
    }

    /// Keys of `source:` every reader takes; each reader adds its own.
    static let commonSourceKeys = ["reader", "path", "empty", "decimal_comma", "max_record_bytes"]

    static func parseSource(_ node: YAMLNode, diagnostics: MappingDiagnostics) throws -> SourceSpecification {
        let pairs = try node.pairs("source")
        guard let readerNode = pairs.first(where: { $0.key.node.scalar?.string == "reader" })?.value else {
            throw MappingError(.sourceNeedsReader(readers: ReaderRegistry.names), at: node.location)
        }
        let reader = Located(try readerNode.text("reader"), readerNode.location)
        guard let definition = ReaderRegistry.definition(named: reader.value) else {
            throw MappingError(.readerUnknown(written: reader.value, readers: ReaderRegistry.names), at: reader.location)
        }
        let keyed = try node.keyed("source (reader \(reader.value))", allowed: commonSourceKeys + definition.optionKeys,
                                   diagnostics: diagnostics)
        let configured = try definition.configure(keyed, diagnostics)
        // An export zipped with its file: the member is read as the input.
        let member = try keyed["member"].map { try $0.text("member") }
        let open: ReaderOpener = member.map { member in
            { source, request, issues in try configured(source.member(member), request, issues) }
        } ?? configured
        let path = try keyed["path"].map { Located(try $0.text("path"), $0.location) }
        let empty = try keyed["empty"].map { try $0.texts("empty") } ?? [""]
        let decimalComma = try keyed["decimal_comma"]?.boolean("decimal_comma") ?? false
        let maxRecordBytes = try keyed["max_record_bytes"]?.integer("max_record_bytes", range: 1024...(1 << 40))
            ?? ReaderRequest.defaultMaxRecordBytes
        return SourceSpecification(reader: reader, definition: definition, path: path, empty: empty, decimalComma: decimalComma,
                                   maxRecordBytes: maxRecordBytes, member: member,
                                   rejectsRagged: (try? keyed["ragged"]?.text("ragged")) == "reject", open: open)
    }

    /// A YAML syntax error at its line and column.
    static func yamlSyntaxError(_ error: YamlError, path: String) -> MappingError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return MappingError(.yamlSyntax(problem: problem), at: SourceLocation(file: path, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return MappingError(.keysWrittenTwice(duplicates), at: SourceLocation(file: path, line: context.mark.line, column: context.mark.column))
        default:
            return MappingError(.yamlSyntax(problem: "\(error)"), at: SourceLocation(file: path, line: 1, column: 1))
        }
    }
}
