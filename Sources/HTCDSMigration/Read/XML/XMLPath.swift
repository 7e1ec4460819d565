/// A path in an XML document as mapping files write it: the record element
/// (`/export/cases/case`, or `//case` anywhere) and columns relative to the
/// record (`client/name`, `@id`, `client/@lang`, `.`, and with an attribute
/// test `contact[@type='mobile']`). A step with a prefix
/// (`c:case`) matches that namespace, declared under `namespaces:`; a step
/// without one matches the local name in any namespace, since legacy exports
/// use default namespaces that people rarely write out.
struct XMLPath: Sendable, Equatable {
    struct Step: Sendable, Equatable {
        /// nil: any namespace.
        let namespace: String?
        let localName: String
        /// `[@name='value']`: the element must have this attribute value.
        var predicate: (attribute: String, value: String)?

        static func == (lhs: Step, rhs: Step) -> Bool {
            lhs.namespace == rhs.namespace && lhs.localName == rhs.localName
                && lhs.predicate?.attribute == rhs.predicate?.attribute && lhs.predicate?.value == rhs.predicate?.value
        }
    }

    /// `//name`: the last steps may start at any depth.
    let anywhere: Bool
    let absolute: Bool
    let elements: [Step]
    /// The attribute at the end (`@id`), if any.
    let attribute: Step?
    let written: String

    enum PathError: Error, Equatable {
        case empty
        case undeclaredPrefix(String)
        case badStep(String)
    }

    init(_ text: String, namespaces: [String: String], relative: Bool) throws(PathError) {
        written = text
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        anywhere = !relative && rest.hasPrefix("//")
        absolute = !relative && rest.hasPrefix("/")
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        var steps = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if steps == ["."] || steps == [""] {
            guard relative else { throw .empty }
            steps = []
        }
        var attribute: Step?
        if let last = steps.last, last.hasPrefix("@") {
            attribute = try Self.step(String(last.dropFirst()), namespaces: namespaces, isAttribute: true)
            steps.removeLast()
        }
        if steps.last == "text()" { steps.removeLast() }
        elements = try steps.map { step throws(PathError) in
            if step == "." { throw .badStep(step) }
            return try Self.step(step, namespaces: namespaces, isAttribute: false)
        }
        self.attribute = attribute
        if elements.isEmpty && attribute == nil && !relative { throw .empty }
    }

    private static func step(_ text: String, namespaces: [String: String], isAttribute: Bool) throws(PathError) -> Step {
        if !isAttribute, let open = text.firstIndex(of: "["), text.hasSuffix("]") {
            // name[@attribute='value']
            let test = text[text.index(after: open)..<text.index(before: text.endIndex)]
            let parts = test.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].hasPrefix("@"), parts[1].count >= 2,
                  let quote = parts[1].first, quote == "'" || quote == "\"", parts[1].last == quote else {
                throw .badStep(text)
            }
            var step = try Self.step(String(text[..<open]), namespaces: namespaces, isAttribute: false)
            step.predicate = (String(parts[0].dropFirst()), String(parts[1].dropFirst().dropLast()))
            return step
        }
        guard !text.isEmpty, !text.contains(where: { " []()=*'\"".contains($0) }) else { throw .badStep(text) }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let uri = namespaces[parts[0]] else { throw .undeclaredPrefix(parts[0]) }
            return Step(namespace: uri, localName: parts[1])
        }
        // Unprefixed attributes are in no namespace, as XML says.
        return Step(namespace: isAttribute ? "" : nil, localName: text)
    }
}
