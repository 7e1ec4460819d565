import HTCDS
import Yams

/// A node of a mapping file with its position. Mapping files are read by
/// walking nodes and reading every scalar as the text written, so that `yes`,
/// `no`, `007` and `1990-02-03` stay text, and every error can name its line.
struct YAMLNode {
    let node: Node
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
    }

    var isScalar: Bool { node.scalar != nil }
    var isMapping: Bool { node.mapping != nil }
    var isSequence: Bool { node.sequence != nil }

    var kindName: String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping (key: value lines)"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The scalar as written.
    func text(_ what: String) throws -> String {
        guard let scalar = node.scalar else {
            throw MappingError(.notSingleValue(what: what, kind: kindName), at: location)
        }
        return scalar.string
    }

    /// A single value or a list of single values.
    func texts(_ what: String) throws -> [String] {
        if let scalar = node.scalar { return [scalar.string] }
        return try items(what).map { try $0.text("each item of \(what)") }
    }

    /// Located texts, for values whose errors must point at the item.
    func locatedTexts(_ what: String) throws -> [Located<String>] {
        if node.scalar != nil { return [Located(try text(what), location)] }
        return try items(what).map { Located(try $0.text("each item of \(what)"), $0.location) }
    }

    func items(_ what: String) throws -> [YAMLNode] {
        guard let sequence = node.sequence else {
            throw MappingError(.notList(what: what, kind: kindName), at: location)
        }
        return sequence.map { YAMLNode(node: $0, file: file) }
    }

    func pairs(_ what: String) throws -> [(key: YAMLNode, value: YAMLNode)] {
        guard let mapping = node.mapping else {
            throw MappingError(.notMapping(what: what, kind: kindName), at: location)
        }
        return mapping.map { (YAMLNode(node: $0.key, file: file), YAMLNode(node: $0.value, file: file)) }
    }

    func integer(_ what: String, range: ClosedRange<Int>) throws -> Int {
        let written = try text(what)
        guard let value = Int(written), range.contains(value) else {
            throw MappingError(.notWholeNumber(what: what, lower: range.lowerBound, upper: range.upperBound, written: written), at: location)
        }
        return value
    }

    func boolean(_ what: String) throws -> Bool {
        let written = try text(what)
        switch written.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw MappingError(.notBoolean(what: what, written: written), at: location)
        }
    }

    /// The keys of a mapping node, checked against those allowed; unknown keys
    /// are errors with a suggestion.
    func keyed(_ what: String, allowed: [String], diagnostics: MappingDiagnostics) throws -> KeyedNode {
        var values: [String: (key: YAMLNode, value: YAMLNode)] = [:]
        for (key, value) in try pairs(what) {
            guard let name = key.node.scalar?.string else {
                diagnostics.error(.keysNotSingleValues(what: what), at: key.location)
                continue
            }
            guard allowed.contains(name) else {
                diagnostics.error(.unknownKey(name: name, in: what, suggestion: Suggestions.nearest(to: name, among: allowed, limit: 1).first,
                                              allowed: allowed), at: key.location)
                continue
            }
            values[name] = (key, value)
        }
        return KeyedNode(node: self, values: values)
    }
}

/// A mapping node whose keys were checked.
struct KeyedNode {
    let node: YAMLNode
    let values: [String: (key: YAMLNode, value: YAMLNode)]

    subscript(key: String) -> YAMLNode? { values[key]?.value }

    func has(_ key: String) -> Bool { values[key] != nil }
}

/// A value with the place in the mapping file it was written.
struct Located<Value> {
    let value: Value
    let location: SourceLocation

    init(_ value: Value, _ location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
