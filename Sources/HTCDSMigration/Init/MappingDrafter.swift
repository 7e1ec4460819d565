import Foundation
import HTCDS

/// Writes a first mapping from a source's profile: each column matched to
/// the most likely HTCDS field, value maps for picklist columns (unsure
/// entries left as comments), date formats from the patterns seen, and the
/// columns it could not match listed in comments. The mapping runs as
/// written: convert reports whatever it left out as unmapped.
struct MappingDrafter {
    let standard: Standard
    let profile: SourceProfile
    let table: SourceProfile.Table
    /// `source:` lines besides reader and path, in order.
    let sourceOptions: [(key: String, value: String)]
    /// The input as the mapping should name it (relative to the mapping file).
    let inputPathInMapping: String
    /// Other tables of a database, named in a comment for related sets.
    var otherTables: [String] = []
    /// The entities whose fields the columns are matched to (a related set's, for its table).
    var entities = ColumnMatcher.caseEntities
    /// Columns left out of matching (a related table's keys).
    var excludedColumns: Set<String> = []
    /// Lookup columns naming a related set's records by key: the set, written as the entry's `organisation:`.
    var organisationSets: [String: String] = [:]
    /// Drafted related sets, rendered under `related:`.
    var relatedSets: [[String]] = []

    /// Tokens meaning "empty" that registers use; those seen go under `source: empty:`.
    static let emptyTokens = ["N/A", "n/a", "NA", "-", "--", "?", "unknown", "Unknown", "none", "None", "null", "NULL",
                              "-99", "n.a.", "not known", "Not known"]

    /// One planned entry under `fields:`.
    fileprivate struct Entry {
        let field: Field
        var columns: [String]
        var lines: [String] = []
        /// Flag columns and the value each sets.
        var flags: [(column: String, value: String, unsure: Bool)] = []
    }

    /// What the draft decided: the id column, the entries, what it left out.
    struct Plan {
        let caseID: String?
        fileprivate let entries: [Entry]
        let unmatched: [String]
        fileprivate let repeated: [String]
        fileprivate let empties: [String]
        fileprivate let localPhones: [String]
        var isEmpty: Bool { entries.isEmpty }
    }

    func draft() -> String {
        render(plan())
    }

    func plan() -> Plan {
        let matcher = ColumnMatcher(standard: standard, entities: entities)
        let empties = Self.emptyTokens.filter { token in table.columns.contains { $0.values.contains { $0.value == token } } }
        var caseID: String?
        var entries: [Entry] = []
        var unmatched: [String] = []
        var repeated: [String] = []

        // The case id first: the most telling legacy id name, else the first column unique in every record.
        caseID = table.columns.compactMap { column in LegacyNames.caseIDRank(lastStep(column.name)).map { (column.name, $0) } }
            .min { $0.1 < $1.1 }?.0
            ?? table.columns.first { $0.filled == table.records && $0.distinctCount == $0.filled && !$0.moreDistinctValues
                                     && $0.filled > 0 && !$0.personal }?.name

        // Columns to fields: the strongest matches first, each field once (flags gather into one entry).
        var proposals: [(column: ColumnProfile, match: ColumnMatcher.Match)] = []
        let told = elementsToldApart(matcher)
        proposals += told.proposals
        for column in table.columns where column.name != caseID && !told.columns.contains(column.name)
            && !excludedColumns.contains(column.name) {
            if isFlagColumn(column, empties: empties), let flag = matcher.flag(lastStep(column.name)),
               let field = standard.field(named: flag.field) {
                if let index = entries.firstIndex(where: { $0.field.name == flag.field }) {
                    entries[index].flags.append((column.name, flag.value, flag.unsure))
                } else {
                    entries.append(Entry(field: field, columns: [], flags: [(column.name, flag.value, flag.unsure)]))
                }
                continue
            }
            if let templateField = templateField(column.name) {
                proposals.append((column, ColumnMatcher.Match(field: templateField, score: 1)))
                continue
            }
            // XML elements that repeat inside a record are related records, not case fields.
            if column.repeatsInRecord { repeated.append(column.name); continue }
            // A column never filled is matched only by a name that leaves no doubt.
            if let match = matcher.match(lastStep(column.name)), match.field != LegacyNames.caseID,
               column.filled > 0 || profile.describesPaths || match.score >= 0.95 {
                proposals.append((column, match))
            } else {
                unmatched.append(column.name)
            }
        }
        var taken = Set(entries.map(\.field.name))
        for proposal in proposals.sorted(by: { $0.match.score > $1.match.score }) {
            guard !taken.contains(proposal.match.field), let field = standard.field(named: proposal.match.field) else {
                unmatched.append(proposal.column.name)
                continue
            }
            taken.insert(field.name)
            var entry = Entry(field: field, columns: [proposal.column.name])
            entry.lines = transforms(for: field, column: proposal.column, empties: empties)
            entries.append(entry)
        }
        entries.sort { standardOrder($0.field) < standardOrder($1.field) }
        // Phone numbers written without a country code need the one they were written in.
        let localPhones = entries.filter { $0.field.isPhoneNumber }.compactMap(\.columns.first).filter { name in
            guard let column = table.columns.first(where: { $0.name == name }) else { return false }
            let withCode = column.values.filter { $0.value.hasPrefix("+") || $0.value.hasPrefix("00") }.reduce(0) { $0 + $1.count }
            return withCode * 2 < column.filled
        }
        let order = Dictionary(table.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        unmatched.sort { (order[$0] ?? Int.max) < (order[$1] ?? Int.max) }
        return Plan(caseID: caseID, entries: entries, unmatched: unmatched, repeated: repeated, empties: empties,
                    localPhones: localPhones)
    }

    // MARK: - Deciding

    /// A column whose values are all yes/no words or 0/1.
    private func isFlagColumn(_ column: ColumnProfile, empties: [String]) -> Bool {
        guard column.filled > 0, !column.moreDistinctValues else { return false }
        let flagWords: Set<String> = ["0", "1", "true", "false"]
        return column.values.allSatisfy { entry in
            empties.contains(entry.value) || flagWords.contains(entry.value.lowercased())
                || ValueShape.yesNoWords.contains(entry.value.lowercased())
        }
    }

    /// The transforms a field's type asks for, from what the column holds.
    private func transforms(for field: Field, column: ColumnProfile, empties: [String]) -> [String] {
        var lines: [String] = []
        switch field.type {
        case .date:
            if let proposal = column.dateProposal {
                lines.append("date: [\(proposal.formats.joined(separator: ", "))]" + (proposal.ambiguous
                    ? "   # no day above 12 was seen: check day and month order" : ""))
            }
        case .checkbox:
            let unknownWords = column.values.map(\.value).filter { value in
                !empties.contains(value) && !(BooleanWords.defaultTrue + BooleanWords.defaultFalse).contains(value.lowercased())
            }
            if !unknownWords.isEmpty {
                lines.append("# words neither true_values nor false_values know yet: "
                             + unknownWords.prefix(8).map(YAMLText.quoted).joined(separator: ", "))
            }
        default:
            break
        }
        if field.hasPicklist || field.codeList != nil {
            lines += valueLines(for: field, column: column, empties: empties)
        }
        return lines
    }

    /// `split:` when joined values resolve better apart, and the value map.
    private func valueLines(for field: Field, column: ColumnProfile, empties: [String]) -> [String] {
        let matcher = ValueMatcher(standard: standard, field: field)
        let values = column.values.filter { !empties.contains($0.value) }.prefix(60)
        var lines: [String] = []
        var items = values.map(\.value)
        for separator in [";", ",", " "] {
            let joined = values.filter { $0.value.contains(separator) }
            guard !joined.isEmpty else { continue }
            let parts = joined.flatMap { $0.value.split(separator: Character(separator)).map { $0.trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty }
            let wholeResolve = Double(joined.filter { matcher.propose($0.value) != .unknown }.count) / Double(joined.count)
            let partsResolve = Double(parts.filter { matcher.propose($0) != .unknown }.count) / Double(max(1, parts.count))
            // Space-separated only when it is how the export joins choices (Kobo, ODK): every part a value.
            if separator == " " && parts.contains(where: { !matcher.resolvesByItself($0) }) { continue }
            if partsResolve > wholeResolve {
                lines.append("split: \(YAMLText.quoted(separator))")
                var seen = Set<String>()
                items = (values.flatMap { value in
                    value.value.contains(separator)
                        ? value.value.split(separator: Character(separator)).map { $0.trimmingCharacters(in: .whitespaces) }
                        : [value.value]
                }).filter { !$0.isEmpty && seen.insert($0).inserted }
                break
            }
        }
        var mapped: [String] = []
        var comments: [String] = []
        for item in items {
            switch matcher.propose(item) {
            case .resolves: continue
            case .map(let target): mapped.append("  \(YAMLText.key(item)): \(target)")
            case .suggestion(let target): comments.append("  # \(YAMLText.key(item)): \(target)   (a guess: uncomment if right)")
            case .unknown: comments.append("  # \(YAMLText.key(item)): ?   (no close value; `htcds fields \(field.name)` lists them)")
            }
        }
        if !mapped.isEmpty || !comments.isEmpty {
            lines.append(mapped.isEmpty ? "map: {}" : "map:")
            lines += mapped + comments
        }
        if column.moreDistinctValues || column.distinctCount > 60 {
            lines.append("# more distinct values than listed here: the report names those no map covers")
        }
        return lines
    }

    /// What the chosen id column's values say against it: blank cells and
    /// repeated values (those records will be rejected and reported).
    private func caseIDNote(_ name: String) -> String? {
        guard let column = table.columns.first(where: { $0.name == name }) else { return nil }
        let blank = table.records - column.filled
        let repeated = column.moreDistinctValues ? 0 : column.filled - column.distinctCount
        var said: [String] = []
        if blank > 0 { said.append("\(blank) blank") }
        if repeated > 0 { said.append("\(repeated) repeated") }
        guard !said.isEmpty else { return nil }
        return said.joined(separator: ", ") + " in the profile: those records will be rejected"
    }

    // MARK: - Writing

    private func render(_ plan: Plan) -> String {
        let (caseID, unmatched, repeated, empties, localPhones) = (plan.caseID, plan.unmatched, plan.repeated, plan.empties,
                                                                 plan.localPhones)
        var out: [String] = []
        out.append("# A first mapping of \(profile.input), written by `htcds init`.")
        out.append("# Check each entry and the commented guesses, then run:")
        out.append("#   htcds convert --mapping THIS_FILE --report report.json")
        out.append("# and read the report's unmapped columns and values.")
        out.append("htcds: \"\(standard.version)\"")
        out.append("")
        out.append("source:")
        out.append("  reader: \(profile.reader)")
        out.append("  path: \(YAMLText.quoted(inputPathInMapping))   # relative to this file")
        for (key, value) in sourceOptions {
            out.append("  \(key): \(YAMLText.quoted(value))")
        }
        if !profile.namespaces.isEmpty {
            out.append("  namespaces:")
            for (prefix, uri) in profile.namespaces { out.append("    \(prefix): \(YAMLText.quoted(uri))") }
        }
        if !empties.isEmpty {
            out.append("  empty: [" + ([""] + empties).map(YAMLText.quoted).joined(separator: ", ") + "]")
        }
        if !otherTables.isEmpty {
            out.append("  # other tables, for related: sets: \(otherTables.joined(separator: ", "))")
        }
        out.append("")
        if let caseID {
            out.append("case_id: \(YAMLText.quoted(caseID))" + (caseIDNote(caseID).map { "   # " + $0 } ?? ""))
        } else {
            // A draft that runs: each record's ordinal stands for its id until a column is named.
            out.append("case_id: { generate: row }   # no column has a value in every record that no other repeats;")
            out.append("#   name the column that identifies a case, or keep ids made from the record's place")
            out.append("#   ({ generate: hash, from: [columns] } gives the same record the same id next month)")
        }
        if !localPhones.isEmpty {
            out.append("# Most numbers in \(localPhones.joined(separator: ", ")) have no country code: give the country they were written in")
            out.append("# (its ISO code), or phone_region_from: a column naming each record's country.")
            out.append("# phone_region: GB")
        }
        out.append("")
        out.append("fields:")
        out += fieldLines(plan)
        if !relatedSets.isEmpty {
            out.append("")
            out.append("related:")
            for set in relatedSets { out += set }
        }
        if !unmatched.isEmpty {
            out.append("")
            out.append("# Columns not matched to an HTCDS field: map them above, or list those HTCDS")
            out.append("# has no place for under ignore: (convert reports them as unmapped until then).")
            out.append("# ignore:")
            out += unmatched.map { "#   - \(YAMLText.quoted($0))" }
        }
        if !repeated.isEmpty {
            out.append("")
            out.append("# Repeated inside a record: related records (events, comments, referrals) are")
            out.append("# mapped under related: (README: related records), or several values under split.")
            out += repeated.map { "#   \(YAMLText.quoted($0))" }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The entries under `fields:`, indented two spaces.
    func fieldLines(_ plan: Plan) -> [String] {
        var out: [String] = []
        for entry in plan.entries {
            if !entry.flags.isEmpty {
                out.append("  \(entry.field.name):")
                out.append("    flags:")
                for flag in entry.flags where !flag.unsure {
                    out.append("      \(YAMLText.key(flag.column)): \(flag.value)")
                }
                for flag in entry.flags where flag.unsure {
                    out.append("      # \(YAMLText.key(flag.column)): \(flag.value)   (a guess: uncomment if right)")
                }
                if entry.flags.count > 1 && !entry.field.type.isMultiValued {
                    out.append("    # \(entry.field.name) takes one value: records with several flags set are reported")
                }
                continue
            }
            let column = YAMLText.quoted(entry.columns[0])
            var lines = entry.lines
            if let set = organisationSets[entry.columns[0]], entry.field.type == .lookup(.organisation) {
                lines.append("organisation: \(YAMLText.quoted(set))   # the column holds a key of \(set)'s records")
            }
            if lines.isEmpty {
                out.append("  \(entry.field.name): \(column)")
            } else {
                out.append("  \(entry.field.name):")
                out.append("    from: \(column)")
                out += lines.map { "    " + $0 }
            }
        }
        return out
    }

    /// XML elements told apart by an attribute (`<contact type="mobile">`,
    /// `<contact type="email">`): one column per attribute value, with a
    /// predicate (`contact[@type='mobile']`), matched by the value's name.
    /// Returns those proposals and the columns they take the place of.
    private func elementsToldApart(_ matcher: ColumnMatcher) -> (proposals: [(column: ColumnProfile, match: ColumnMatcher.Match)],
                                                                columns: Set<String>) {
        guard ReaderRegistry.definition(named: profile.reader)?.profiling == .paths else { return ([], []) }
        var proposals: [(column: ColumnProfile, match: ColumnMatcher.Match)] = []
        var replaced = Set<String>()
        for attribute in table.columns {
            guard let slash = attribute.name.range(of: "/@", options: .backwards), attribute.hasFewValues,
                  attribute.distinctCount >= 2, attribute.distinctCount <= 6 else { continue }
            let element = String(attribute.name[..<slash.lowerBound])
            let name = String(attribute.name[slash.upperBound...])
            guard let text = table.columns.first(where: { $0.name == element }), text.filled > 0 else { continue }
            var found: [(column: ColumnProfile, match: ColumnMatcher.Match)] = []
            for value in attribute.values.map(\.value) where value.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) {
                guard let match = matcher.match(value), match.field != LegacyNames.caseID, match.score >= 0.95 else { continue }
                found.append((ColumnProfile(name: "\(element)[@\(name)='\(value)']", personal: text.personal), match))
            }
            guard !found.isEmpty else { continue }
            proposals += found
            replaced.formUnion([element, attribute.name])
        }
        return (proposals, replaced)
    }

    /// A blank header name in the official template's layout ("Column 36"):
    /// the field its label row names there.
    private func templateField(_ name: String) -> String? {
        let template = standard.excelTemplate
        guard name.hasPrefix("Column "), let number = Int(name.dropFirst(7)), number >= 1, number <= template.names.count,
              template.names[number - 1].isEmpty,
              table.columns.count == template.names.count,
              table.columns.filter({ standard.field(named: $0.name) != nil }).count * 2 > table.columns.count,
              case .found(let field) = standard.resolveField(template.labels[number - 1]) else { return nil }
        return field.name
    }

    private func lastStep(_ name: String) -> String {
        guard profile.describesPaths || name.contains("/") else { return name }
        let steps = XMLPathProfiler.lastNames(of: name)
        // "client/@gender" -> "gender"; "name/family" -> "name family".
        return steps.count == 2 && NameWords.stems(steps[1]).count == 1 && LegacyNames.field(for: steps[1]) == nil
            ? steps.joined(separator: " ") : steps.last ?? name
    }

    private func standardOrder(_ field: Field) -> Int {
        standard.fields.firstIndex(of: field) ?? Int.max
    }

}

/// Scalars for the mapping YAML: plain where YAML reads them back as the same
/// text, double-quoted otherwise.
enum YAMLText {
    static func quoted(_ text: String) -> String {
        isPlain(text) ? text : doubleQuoted(text)
    }

    /// A mapping key: also quoted when it would read as something else.
    static func key(_ text: String) -> String { quoted(text) }

    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// Letters, digits, spaces inside, and a few safe marks; never a word YAML
    /// gives a meaning (yes, null, ~) or something that starts like a number.
    private static func isPlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first != " ", last != " " else { return false }
        // Digits read back as written (the engine takes every scalar as its text),
        // but a leading zero makes YAML 1.1 tools read a number (`YAMLPortability`).
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) { return !(text.count > 1 && text.hasPrefix("0")) }
        guard CharacterSet.letters.contains(first) || first == "_" else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " _-./()'"))
        guard text.unicodeScalars.allSatisfy(allowed.contains), !text.contains("  ") else { return false }
        let reserved: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]
        return !reserved.contains(text.lowercased())
    }
}
