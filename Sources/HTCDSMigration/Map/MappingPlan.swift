import HTCDS

/// A mapping compiled against an input's columns: what the pipeline runs on
/// every record. It holds no per-record state.
public struct MappingPlan {
    /// The fields records are written with, in the standard's order.
    public let targetFields: [Field]
    public let columns: [String]
    let caseIDColumn: Int
    let rules: [FieldRule]
    let usedColumns: Set<Int>
    let ignoredColumns: Set<Int>
    /// Lookups whose value is an organisation's key: the slot, and the related set.
    var organisationLookups: [(slot: Int, set: Int)] = []

    /// The same plan with rules of its own, for a mapping thread. Threads
    /// that share rule objects fight over their reference counts (every
    /// retain is an atomic write to the same cache line), which cost more
    /// than a second core gave.
    func forWorker() -> MappingPlan {
        var plan = MappingPlan(targetFields: targetFields, columns: columns, caseIDColumn: caseIDColumn,
                               rules: rules.map { $0.cloned() }, usedColumns: usedColumns, ignoredColumns: ignoredColumns)
        plan.organisationLookups = organisationLookups
        return plan
    }

    /// A record mapped: the case, or why it cannot be one.
    enum Outcome {
        case mapped(CaseRecord, invalidReasons: [String])
        case rejected(reason: String)
    }

    func apply(_ record: SourceRecord, report: MappingSink, scratch: MappingScratch? = nil) -> Outcome {
        let id = TextCleaning.trimmed(record.value(at: caseIDColumn).text ?? "")
        guard !id.isEmpty else {
            return .rejected(reason: "the case id (column \(columns[caseIDColumn])) is blank")
        }
        var values = [HTCDSValue?](repeating: nil, count: targetFields.count)
        var invalidReasons: [String] = []
        var notes: [(slot: Int, label: String, texts: [String])] = []
        for (index, rule) in rules.enumerated() {
            let outcome = rule.apply(to: record, report: report, memo: scratch?.memos[index],
                                     cells: scratch.map { $0.cellMemos + index }, recorder: scratch?.recorder)
            if let reason = outcome.invalidReason {
                invalidReasons.append("\(rule.field.name): \(reason)")
            }
            values[rule.slot] = outcome.value
            if let slot = rule.noteSlot, !outcome.notes.isEmpty {
                notes.append((slot, rule.field.label, outcome.notes))
            }
        }
        for note in notes {
            let line = "\(note.label): \(note.texts.joined(separator: ", "))"
            if case .text(let existing) = values[note.slot] {
                values[note.slot] = .text(existing + "\n" + line)
            } else {
                values[note.slot] = .text(line)
            }
        }
        return .mapped(CaseRecord(caseID: id, location: record.location, values: values), invalidReasons: invalidReasons)
    }
}
