import HTCDS

/// Binds a checked mapping document to an input's columns and compiles every
/// entry into a rule. A column the input lacks is an error at the line that
/// names it, so a monthly re-run whose export lost a column fails loudly.
enum MappingCompiler {
    static func compile(_ document: MappingDocument, columns: [String], standard: Standard) throws -> MappingPlan {
        let diagnostics = MappingDiagnostics()
        let resolver = ColumnResolver(columns: columns, inputDescription: "the input")
        let caseIDRule = diagnostics.attempt { try compileCaseID(document.caseID, resolver: resolver) }

        // Checked when the document was read.
        let defaultDateFormats = document.dateFormats?.compactMap { try? dateFormat($0, centuryPivot: nil) }
        // Target fields: every mapped field and every keep_original_in field, in the standard's order.
        var targets = Set(document.entries.map(\.field.name))
        for entry in document.entries { if let note = entry.valueMap?.keepOriginalIn { targets.insert(note.name) } }
        let targetFields = standard.fields.filter { targets.contains($0.name) }
        let slots = Dictionary(uniqueKeysWithValues: targetFields.enumerated().map { ($1.name, $0) })

        var rules: [FieldRule] = []
        var used = Set<Int>()
        if let caseIDRule { used.formUnion(caseIDRule.columns) }
        for entry in document.entries {
            guard let rule = diagnostics.attempt({
                try compileEntry(entry, resolver: resolver, document: document, standard: standard,
                                 defaultDateFormats: defaultDateFormats, slots: slots)
            }) else { continue }
            rules.append(rule.rule)
            used.formUnion(rule.columns)
        }
        // Long and wide registers: related sets read the input's own columns.
        for set in document.related {
            let names: [Located<String>]
            switch set.origin {
            case .rows: names = set.entries.flatMap(\.columns)
            case .groups(let values):
                names = set.entries.flatMap(\.columns).flatMap { column in
                    values.map { Located(column.value.replacingOccurrences(of: "{n}", with: $0), column.location) }
                }
            case .source, .elements: names = []
            }
            for name in names { if let index = try? resolver.index(of: name) { used.insert(index) } }
        }
        var ignored = Set<Int>()
        for column in document.ignore {
            if let index = diagnostics.attempt({ try resolver.index(of: column) }) {
                if used.contains(index) {
                    diagnostics.error(.ignoredColumnUsed(column: column.value), at: column.location)
                }
                ignored.insert(index)
            }
        }
        try diagnostics.throwIfAny()
        rules.sort { $0.slot < $1.slot }
        var plan = MappingPlan(targetFields: targetFields, columns: columns, caseIDRule: caseIDRule!,
                               rules: rules, usedColumns: used, ignoredColumns: ignored)
        plan.organisationLookups = document.entries.compactMap { entry in
            guard let set = entry.organisationSet,
                  let index = document.related.firstIndex(where: { $0.name.value == set.value }) else { return nil }
            return (slots[entry.field.name]!, index)
        }
        return plan
    }

    static func compileEntry(
        _ entry: EntrySpecification, resolver: ColumnResolver, document: MappingDocument, standard: Standard,
        defaultDateFormats: [DateFormat]?, slots: [String: Int]
    ) throws -> (rule: FieldRule, columns: Set<Int>) {
        let diagnostics = MappingDiagnostics()
        var used = Set<Int>()
        func index(_ column: Located<String>) -> Int {
            guard let index = diagnostics.attempt({ try resolver.index(of: column) }) else { return 0 }
            used.insert(index)
            return index
        }
        let gather: FieldRule.Gather
        switch entry.origin {
        case .columns(let columns):
            let indexes = columns.map(index)
            gather = indexes.count == 1 ? .column(indexes[0]) : .columns(indexes, join: entry.join)
        case .constant(let constant):
            gather = .constant(constant.value)
        case .template(let template):
            gather = .template(template.parts.map { part in
                switch part {
                case .literal(let text): .literal(text)
                case .column(let column): .column(index(column))
                }
            })
        case .flags(let flags):
            let target = TargetCheck(field: entry.field, standard: standard)
            let compiled: [(column: Int, value: String)] = flags.compactMap { flag in
                guard let value = diagnostics.attempt({ try target.check(flag.value, at: flag.column.location) }) else {
                    return nil
                }
                return (index(flag.column), value)
            }
            gather = .flags(compiled, words: BooleanWords(true: entry.trueWords, false: entry.falseWords))
        }
        let condition = entry.condition.map { specification in
            Condition(specification, column: index(specification.column))
        }
        try diagnostics.throwIfAny()
        let converter = try ValueConverter(
            field: entry.field, entry: entry, standard: standard,
            phone: document.phone, defaultDateFormats: defaultDateFormats,
            decimalComma: document.source.decimalComma)
        // A column naming each record's region, for a phone entry.
        let regionColumn = entry.field.isPhoneNumber ? entry.phone.over(document.phone).regionFrom.map(index) : nil
        try diagnostics.throwIfAny()
        let rule = FieldRule(
            field: entry.field, slot: slots[entry.field.name]!, gather: gather, condition: condition,
            cleaning: entry.cleaning, empty: EmptyTokens(entry.empty ?? document.source.empty), split: entry.split,
            valueMap: entry.valueMap.map(ValueMap.init), converter: converter,
            columnNames: entry.columns.map(\.value), noteSlot: entry.valueMap?.keepOriginalIn.flatMap { slots[$0.name] },
            regionColumn: regionColumn)
        return (rule, used)
    }

    /// The case id's columns resolved against the input's.
    static func compileCaseID(_ specification: CaseIDSpecification, resolver: ColumnResolver) throws -> CaseIDRule {
        let prefix = specification.prefix
        switch specification.kind {
        case .columns(let columns):
            let names = columns.map(\.value).joined(separator: ", ")
            return CaseIDRule(kind: .columns(try columns.map(resolver.index)), prefix: prefix,
                              source: (columns.count == 1 ? "column " : "columns ") + names)
        case .template(let template):
            let parts: [FieldRule.TemplatePart] = try template.parts.map { part in
                switch part {
                case .literal(let text): .literal(text)
                case .column(let column): .column(try resolver.index(of: column))
                }
            }
            return CaseIDRule(kind: .template(parts), prefix: prefix, source: "template")
        case .generatedRow:
            return CaseIDRule(kind: .row, prefix: prefix, source: "generated")
        case .generatedHash(let columns):
            return CaseIDRule(kind: .hash(try columns.map(resolver.index)), prefix: prefix,
                              source: "a hash of " + columns.map(\.value).joined(separator: ", "))
        }
    }

    static func dateFormat(_ format: Located<String>, centuryPivot: Int?) throws -> DateFormat {
        do {
            return try DateFormat(format.value, centuryPivot: centuryPivot)
        } catch {
            throw MappingError(.dateFormatInvalid(format: format.value, error), at: format.location)
        }
    }
}

/// Finds a mapping's column names among an input's: exactly, else ignoring
/// case and surrounding spaces when that names one column.
struct ColumnResolver {
    let columns: [String]
    let inputDescription: String
    private let exact: [String: Int]
    private let loose: [String: [Int]]

    init(columns: [String], inputDescription: String) {
        self.columns = columns
        self.inputDescription = inputDescription
        var exact: [String: Int] = [:]
        var loose: [String: [Int]] = [:]
        for (index, name) in columns.enumerated() {
            exact[name] = exact[name] ?? index
            loose[TextCleaning.trimmed(name).lowercased(), default: []].append(index)
        }
        self.exact = exact
        self.loose = loose
    }

    func index(of column: Located<String>) throws -> Int {
        if let index = exact[column.value] { return index }
        if let matches = loose[TextCleaning.trimmed(column.value).lowercased()], matches.count == 1 {
            return matches[0]
        }
        throw MappingError(.columnUnknown(input: inputDescription, column: column.value,
                                          suggestion: Suggestions.nearest(to: column.value, among: columns, limit: 1).first),
                           at: column.location)
    }
}
