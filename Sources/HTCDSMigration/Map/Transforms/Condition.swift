import HTCDS

/// `when:`: an entry applies only to records where another column compares
/// as written, ignoring case and surrounding spaces:
/// `{column: Status, equals: closed}`, `not_equals`, `in: [..]`, `not_in`, `empty: true`.
struct ConditionSpecification {
    enum Test {
        case equals([String])
        case notEquals([String])
        case isEmpty(Bool)
    }

    let column: Located<String>
    let test: Test

    static let tests = ["equals", "not_equals", "in", "not_in", "empty"]
    static let keys = ["column"] + tests

    init(_ node: YAMLNode, diagnostics: MappingDiagnostics) throws {
        let keyed = try node.keyed("when", allowed: Self.keys, diagnostics: diagnostics)
        guard let columnNode = keyed["column"] else {
            throw MappingError(.whenNeedsColumn, at: node.location)
        }
        column = Located(try columnNode.text("column"), columnNode.location)
        let tests = Self.tests.filter { keyed.has($0) }
        guard tests.count == 1 else {
            throw MappingError(.whenNeedsTest, at: node.location)
        }
        switch tests[0] {
        case "equals": test = .equals([try keyed["equals"]!.text("equals")])
        case "not_equals": test = .notEquals([try keyed["not_equals"]!.text("not_equals")])
        case "in": test = .equals(try keyed["in"]!.texts("in"))
        case "not_in": test = .notEquals(try keyed["not_in"]!.texts("not_in"))
        default: test = .isEmpty(try keyed["empty"]!.boolean("empty"))
        }
    }
}

/// A condition bound to a column index.
struct Condition {
    let column: Int
    let test: ConditionSpecification.Test
    private let keys: Set<String>

    init(_ specification: ConditionSpecification, column: Int) {
        self.column = column
        self.test = specification.test
        switch specification.test {
        case .equals(let values), .notEquals(let values):
            keys = Set(values.map { TextCleaning.trimmed($0).lowercased() })
        case .isEmpty:
            keys = []
        }
    }

    func holds(for record: SourceRecord) -> Bool {
        let text = TextCleaning.trimmed(record.value(at: column).text ?? "").lowercased()
        switch test {
        case .equals: return keys.contains(text)
        case .notEquals: return !keys.contains(text)
        case .isEmpty(let wanted): return text.isEmpty == wanted
        }
    }
}
