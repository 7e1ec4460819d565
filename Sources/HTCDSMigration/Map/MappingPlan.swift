import HTCDS

/// A mapping compiled against an input's columns: what the pipeline runs on
/// every record. It holds no per-record state.
public struct MappingPlan {
    /// The fields records are written with, in the standard's order.
    public let targetFields: [Field]
    public let columns: [String]
    let caseIDRule: CaseIDRule
    let rules: [FieldRule]
    let usedColumns: Set<Int>
    let ignoredColumns: Set<Int>
    /// Lookups whose value is an organisation's key: the slot, and the related set.
    var organisationLookups: [(slot: Int, set: Int)] = []
    /// For each slot, the rule that fills it (-1: none).
    private let ruleOfSlot: [Int]
    /// The target picklists' values, numbered for counting (`PicklistNumbering`).
    let picklists: PicklistNumbering

    init(targetFields: [Field], columns: [String], caseIDRule: CaseIDRule, rules: [FieldRule],
         usedColumns: Set<Int>, ignoredColumns: Set<Int>) {
        self.targetFields = targetFields
        self.columns = columns
        self.caseIDRule = caseIDRule
        self.rules = rules
        self.usedColumns = usedColumns
        self.ignoredColumns = ignoredColumns
        var ruleOfSlot = [Int](repeating: -1, count: targetFields.count)
        for (index, rule) in rules.enumerated() { ruleOfSlot[rule.slot] = index }
        self.ruleOfSlot = ruleOfSlot
        picklists = PicklistNumbering(fields: targetFields)
    }

    /// The same plan with rules of its own, for a mapping thread. Threads
    /// that share rule objects fight over their reference counts (every
    /// retain is an atomic write to the same cache line), which cost more
    /// than a second core gave.
    func forWorker() -> MappingPlan {
        var plan = MappingPlan(targetFields: targetFields, columns: columns, caseIDRule: caseIDRule,
                               rules: rules.map { $0.cloned() }, usedColumns: usedColumns, ignoredColumns: ignoredColumns)
        plan.organisationLookups = organisationLookups
        return plan
    }

    /// The record's case id, trimmed ("" when blank).
    func caseID(of record: SourceRecord) -> String { caseIDRule.id(of: record) }

    /// A record mapped: the case, or why it cannot be one.
    enum Outcome {
        /// The case's values are in the scratch it was mapped with (`MappingScratch.values`).
        case mapped(MappedCase)
        case rejected(RejectionReason)
    }

    /// Maps a record with a thread's scratch: its cells remembered in the
    /// scratch's memos, its values left in `scratch.values` for the caller
    /// to take or encode before the next record.
    func apply(_ record: SourceRecord, report: MappingSink, scratch: MappingScratch) -> Outcome {
        let id = caseID(of: record)
        guard !id.isEmpty else {
            return .rejected(RejectionReason(.caseIDBlank(source: caseIDRule.source)))
        }
        if let byte = ControlCharacter.first(in: id) {
            return .rejected(RejectionReason(.caseIDControlCharacter(source: caseIDRule.source,
                                                                     character: ControlCharacter.name(byte))))
        }
        var invalid: [RejectionReason] = []
        var notes: [(slot: Int, label: String, texts: [String])] = []
        // `record` is this call's parameter: its row lives until the call returns.
        let view = scratch.view(of: record)
        let memory = scratch.memory
        for index in 0..<rules.count {
            let lookup = memory.lookUp(rule: index, of: rules, in: view)
            if case .settled = lookup { continue }
            let rule = rules[index]
            var outcome: FieldRule.Outcome
            switch lookup {
            case .settled:
                continue
            case .found(let entry):
                outcome = memory.recall(rule: index, entry: entry, rule, at: record.location, into: report)
            case .missed(let key):
                outcome = rule.applyRemembering(record, key: key, view: view, report: report, memory: memory, rule: index,
                                                conversions: scratch.memos[index], recorder: scratch.recorder)
            case .notKept:
                outcome = rule.apply(to: record, report: report, memo: scratch.memos[index], view: view)
            }
            if let reason = outcome.invalidReason {
                invalid.append(RejectionReason(field: rule.field.name, reason))
            }
            // Moved out, not copied: the outcome is not read for its value again.
            if let value = outcome.value.take() { memory.keep(value, slot: rule.slot) }
            if let slot = rule.noteSlot, !outcome.notes.isEmpty {
                notes.append((slot, rule.field.label, outcome.notes))
            }
        }
        for note in notes {
            let line = "\(note.label): \(note.texts.joined(separator: ", "))"
            if case .text(let existing) = memory.ownValue(slot: note.slot, ruleOfSlot: ruleOfSlot[note.slot]) {
                memory.keep(.text(existing + "\n" + line), slot: note.slot)
            } else {
                memory.keep(.text(line), slot: note.slot)
            }
        }
        return .mapped(MappedCase(caseID: id, location: record.location, invalid: invalid))
    }

    /// Maps a record alone, its values taken out (for `htcds test` and the
    /// tests; a run maps with a scratch of each thread's own).
    func apply(_ record: SourceRecord, report: MappingSink) -> (outcome: Outcome, values: [HTCDSValue?]) {
        let scratch = MappingScratch(plan: self, remembers: false)
        let outcome = apply(record, report: report, scratch: scratch)
        return (outcome, scratch.values.take())
    }

    /// For each slot, the rule that fills it (-1: none).
    func rule(ofSlot slot: Int) -> Int { ruleOfSlot[slot] }
}
