import Yams

/// Scalars a YAML 1.1 tool reads otherwise than htcds does: htcds reads
/// every scalar as the text written, but PyYAML, check-jsonschema and many
/// editors read an unquoted `Y`, `no` or `off` as a boolean, `true` as a key
/// as a boolean key, and `007` as the number 7 (an octal). Each is warned
/// at its line, so that a mapping means the same to every tool.
enum YAMLPortability {
    /// YAML 1.1's words for true and false (any letter case of these).
    static let booleanWords: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false"]

    /// Nodes looked at, at most: a mapping has a few thousand, and aliases
    /// can make a small file a tree of millions (an alias bomb; the mapping's
    /// own reading refuses it, this look must not walk it first).
    static let nodeBudget = 100_000

    static func check(_ root: Node, file: String, diagnostics: MappingDiagnostics) {
        var budget = nodeBudget
        visit(root, isKey: false, file: file, diagnostics: diagnostics, budget: &budget)
    }

    private static func visit(_ node: Node, isKey: Bool, file: String, diagnostics: MappingDiagnostics, budget: inout Int) {
        guard budget > 0 else { return }
        budget -= 1
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain, let reading = reading(of: scalar.string, isKey: isKey) else { return }
            diagnostics.warn(.yamlReadDifferently(text: scalar.string, reading: reading),
                             at: SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column))
        case .mapping(let mapping):
            for (key, value) in mapping {
                visit(key, isKey: true, file: file, diagnostics: diagnostics, budget: &budget)
                visit(value, isKey: false, file: file, diagnostics: diagnostics, budget: &budget)
            }
        case .sequence(let sequence):
            for item in sequence { visit(item, isKey: false, file: file, diagnostics: diagnostics, budget: &budget) }
        case .alias:
            break
        }
    }

    /// What a YAML 1.1 tool makes of a plain scalar htcds reads as text;
    /// nil when they agree. `true`/`false` as values are booleans to both
    /// (htcds's yes/no options take them); as keys they are text to htcds only.
    static func reading(of text: String, isKey: Bool) -> String? {
        let lower = text.lowercased()
        if booleanWords.contains(lower) {
            if !isKey && (lower == "true" || lower == "false") { return nil }
            return "a boolean (" + (["y", "yes", "on", "true"].contains(lower) ? "true" : "false") + ")"
        }
        if text.count > 1, text.hasPrefix("0"), text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "a number (" + (text.allSatisfy { $0 >= "0" && $0 <= "7" } ? "an octal one" : "its leading zero dropped") + ")"
        }
        return nil
    }
}
