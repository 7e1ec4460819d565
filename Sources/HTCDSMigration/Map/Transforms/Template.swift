/// `template: "{Referred By}: {Notes}"`: text with column values put in.
/// `{{` and `}}` write braces.
struct TemplateSpecification {
    enum Part {
        case literal(String)
        case column(Located<String>)
    }

    let parts: [Part]

    var columns: [Located<String>] {
        parts.compactMap { if case .column(let column) = $0 { column } else { nil } }
    }

    init(_ node: YAMLNode) throws {
        let text = try node.text("template")
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
            } else if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
            } else if character == "{" {
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw MappingError(.templateBraceNotClosed, at: node.location)
                }
                let name = String(text[next..<close])
                guard !name.isEmpty else { throw MappingError(.templateEmptyBraces, at: node.location) }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.column(Located(name, node.location)))
                index = text.index(after: close)
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard parts.contains(where: { if case .column = $0 { true } else { false } }) else {
            throw MappingError(.templateNamesNoColumn, at: node.location)
        }
        self.parts = parts
    }
}
