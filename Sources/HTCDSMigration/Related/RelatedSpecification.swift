import HTCDS

/// One related record set under `related:` as written: which entity, where
/// its records come from, how they link to their case, and their entries.
struct RelatedSpecification {
    enum Origin {
        /// Another table, query or file, joined on `link` (for organisations, their key).
        case source(SourceSpecification, link: Located<String>)
        /// Repeated elements below the case record (XML), paths relative to each.
        case elements(Located<String>)
        /// Repeated column groups of a wide register: `{n}` in column names takes each value.
        case groups([String])
        /// A long register: every row of the case is one related record.
        case rows
    }

    let name: Located<String>
    let entity: RelatedEntity
    let origin: Origin
    var entries: [EntrySpecification]
    /// A related source's columns deliberately not migrated (no longer reported as unmapped).
    let ignore: [Located<String>]

    static let keys = ["entity", "source", "link", "elements", "groups", "rows", "fields", "ignore"]

    static func parse(
        name: YAMLNode, node: YAMLNode, standard: Standard, diagnostics: MappingDiagnostics
    ) throws -> RelatedSpecification {
        let title = try name.text("a related set's name")
        let keyed = try node.keyed("the related set \(title)", allowed: keys, diagnostics: diagnostics)
        guard let entityNode = keyed["entity"] else {
            throw MappingError(.relatedSetNeedsEntity(set: title), at: node.location)
        }
        let written = try entityNode.text("entity")
        guard let entity = RelatedEntity(rawValue: written) else {
            throw MappingError(.entityUnknown(written: written), at: entityNode.location)
        }
        let origins = ["source", "elements", "groups", "rows"].filter(keyed.has)
        guard origins.count == 1 else {
            throw MappingError(.relatedSetNeedsOrigin(set: title), at: node.location)
        }
        let origin: Origin
        switch origins[0] {
        case "source":
            guard let link = keyed["link"] else {
                throw MappingError(.sourceNeedsLink(organisations: entity == .organisation), at: keyed["source"]!.location)
            }
            let source = try MappingDocument.parseSource(keyed["source"]!, diagnostics: diagnostics)
            origin = .source(source, link: Located(try link.text("link"), link.location))
        case "elements": origin = .elements(Located(try keyed["elements"]!.text("elements"), keyed["elements"]!.location))
        case "groups": origin = .groups(try keyed["groups"]!.texts("groups"))
        default:
            guard try keyed["rows"]!.boolean("rows") else {
                throw MappingError(.rowsTakesTrue, at: keyed["rows"]!.location)
            }
            origin = .rows
        }
        if entity == .organisation, case .source = origin {} else if entity == .organisation {
            throw MappingError(.organisationsNeedSource, at: node.location)
        }
        guard let fields = keyed["fields"] else {
            throw MappingError(.relatedSetNeedsFields(set: title), at: node.location)
        }
        var entries: [EntrySpecification] = []
        for (key, value) in try fields.pairs("fields") {
            guard let entry = diagnostics.attempt({
                try EntrySpecification.parse(key: key, value: value, standard: standard, diagnostics: diagnostics)
            }) else { continue }
            guard entity.accepts(entry.field) else {
                diagnostics.error(.fieldNotInRelatedSet(field: entry.field.name, set: title, takes: entity.fieldDescription),
                                  at: key.location)
                continue
            }
            if entries.contains(where: { $0.field.name == entry.field.name }) {
                diagnostics.error(.fieldMappedTwiceInSet(field: entry.field.name, set: title), at: key.location)
                continue
            }
            entries.append(entry)
        }
        let ignore = try keyed["ignore"]?.locatedTexts("ignore") ?? []
        if !ignore.isEmpty, case .source = origin {} else if let node = keyed["ignore"] {
            throw MappingError(.relatedIgnoreNeedsSource, at: node.location)
        }
        return RelatedSpecification(name: Located(title, name.location), entity: entity, origin: origin, entries: entries,
                                    ignore: ignore)
    }
}
