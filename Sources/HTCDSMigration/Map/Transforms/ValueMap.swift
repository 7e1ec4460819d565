import Foundation
import HTCDS

/// `map:`, `map_file:`, `default:`, `ignore_values:`, `otherwise:` and
/// `keep_original_in:` as written, targets checked against the field.
struct ValueMapSpecification {
    /// Legacy value to target, in the order written (map_file entries after map).
    var pairs: [(from: Located<String>, to: String)] = []
    var ignoreValues: [Located<String>] = []
    var defaultValue: String?
    var otherwise = false
    var keepOriginalIn: Field?
    /// The map files read, as paths (an output must never be one of them).
    var mapFiles: [String] = []

    static func read(
        _ keyed: KeyedNode, field: Field, standard: Standard, diagnostics: MappingDiagnostics
    ) throws -> ValueMapSpecification? {
        let keys = ["map", "map_file", "default", "ignore_values", "otherwise", "keep_original_in"]
        guard keys.contains(where: keyed.has) else { return nil }
        var specification = ValueMapSpecification()
        let target = TargetCheck(field: field, standard: standard)
        if let node = keyed["map"] {
            for (key, value) in try node.pairs("map") {
                let from = Located(try key.text("a legacy value"), key.location)
                guard let to = diagnostics.attempt({ try target.check(try value.text("a map target"), at: value.location) }) else {
                    continue
                }
                specification.pairs.append((from, to))
            }
        }
        if let node = keyed["map_file"] {
            specification.pairs += try readMapFile(node, target: target, diagnostics: diagnostics)
            specification.mapFiles.append(mapFilePath(node))
        }
        if let node = keyed["default"] {
            specification.defaultValue = try target.check(try node.text("default"), at: node.location)
        }
        if let node = keyed["ignore_values"] {
            specification.ignoreValues = try node.locatedTexts("ignore_values")
        }
        if let node = keyed["otherwise"] {
            let written = try node.text("otherwise")
            guard field.values.contains(where: { $0.name == "Other" }) else {
                throw MappingError(.otherwiseWithoutOther(field: field.name), at: node.location)
            }
            guard written == "Other" else {
                throw MappingError(.otherwiseTakesOther(written: written), at: node.location)
            }
            if specification.defaultValue != nil {
                throw MappingError(.defaultAndOtherwise, at: node.location)
            }
            specification.otherwise = true
        }
        if let node = keyed["keep_original_in"] {
            let name = try node.text("keep_original_in")
            guard let note = standard.field(named: name), note.type == .text || note.type == .longText else {
                throw MappingError(.keepOriginalInNotText(name: name), at: node.location)
            }
            guard specification.otherwise else {
                throw MappingError(.keepOriginalInWithoutOtherwise, at: node.location)
            }
            specification.keepOriginalIn = note
        }
        try checkDuplicates(specification.pairs)
        return specification
    }

    /// Two legacy values that read the same once forgiven must not map to different targets.
    private static func checkDuplicates(_ pairs: [(from: Located<String>, to: String)]) throws {
        var seen: [String: (target: String, location: SourceLocation)] = [:]
        for (from, to) in pairs {
            let key = ValueMap.forgivingKey(from.value)
            if let earlier = seen[key], earlier.target != to {
                throw MappingError(.mapConflict(from: from.value, to: to, earlierLine: earlier.location.line ?? 0,
                                                earlierTarget: earlier.target), at: from.location)
            }
            seen[key] = (to, from.location)
        }
    }

    /// A map file's path: as written when absolute, else from the mapping's folder.
    private static func mapFilePath(_ node: YAMLNode) -> String {
        let path = (try? node.text("map_file")) ?? ""
        let directory = URL(fileURLWithPath: node.file).deletingLastPathComponent()
        return URL(fileURLWithPath: path, relativeTo: directory).path
    }

    /// A two-column CSV next to the mapping: legacy value, HTCDS value; the first row is a header.
    private static func readMapFile(
        _ node: YAMLNode, target: TargetCheck, diagnostics: MappingDiagnostics
    ) throws -> [(from: Located<String>, to: String)] {
        let path = try node.text("map_file")
        guard let data = FileManager.default.contents(atPath: mapFilePath(node)) else {
            throw MappingError(.mapFileUnreadable(path: path), at: node.location)
        }
        let parser = CSVRecordParser(delimiter: CSVDialect.sniffDelimiter(in: ArraySlice(data)))
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        parser.append(bytes)
        parser.markEnd()
        let display = path.hasPrefix("/") || (node.file as NSString).deletingLastPathComponent.isEmpty
            ? path : (node.file as NSString).deletingLastPathComponent + "/" + path
        var pairs: [(from: Located<String>, to: String)] = []
        var isHeader = true
        while true {
            let step: CSVRecordParser.Step
            do {
                step = try parser.next()
            } catch .unterminatedQuote(let line) {
                throw MappingError(.mapFileQuoteNotClosed(path: path, line: line), at: node.location)
            }
            guard case .record(let line) = step else { break }
            if isHeader { isHeader = false; continue }
            let location = SourceLocation(file: display, line: line)
            let cells = parser.cells
            if cells.allSatisfy(\.isEmpty) { continue }
            guard cells.count == 2 else {
                // Not a map file at all, perhaps: said once, at the mapping's line, none of its text quoted.
                throw MappingError(.mapFileCells(path: path, line: line, cells: cells.count), at: node.location)
            }
            if let to = diagnostics.attempt({ try target.check(cells[1], at: location) }) {
                pairs.append((Located(cells[0], location), to))
            }
        }
        return pairs
    }
}

/// Checks that a map target is a value the field accepts, and writes it as
/// the standard does (a picklist's value name, a country's alpha-2 code).
struct TargetCheck {
    let field: Field
    let standard: Standard

    func check(_ target: String, at location: SourceLocation) throws -> String {
        if field.hasPicklist {
            switch field.value(matching: target) {
            case .found(let value): return value.name
            case .ambiguous, .notFound(suggestions: []):
                throw MappingError(.valueUnknown(target: target, field: field.name, suggestion: nil), at: location)
            case .notFound(let suggestions):
                throw MappingError(.valueUnknown(target: target, field: field.name, suggestion: suggestions[0]), at: location)
            }
        }
        switch field.codeList {
        case .country:
            guard let country = standard.countries.lookup(target).match else {
                throw MappingError(.countryUnknown(target: target, field: field.name), at: location)
            }
            return country.alpha2
        case .language:
            guard let language = standard.languages.lookup(target).match else {
                throw MappingError(.languageUnknown(target: target, field: field.name), at: location)
            }
            return language.alpha3
        case nil:
            return target
        }
    }
}

/// A compiled value map: hash tables of exact and forgiving keys.
struct ValueMap {
    enum Outcome: Equatable {
        case mapped(String)
        case ignored
        case uncovered
    }

    private var exact: [String: String?] = [:]
    private var forgiving: [String: String?] = [:]
    let defaultValue: String?
    let otherwise: Bool
    let keepOriginalIn: Field?

    init(_ specification: ValueMapSpecification) {
        defaultValue = specification.defaultValue
        otherwise = specification.otherwise
        keepOriginalIn = specification.keepOriginalIn
        for ignored in specification.ignoreValues { add(ignored.value, nil) }
        for (from, to) in specification.pairs { add(from.value, to) }
    }

    private mutating func add(_ from: String, _ to: String?) {
        exact[Self.exactKey(from)] = to
        let key = Self.forgivingKey(from)
        if !key.isEmpty { forgiving[key] = to }
    }

    func lookup(_ text: String) -> Outcome {
        if let target = exact[Self.exactKey(text)] ?? forgiving[Self.forgivingKey(text)] {
            return target.map(Outcome.mapped) ?? .ignored
        }
        if let defaultValue { return .mapped(defaultValue) }
        return .uncovered
    }

    static func exactKey(_ text: String) -> String { TextCleaning.trimmed(text).lowercased() }

    /// Forgiving case, spacing and punctuation; a key of punctuation only ("-")
    /// is matched exactly instead.
    static func forgivingKey(_ text: String) -> String {
        let key = LookupKey(text).text
        return key.isEmpty ? exactKey(text) : key
    }
}
