import HTCDS

/// The report as people and scripts read it: a JSON document with stable keys
/// (`records`, `unmappedColumns`, `unmappedValues`, `invalidValues`,
/// `missingCoreFields`, `issues`) and a short terminal summary. Values of
/// personal fields are masked unless `showValues` is set.
public struct ReportRendering {
    public static let mask = "[masked]"

    let report: MigrationReport
    let showValues: Bool

    public init(_ report: MigrationReport, showValues: Bool) {
        self.report = report
        self.showValues = showValues
    }

    private func shown(_ value: String?, of field: Field, columns: [String]) -> JSONDocument {
        guard let value else { return .null }
        return .string(text(value, of: field, columns: columns))
    }

    /// A value as shown: masked, unless `showValues`, when its field is
    /// personal, when it comes from a personal column, or when it looks like
    /// an e-mail address or a phone number.
    func text(_ value: String, of field: Field, columns: [String]) -> String {
        guard !showValues else { return value }
        let masked = field.isPersonalData || columns.contains(where: report.personalColumns.contains)
            || PersonalLooking.value(value)
        return masked ? MaskedValue.describe(value) : value
    }

    private func location(_ location: SourceLocation?) -> JSONDocument {
        location.map { .string($0.description) } ?? .null
    }

    /// The input's columns no entry uses or ignores, then those of related sets' own sources (`set` names them).
    public var unmappedColumns: [(name: String, filled: Int, set: String?)] {
        (report.columns + report.relatedColumns).filter { !$0.used && !$0.ignored }.map { ($0.name, $0.filled, $0.set) }
    }

    public var missingCoreFields: [(field: String, reason: String)] {
        report.coreFieldFill.filter { !report.notCollected.contains($0.field.name) }.compactMap { field, filled in
            switch filled {
            case nil: (field.name, "not mapped")
            case 0?: (field.name, "empty in every record")
            default: nil
            }
        }
    }

    /// Why a field's values were unmapped: not a value of its picklist or code list.
    static func unmappedCode(of field: Field) -> IssueCode {
        switch field.codeList {
        case .country: .countryUnknown
        case .language: .languageUnknown
        case nil: .picklistValueUnknown
        }
    }

    var sortedUnmappedValues: [MigrationReport.UnmappedValues] {
        // Fields outside the run's target fields (a related set's) tie on order: by name then,
        // not the dictionary's order, which changes from process to process.
        report.unmappedValues.values.sorted {
            (report.order(of: $0.field), $0.field.name) < (report.order(of: $1.field), $1.field.name)
        }
    }

    var sortedInvalidValues: [MigrationReport.InvalidTally] {
        report.invalidValues.values.sorted {
            (report.order(of: $0.field), $0.field.name, $0.reason) < (report.order(of: $1.field), $1.field.name, $1.reason)
        }
    }

    /// When the run started and how long it took, in seconds.
    private var runJSON: JSONDocument {
        let seconds: Double = (report.duration * 1000).rounded() / 1000
        return .object([("started", .string(RunClock.iso8601(report.startedAt))), ("seconds", .number(seconds))])
    }

    /// Each field the mapping fills: how many written cases it filled, their
    /// share, and for a picklist how many held each of its values.
    private var fieldsJSON: [JSONDocument] {
        report.fieldFill.map { fill in
            let rate: Double = report.written == 0 ? 0 : (Double(fill.filled) / Double(report.written) * 10_000).rounded() / 10_000
            var members: [(String, JSONDocument)] = [
                ("field", .string(fill.field.name)), ("core", .boolean(fill.field.isCore)),
                ("filled", .integer(fill.filled)), ("fillRate", .number(rate)),
            ]
            if let values = fill.values {
                members.append(("values", .array(values.map { value in
                    .object([("value", .string(text(value.name, of: fill.field, columns: []))), ("count", .integer(value.count))])
                })))
            }
            return JSONDocument.object(members)
        }
    }

    public func json() -> String {
        var records: [(String, JSONDocument)] = [
            ("read", .integer(report.read)), ("written", .integer(report.written)),
            ("rejected", .integer(report.rejected)),
        ]
        records.append(("balanced", .boolean(report.read == report.written + report.rejected)))
        records.append(("withInvalidValues", .integer(report.recordsWithInvalidValues)))
        let document = JSONDocument.object([
            ("htcds", .string(ToolVersion.standard)),
            ("tool", .object([("name", .string(ToolVersion.name)), ("version", .string(ToolVersion.version))])),
            ("run", runJSON),
            ("mapping", report.mappingPath.map(JSONDocument.string) ?? .null),
            ("mappingSha256", report.mappingSHA256.map(JSONDocument.string) ?? .null),
            ("input", report.inputPath.map(JSONDocument.string) ?? .null),
            ("encoding", report.encoding.map(JSONDocument.string) ?? .null),
            ("records", .object(records)),
            ("columns", .array(report.columns.map { column in
                .object([("column", .string(column.name)), ("filled", .integer(column.filled)),
                         ("use", .string(column.used ? "mapped" : column.ignored ? "ignored" : "unmapped"))])
            })),
            ("relatedRecords", .array(report.relatedCounts.map { count in
                .object([
                    ("set", .string(count.name)), ("entity", .string(count.entity.rawValue)),
                    ("read", .integer(count.read)), ("linked", .integer(count.linked)),
                    ("rejected", .integer(count.rejected)),
                    ("balanced", .boolean(count.read == count.linked + count.rejected)),
                ])
            })),
            ("unmappedColumns", .array(unmappedColumns.map { column in
                .object([("column", .string(column.name)), ("filled", .integer(column.filled))]
                        + (column.set.map { [("set", .string($0))] } ?? []))
            })),
            ("unmappedValues", .array(sortedUnmappedValues.map { entry in
                let values = entry.byCount
                return .object([
                    ("field", .string(entry.field.name)),
                    ("columns", .array(entry.columns.map(JSONDocument.string))),
                    ("code", .string(Self.unmappedCode(of: entry.field).rawValue)),
                    ("values", .array(values.map { value, tally in
                        .object([
                            ("value", shown(value, of: entry.field, columns: entry.columns)),
                            ("count", .integer(tally.count)),
                            ("becameOther", .boolean(tally.becameOther)),
                            ("locations", .array(tally.locations.map(location))),
                        ])
                    })),
                    ("otherValuesNotListed", .integer(entry.otherValuesCount)),
                ])
            })),
            ("invalidValues", .array(sortedInvalidValues.map { tally in
                .object([
                    ("field", .string(tally.field.name)),
                    ("columns", .array(tally.columns.map(JSONDocument.string))),
                    ("reason", .string(tally.reason)),
                    ("code", .string(tally.problem.code.rawValue)),
                    ("count", .integer(tally.count)),
                    ("examples", .array(tally.examples.map { example in
                        .object([("value", shown(example.value, of: tally.field, columns: tally.columns)),
                                 ("location", location(example.location))])
                    })),
                ])
            })),
            ("fields", .array(fieldsJSON)),
            ("acknowledged", .array(report.notCollected.map { .object([("field", .string($0)), ("reason", .string("not collected"))]) })),
            ("missingCoreFields", .array(missingCoreFields.map { entry in
                .object([("field", .string(entry.field)), ("reason", .string(entry.reason))])
            })),
            ("issues", .array(IssueCode.allCases.compactMap { code in
                guard let tally = report.issues[code] else { return nil }
                let reasons = IssueCode.allCases.compactMap { reason in
                    tally.reasonCounts[reason].map { JSONDocument.object([("code", .string(reason.rawValue)), ("count", .integer($0))]) }
                }
                return .object([
                    ("code", .string(code.rawValue)),
                    ("severity", .string(tally.severity.rawValue)),
                    ("count", .integer(tally.count)),
                    ("examples", .array(tally.examples.map { example in
                        .object([("message", .string(example.message ?? "")), ("location", location(example.location))]
                                + (example.reasons.first.map { [("reason", .string($0.rawValue))] } ?? []))
                    })),
                ] + (reasons.isEmpty ? [] : [("reasons", .array(reasons))]))
            })),
        ])
        return document.rendered()
    }

    /// A few lines for the terminal: counts, then what needs attention.
    public func summary() -> String {
        var lines: [String] = []
        lines.append("records: \(report.read) read, \(report.written) written, \(report.rejected) rejected")
        for count in report.relatedCounts {
            lines.append("related \(count.name) (\(count.entity.rawValue)): \(count.read) read, \(count.linked) linked, \(count.rejected) rejected")
        }
        if let encoding = report.encoding { lines.append("input: \(report.inputPath ?? "-") (\(encoding))") }
        let columns = unmappedColumns
        for set in [nil] + report.relatedCounts.map(\.name) {
            let ofSet = columns.filter { $0.set == set }
            guard !ofSet.isEmpty else { continue }
            lines.append("unmapped columns" + (set.map { " in \($0)" } ?? "") + " (\(ofSet.count)): "
                         + ofSet.map { "\($0.name) (\($0.filled) filled)" }.joined(separator: ", "))
        }
        for entry in sortedUnmappedValues {
            let values = entry.byCount
            let listed = values.prefix(8).map { value, tally -> String in
                let shown = text(value, of: entry.field, columns: entry.columns)
                let text = shown == value ? "\"\(value)\"" : shown
                return "\(text) ×\(tally.count)" + (tally.becameOther ? " → Other" : "")
            }
            let more = values.count > 8 ? ", and \(values.count - 8) more" : ""
            lines.append("unmapped values in \(entry.field.name): " + listed.joined(separator: ", ") + more)
        }
        for tally in sortedInvalidValues {
            let first = tally.examples.first
            let example = first.map { example -> String in
                let value = example.value.map { value in
                    let shown = text(value, of: tally.field, columns: tally.columns)
                    return shown == value ? "\"\(value)\"" : shown
                } ?? ""
                return " (first: \(value) at \(example.location?.description ?? "?"))"
            } ?? ""
            lines.append("invalid \(tally.field.name): \(tally.reason) ×\(tally.count)\(example)")
        }
        let missing = missingCoreFields
        if !missing.isEmpty {
            lines.append("core fields never filled (\(missing.count)): " + missing.map(\.field).joined(separator: ", "))
        }
        if !report.notCollected.isEmpty {
            let count = report.notCollected.count
            lines.append("acknowledged: \(count) field" + (count == 1 ? "" : "s") + " the source never had (not_collected; the report lists them)")
        }
        for code in IssueCode.allCases where code != .recordRejected && code != .relatedRecordRejected {
            guard let tally = report.issues[code], tally.severity != .info || code == .encodingDetected else { continue }
            let first = tally.examples.first
            lines.append("\(tally.severity.rawValue): \(code.rawValue) ×\(tally.count)"
                         + (first.map { ": \($0.message ?? "") at \($0.location?.description ?? "?")" } ?? ""))
        }
        for code in [IssueCode.recordRejected, .relatedRecordRejected] {
            guard let rejected = report.issues[code] else { continue }
            for example in rejected.examples {
                lines.append("rejected at \(example.location?.description ?? "?"): \(example.message ?? "")")
            }
            if rejected.count > rejected.examples.count {
                lines.append("... and \(rejected.count - rejected.examples.count) more rejected")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
