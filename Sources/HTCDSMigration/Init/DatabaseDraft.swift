import Foundation
import HTCDS

/// `init` on a database: the case table with the tables it refers to joined
/// into its query (a client's name beside the case), the organisations it
/// names by key as a related `org` set its lookups point into, and the
/// tables whose rows refer to a case (events, plans, comments) as related
/// sets. The references are the schema's foreign keys, else columns named
/// after a table's key (`DatabaseLayout`).
struct DatabaseDraft {
    let standard: Standard
    let inputPath: String
    let inputPathInMapping: String
    /// Options as `inspect` took them (the reader, a limit).
    let options: InspectOptions
    let profile: SourceProfile
    let caseTable: SourceProfile.Table

    func draft() throws -> String {
        let layout = try DatabaseLayout.read(path: inputPath)
        let caseName = caseTable.name ?? ""
        let caseKey = layout.table(caseName)?.primaryKey
        let references = layout.references(from: caseName)
        let organisations = references.filter(Self.namesOrganisation)
        let joined = references.filter { !Self.namesOrganisation($0) }

        // The case table, with what it refers to beside it.
        var sourceOptions: [(key: String, value: String)]
        var table = caseTable
        var caseProfile = profile
        if !joined.isEmpty, let query = Self.joinQuery(caseName, key: caseKey, joined: joined, layout: layout) {
            sourceOptions = [("query", query)] + (caseKey.map { [("key", $0)] } ?? [])
            caseProfile = try profileOf(query: query)
            table = caseProfile.tables[0]
        } else {
            sourceOptions = [("table", caseName)]
        }
        var drafter = MappingDrafter(standard: standard, profile: caseProfile, table: table, sourceOptions: sourceOptions,
                                     inputPathInMapping: inputPathInMapping)
        let caseID = drafter.plan().caseID

        var used: Set<String> = [caseName]
        used.formUnion(joined.map(\.target))
        for reference in organisations {
            guard let set = try organisationSet(reference, layout: layout) else { continue }
            drafter.relatedSets.append(set)
            drafter.organisationSets[reference.column] = reference.target
            used.insert(reference.target)
        }
        for reference in layout.referrers(of: caseName) where !used.contains(reference.table) {
            guard let entity = Self.entity(ofTable: reference.table),
                  let set = try childSet(reference, entity: entity, caseID: caseID, caseKey: caseKey, layout: layout) else { continue }
            drafter.relatedSets.append(set)
            used.insert(reference.table)
        }
        drafter.otherTables = layout.tables.map(\.name).filter { !used.contains($0) }
        return drafter.draft()
    }

    // MARK: - Sets

    /// An organisation table as a related `org` set, keyed by its key.
    private func organisationSet(_ reference: DatabaseLayout.Reference, layout: DatabaseLayout) throws -> [String]? {
        guard let table = profile.tables.first(where: { $0.name == reference.target }) else { return nil }
        return setLines(name: reference.target, entity: .organisation, table: table,
                        source: "{ reader: sqlite, table: \(YAMLText.quoted(reference.target)) }", link: reference.key,
                        excluded: [reference.key])
    }

    /// A table of records of a case (events, plans) as a related set, linked
    /// by the case's id: the table's own reference when the case id is the
    /// case table's key, else a query that puts the case's id beside each row.
    private func childSet(_ reference: DatabaseLayout.Reference, entity: RelatedEntity, caseID: String?, caseKey: String?,
                          layout: DatabaseLayout) throws -> [String]? {
        let rowKey = layout.table(reference.table)?.primaryKey
        if caseID == nil || caseID == caseKey {
            guard let table = profile.tables.first(where: { $0.name == reference.table }) else { return nil }
            return setLines(name: reference.table, entity: entity, table: table,
                            source: "{ reader: sqlite, table: \(YAMLText.quoted(reference.table)) }", link: reference.column,
                            excluded: Set([reference.column] + (rowKey.map { [$0] } ?? [])))
        }
        let caseIDColumn = caseID!
        let query = "SELECT x.*, c.\(Self.identifier(caseIDColumn)) FROM \(Self.identifier(reference.table)) x "
            + "LEFT JOIN \(Self.identifier(reference.target)) c ON c.\(Self.identifier(reference.key)) = x.\(Self.identifier(reference.column))"
            + (rowKey.map { " ORDER BY x.\(Self.identifier($0))" } ?? "")
        let table = try profileOf(query: query).tables[0]
        return setLines(name: reference.table, entity: entity, table: table,
                        source: "{ reader: sqlite, query: \(YAMLText.doubleQuoted(query))" + (rowKey.map { ", key: \(YAMLText.quoted($0))" } ?? "") + " }",
                        link: caseIDColumn, excluded: Set([reference.column, caseIDColumn] + (rowKey.map { [$0] } ?? [])))
    }

    /// A set's lines under `related:`; nil when none of its columns matches a field of its entity.
    private func setLines(name: String, entity: RelatedEntity, table: SourceProfile.Table, source: String, link: String,
                          excluded: Set<String>) -> [String]? {
        var drafter = MappingDrafter(standard: standard, profile: profile, table: table, sourceOptions: [],
                                     inputPathInMapping: inputPathInMapping)
        drafter.entities = Self.entities(of: entity)
        drafter.excludedColumns = excluded
        let plan = drafter.plan()
        guard !plan.isEmpty else { return nil }
        var lines = [
            "  \(YAMLText.key(name)):",
            "    entity: \(entity.rawValue)",
            "    source: \(source)",
            "    link: \(YAMLText.quoted(link))",
        ]
        let keys = excluded.subtracting([link]).sorted()
        if !keys.isEmpty { lines.append("    ignore: [\(keys.map(YAMLText.quoted).joined(separator: ", "))]   # the database's own numbers") }
        lines.append("    fields:")
        lines += drafter.fieldLines(plan).map { "    " + $0 }
        if !plan.unmatched.isEmpty {
            lines.append("    # not matched (reported as unmapped until mapped or ignored): "
                         + plan.unmatched.map(YAMLText.quoted).joined(separator: ", "))
        }
        return lines
    }

    // MARK: - Deciding

    private func profileOf(query: String) throws -> SourceProfile {
        var inspect = options
        inspect.sourceOptions = options.sourceOptions.filter { $0.key != "table" && $0.key != "query" } + [("query", query)]
        return try SourceInspector.inspect(inspect, standard: standard)
    }

    /// `SELECT c.*, t1.given, ... FROM cases c LEFT JOIN clients t1 ON t1.client_id = c.client_id ORDER BY c.case_id`:
    /// each referred-to table's columns but its key, renamed `table_column` where the case table has the name.
    static func joinQuery(_ caseTable: String, key: String?, joined: [DatabaseLayout.Reference], layout: DatabaseLayout) -> String? {
        var names = Set(layout.table(caseTable)?.columns ?? [])
        var selected = ["c.*"]
        var joins: [String] = []
        for (number, reference) in joined.enumerated() {
            let alias = "t\(number + 1)"
            for column in layout.table(reference.target)?.columns ?? [] where column != reference.key {
                if names.insert(column).inserted {
                    selected.append("\(alias).\(identifier(column))")
                } else {
                    let renamed = "\(reference.target)_\(column)"
                    names.insert(renamed)
                    selected.append("\(alias).\(identifier(column)) AS \(identifier(renamed))")
                }
            }
            joins.append("LEFT JOIN \(identifier(reference.target)) \(alias) ON \(alias).\(identifier(reference.key)) = c.\(identifier(reference.column))")
        }
        guard selected.count > 1 else { return nil }
        return "SELECT \(selected.joined(separator: ", ")) FROM \(identifier(caseTable)) c \(joins.joined(separator: " "))"
            + (key.map { " ORDER BY c.\(identifier($0))" } ?? "")
    }

    /// An SQL name, in double quotes unless it is a plain word.
    static func identifier(_ name: String) -> String {
        let plain = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
        return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a reference names an organisation (its table's or its column's name says so).
    static func namesOrganisation(_ reference: DatabaseLayout.Reference) -> Bool {
        DatabaseLayout.namesOrganisation(reference.target) || DatabaseLayout.namesOrganisation(reference.column)
    }

    /// The related entity a table of a case's records holds, by its name.
    static func entity(ofTable name: String) -> RelatedEntity? {
        let word = DatabaseLayout.singular(name)
        let kinds: [(RelatedEntity, [String])] = [
            (.historicTraffickingEvent, ["event", "trafficking", "movement", "journey", "incident"]),
            (.supportPlan, ["plan", "support", "assistance", "service"]),
            (.caseComment, ["comment", "note", "contact", "log", "diary"]),
            (.perpetrator, ["perpetrator", "trafficker", "suspect", "offender", "exploiter"]),
        ]
        return kinds.first { $0.1.contains { word.contains($0) } }?.0
    }

    static func entities(of entity: RelatedEntity) -> Set<Entity> {
        switch entity {
        case .historicTraffickingEvent: [.historicTraffickingEvent]
        case .supportPlan: [.supportPlan]
        case .caseComment: [.caseComment]
        case .perpetrator: [.person, .perpetrator]
        case .organisation: [.organisation]
        }
    }
}
