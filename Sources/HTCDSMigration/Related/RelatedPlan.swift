import HTCDS

/// One related set compiled: its rules against the columns its records have,
/// and how to find a case's records.
struct RelatedPlan {
    enum Origin {
        /// Records from another source, by the value of this column of theirs.
        case source(linkColumn: Int)
        /// The reader's record group with this index (repeated XML elements).
        case elements(group: Int)
        /// For each group value, the main record's column index of each virtual column.
        case groups([(value: String, columns: [Int])])
        case rows
    }

    let name: String
    let entity: RelatedEntity
    let targetFields: [Field]
    let rules: [FieldRule]
    let origin: Origin
    /// The columns rules address (the related source's, or virtual ones).
    let columns: [String]
    /// Of a related source's columns: those its entries or link read, and those it ignores.
    var usedColumns: Set<Int> = []
    var ignoredColumns: Set<Int> = []
    /// A worker's copy keeps what its rules decided for each text they look
    /// up (`ConversionMemo`), one memo a rule that looks texts up; none
    /// otherwise.
    var memos: [ConversionMemo?] = []

    var linkColumn: Int? {
        if case .source(let column) = origin { return column }
        return nil
    }

    /// The plan for another thread: rules of its own (`FieldRule.cloned`).
    func forWorker() -> RelatedPlan {
        var plan = RelatedPlan(name: name, entity: entity, targetFields: targetFields, rules: rules.map { $0.cloned() },
                               origin: origin, columns: columns)
        plan.usedColumns = usedColumns
        plan.ignoredColumns = ignoredColumns
        plan.memos = plan.rules.map { $0.looksItemsUp ? ConversionMemo() : nil }
        return plan
    }

    /// A case's records of this set: in its rows (repeated elements, column
    /// groups, a long register's rows; the first row read in place), or
    /// linked to it from another source (`linked`, `RelatedLinker`).
    func records(rows: [SourceRecord], linked: [SourceRecord]) -> [SourceRecord] {
        switch origin {
        case .source:
            return linked
        case .elements(let group):
            return group < rows[0].groups.count ? rows[0].groups[group] : []
        case .groups(let groups):
            var sources: [SourceRecord] = []
            for (value, columns) in groups {
                let values = columns.map { rows[0].value(at: $0) }
                guard values.contains(where: { $0.text.map { !$0.isEmpty } ?? false }) else { continue }
                var location = rows[0].location
                location.path = (location.path.map { $0 + " " } ?? "") + "group \(value)"
                sources.append(SourceRecord(location: location, values: values))
            }
            return sources
        case .rows:
            return rows
        }
    }

    /// What becomes of a related record mapped to `values` with `reasons`
    /// against it, under the run's invalid-value policy: linked to its case,
    /// rejected, or the run stopped.
    enum Verdict {
        case linked
        case rejected([RejectionReason])
        case stopsRun(RejectionReason)
    }

    func verdict(values: [HTCDSValue?], reasons: [RejectionReason], policy: InvalidValuePolicy) -> Verdict {
        if let first = reasons.first {
            switch policy {
            case .keep: break
            case .reject: return .rejected(reasons)
            case .fail: return .stopsRun(first)
            }
        }
        guard values.contains(where: { $0 != nil }) else { return .rejected([RejectionReason(.relatedRecordEmpty(set: name))]) }
        return .linked
    }

    /// Maps one related record; nil values where empty.
    func apply(_ record: SourceRecord, report: MappingSink) -> (values: [HTCDSValue?], invalid: [RejectionReason]) {
        var values = [HTCDSValue?](repeating: nil, count: targetFields.count)
        var reasons: [RejectionReason] = []
        for index in rules.indices {
            let outcome = rules[index].apply(to: record, report: report, memo: memos.isEmpty ? nil : memos[index])
            if let reason = outcome.invalidReason { reasons.append(RejectionReason(field: rules[index].field.name, reason)) }
            values[rules[index].slot] = outcome.value
        }
        return (values, reasons)
    }
}

/// A related record ready for output.
public struct RelatedRecord: Sendable {
    public let values: [HTCDSValue?]
    public let location: SourceLocation
}

extension MappingCompiler {
    /// Compiles a related set against the columns its records offer.
    static func compileRelated(
        _ set: RelatedSpecification, columns relatedColumns: [String]?, mainColumns: [String],
        groupIndex: Int?, document: MappingDocument, standard: Standard
    ) throws -> RelatedPlan {
        let diagnostics = MappingDiagnostics()
        let targets = Set(set.entries.map(\.field.name))
        let targetFields = standard.fields.filter { targets.contains($0.name) }
        let slots = Dictionary(uniqueKeysWithValues: targetFields.enumerated().map { ($1.name, $0) })
        var columns: [String]
        var origin: RelatedPlan.Origin
        switch set.origin {
        case .source(_, let link):
            columns = relatedColumns ?? []
            let resolver = ColumnResolver(columns: columns, inputDescription: "the related source \(set.name.value)")
            origin = .source(linkColumn: diagnostics.attempt { try resolver.index(of: link) } ?? 0)
        case .elements:
            columns = uniqueNames(set.entries.flatMap(\.columns).map(\.value))
            origin = .elements(group: groupIndex ?? 0)
        case .groups(let values):
            columns = uniqueNames(set.entries.flatMap(\.columns).map(\.value))
            let resolver = ColumnResolver(columns: mainColumns, inputDescription: "the input")
            origin = .groups(values.map { value in
                (value, columns.map { column in
                    let name = column.replacingOccurrences(of: "{n}", with: value)
                    let location = set.entries.flatMap(\.columns).first { $0.value == column }?.location ?? set.name.location
                    return diagnostics.attempt { try resolver.index(of: Located(name, location)) } ?? 0
                })
            })
        case .rows:
            columns = mainColumns
            origin = .rows
        }
        let resolver = ColumnResolver(columns: columns, inputDescription: "the related set \(set.name.value)")
        var rules: [FieldRule] = []
        var used = Set<Int>()
        if case .source(let link) = origin { used.insert(link) }
        for entry in set.entries {
            if let compiled = diagnostics.attempt({
                try compileEntry(entry, resolver: resolver, document: document, standard: standard,
                                 defaultDateFormats: document.dateFormats?.compactMap { try? dateFormat($0, centuryPivot: nil) },
                                 slots: slots)
            }) {
                rules.append(compiled.rule)
                used.formUnion(compiled.columns)
            }
        }
        let ignored = Set(set.ignore.compactMap { column in diagnostics.attempt { try resolver.index(of: column) } })
        try diagnostics.throwIfAny()
        var plan = RelatedPlan(name: set.name.value, entity: set.entity, targetFields: targetFields,
                               rules: rules.sorted { $0.slot < $1.slot }, origin: origin, columns: columns)
        plan.usedColumns = used
        plan.ignoredColumns = ignored
        return plan
    }

    private static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
