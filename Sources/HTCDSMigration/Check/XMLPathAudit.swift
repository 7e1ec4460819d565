import HTCDS

/// What an XML input holds against what a mapping reads of it: paths below
/// the record that carry values and that no entry uses or ignores (the XML
/// form of an unmapped column), and paths an entry names that no record has
/// (a typo such as `@givn`, or an export that changed). Paths are compared
/// step by step by local name, predicates and prefixes aside: a path counts
/// as used when any entry uses it, whatever its predicate; an ignored path
/// covers everything below it.
struct XMLPathAudit {
    struct NeverSeen {
        let path: Located<String>
        let field: String
        let suggestions: [String]

        var finding: MappingFinding { .pathNeverSeen(path: path.value, field: field, suggestions: suggestions) }
    }

    let unmapped: [(path: String, filled: Int)]
    let neverSeen: [NeverSeen]

    /// `used`: the paths entries read, relative to the record, with the field each fills.
    init(census: [XMLPathCensus.Entry], used: [(path: Located<String>, field: String)], ignored: [String]) {
        let usedSteps = used.map { Self.steps($0.path.value) }
        // An attribute a predicate tests is read too: contact[@type='mobile'] reads contact/@type.
        let selectorSteps = used.flatMap { Self.predicateAttributes($0.path.value) }
        let ignoredSteps = ignored.map { Self.steps($0) }
        let censusSteps = census.map { entry in entry.steps.map { Step(local: $0.local, attribute: $0.attribute) } }
        unmapped = zip(census, censusSteps).compactMap { entry, steps in
            guard entry.filled > 0,
                  !usedSteps.contains(where: { Self.matches($0, steps) }),
                  !selectorSteps.contains(where: { Self.matches($0, steps) }),
                  !ignoredSteps.contains(where: { $0.steps.isEmpty == false && steps.starts(with: $0.steps) && !$0.anywhere })
            else { return nil }
            return (entry.path, entry.filled)
        }
        let seen = census.filter { $0.filled > 0 }.map(\.path)
        neverSeen = zip(used, usedSteps).compactMap { use, steps in
            guard !steps.steps.isEmpty,
                  !zip(census, censusSteps).contains(where: { $0.occurs > 0 && Self.matches(steps, $1) }) else { return nil }
            return NeverSeen(path: use.path, field: use.field,
                             suggestions: Suggestions.nearest(to: use.path.value, among: seen, limit: 2))
        }
    }

    struct Step: Equatable {
        let local: String
        let attribute: Bool
    }

    /// A path's steps; `anywhere` for one written `//name`, which matches the end of a path.
    private static func steps(_ path: String) -> (steps: [Step], anywhere: Bool) {
        var text = ""
        var depth = 0
        for character in path {
            // Predicates go: [@type='mobile'] (they may hold slashes).
            if character == "[" { depth += 1; continue }
            if character == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { text.append(character) }
        }
        let anywhere = text.hasPrefix("//")
        let steps = text.split(separator: "/").filter { $0 != "." }.map { part -> Step in
            let attribute = part.hasPrefix("@")
            let name = attribute ? part.dropFirst() : part[...]
            let local = name.split(separator: ":").last.map(String.init) ?? String(name)
            return Step(local: local, attribute: attribute)
        }
        return (steps, anywhere)
    }

    /// The attributes a path's predicates test, each as a path of its own.
    private static func predicateAttributes(_ path: String) -> [(steps: [Step], anywhere: Bool)] {
        var result: [(steps: [Step], anywhere: Bool)] = []
        var before = ""
        var rest = Substring(path)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            before += rest[..<open]
            let predicate = rest[rest.index(after: open)..<close]
            if predicate.hasPrefix("@"), let name = predicate.dropFirst().split(whereSeparator: { "=!<> ".contains($0) }).first {
                result.append(steps(before + "/@" + name))
            }
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    private static func matches(_ pattern: (steps: [Step], anywhere: Bool), _ steps: [Step]) -> Bool {
        pattern.anywhere ? steps.count >= pattern.steps.count && Array(steps.suffix(pattern.steps.count)) == pattern.steps
            : pattern.steps == steps
    }
}

extension MappingDocument {
    /// The XML paths the entries read, relative to the record (a repeated
    /// element's entries below its path), with the field each fills.
    var xmlPathsRead: [(path: Located<String>, field: String)] {
        var paths: [(path: Located<String>, field: String)] = caseID.columns.map { ($0, "the case id") }
        paths += entries.flatMap { entry in entry.columns.map { ($0, entry.field.name) } }
        for set in related {
            guard case .elements(let element) = set.origin else { continue }
            paths += set.entries.flatMap { entry in
                entry.columns.map { (Located(element.value + "/" + $0.value, $0.location), entry.field.name) }
            }
        }
        return paths
    }
}
