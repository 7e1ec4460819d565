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
    /// For each slot, the rule that fills it (-1: none).
    private let ruleOfSlot: [Int]
    /// For each rule, its slot, and the one column its memo is keyed by (-1: none).
    private let slotOfRule: [Int]
    private let singleMemoColumn: [Int]

    init(targetFields: [Field], columns: [String], caseIDColumn: Int, rules: [FieldRule],
         usedColumns: Set<Int>, ignoredColumns: Set<Int>) {
        self.targetFields = targetFields
        self.columns = columns
        self.caseIDColumn = caseIDColumn
        self.rules = rules
        self.usedColumns = usedColumns
        self.ignoredColumns = ignoredColumns
        var ruleOfSlot = [Int](repeating: -1, count: targetFields.count)
        for (index, rule) in rules.enumerated() { ruleOfSlot[rule.slot] = index }
        self.ruleOfSlot = ruleOfSlot
        slotOfRule = rules.map(\.slot)
        singleMemoColumn = rules.map { rule in rule.memoColumns.flatMap { $0.count == 1 ? $0[0] : nil } ?? -1 }
    }

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

    /// Maps a record. With a scratch, cells are remembered in its memos; with
    /// a scratch that has a renderer, the case comes back with its fields
    /// rendered (`CaseRecord.renderedFields`) and without values.
    func apply(_ record: SourceRecord, report: MappingSink, scratch: MappingScratch? = nil) -> Outcome {
        let id = TextCleaning.trimmed(record.value(at: caseIDColumn).text ?? "")
        guard !id.isEmpty else {
            return .rejected(reason: "the case id (column \(columns[caseIDColumn])) is blank")
        }
        var slots = scratch?.takeSlots() ?? MappingScratch.Slots(count: targetFields.count)
        let renderer = scratch?.renderer
        var invalidReasons: [String] = []
        var notes: [(slot: Int, label: String, texts: [String])] = []
        let slotOfRule = slotOfRule, singleMemoColumn = singleMemoColumn, row = record.row
        // `record` is this call's parameter: its row lives until the call returns.
        let view = row?.view
        for index in 0..<rules.count {
            // The common case, a cell seen before that reported nothing, touches
            // no rule object: reference counts are atomic, the dearest thing here.
            if let scratch, let view, singleMemoColumn[index] >= 0, scratch.cellMemos[index].isOn {
                let memo = scratch.cellMemos + index
                if let (entry, contents) = memo.pointee.lookUp(view.cell(singleMemoColumn[index])),
                   !contents.contains(.more), !contents.contains(.events) {
                    if contents.contains(.value) {
                        if renderer != nil {
                            slots.remembered[slotOfRule[index]] = Int32(entry + 1)
                        } else {
                            slots.values[slotOfRule[index]] = memo.pointee.outcomes[entry].value
                        }
                    }
                    continue
                }
                // Otherwise the rule's own path below (which looks the cell up again).
            }
            let rule = rules[index]
            var outcome: FieldRule.Outcome
            if let scratch, let row, let columns = rule.memoColumns, scratch.cellMemos[index].isOn {
                let memo = scratch.cellMemos + index
                switch rule.applyRemembering(record, row: row, columns: columns, report: report, memo: memo,
                                             conversions: scratch.memos[index], recorder: scratch.recorder) {
                case .remembered(let entry):
                    outcome = memo.pointee.outcomes[entry]
                    if renderer != nil && outcome.value != nil {
                        // The value stays in the memo; its rendering is copied from there.
                        slots.remembered[rule.slot] = Int32(entry + 1)
                        outcome.value = nil
                    }
                case .computed(let computed):
                    outcome = computed
                }
            } else {
                outcome = rule.apply(to: record, report: report, memo: scratch?.memos[index])
            }
            if let reason = outcome.invalidReason {
                invalidReasons.append("\(rule.field.name): \(reason)")
            }
            if let value = outcome.value { slots.values[rule.slot] = value }
            if let slot = rule.noteSlot, !outcome.notes.isEmpty {
                notes.append((slot, rule.field.label, outcome.notes))
            }
        }
        for note in notes {
            if let scratch, slots.remembered[note.slot] > 0 {
                // A remembered value gets a note: it becomes a value of this record's own.
                slots.values[note.slot] = scratch.cellMemos[ruleOfSlot[note.slot]].outcomes[Int(slots.remembered[note.slot]) - 1].value
                slots.remembered[note.slot] = 0
            }
            let line = "\(note.label): \(note.texts.joined(separator: ", "))"
            if case .text(let existing) = slots.values[note.slot] {
                slots.values[note.slot] = .text(existing + "\n" + line)
            } else {
                slots.values[note.slot] = .text(line)
            }
        }
        var mapped = CaseRecord(caseID: id, location: record.location, values: [])
        if let scratch, let renderer {
            let rendered = scratch.rendered
            rendered.pointee.removeAll()
            var value: [UInt8] = []
            var filled: [Int] = []
            filled.reserveCapacity(rules.count)
            for slot in 0..<targetFields.count {
                if slots.remembered[slot] > 0 {
                    scratch.cellMemos[ruleOfSlot[slot]].appendFragment(of: Int(slots.remembered[slot]) - 1, slot: slot,
                                                                       renderer: renderer, to: &rendered.pointee)
                    slots.remembered[slot] = 0
                } else if let field = slots.values[slot] {
                    value.removeAll(keepingCapacity: true)
                    renderer.appendField(slot, field, to: &value)
                    rendered.pointee.append(value)
                    slots.values[slot] = nil
                } else {
                    continue
                }
                filled.append(slot)
            }
            scratch.giveBack(slots)
            mapped.renderedFields = Array(rendered.pointee.all)
            mapped.filledSlots = filled
        } else {
            mapped.values = slots.values
            slots.values = []
            scratch?.giveBack(slots)
        }
        return .mapped(mapped, invalidReasons: invalidReasons)
    }
}
