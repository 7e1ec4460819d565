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
    /// For each rule, the columns its memo is keyed by:
    /// `memoColumnList[memoColumnStart[i]..<memoColumnStart[i + 1]]` (see
    /// `ruleKeys` for what the per-record loop reads).
    private let memoColumnStart: [Int]
    private let memoColumnList: [Int]

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
        var starts = [0]
        var list: [Int] = []
        for rule in rules {
            list += rule.memoColumns ?? []
            starts.append(list.count)
        }
        memoColumnStart = starts
        memoColumnList = list
    }

    /// What the per-record loop asks of each rule first, one plain value a
    /// rule (`MappingScratch.ruleKeys`): reading four arrays for it, each
    /// with its bounds checked, was a fifth of a remembered cell's cost.
    struct RuleKey {
        /// The slot the rule fills.
        let slot: Int32
        /// What its memo is keyed by: one column (its index), or one of the cases below.
        let column: Int32

        static let severalColumns: Int32 = -1
        static let flags: Int32 = -2
        static let notRemembered: Int32 = -3

        var remembers: Bool { column != Self.notRemembered }
    }

    /// Each rule's `RuleKey`, in rule order.
    var ruleKeys: [RuleKey] {
        rules.map { rule in
            // Rules of flags are keyed by the flags' states (`FieldRule.flagStates`).
            let column: Int32 = if let columns = rule.memoColumns {
                rule.readsFlags ? RuleKey.flags : columns.count == 1 ? Int32(columns[0]) : RuleKey.severalColumns
            } else {
                RuleKey.notRemembered
            }
            return RuleKey(slot: Int32(rule.slot), column: column)
        }
    }

    /// The memo key of rule `index` for a row: its one cell, its flags'
    /// states, or each of its cells' length and bytes put together in
    /// `arena`; nil when this row's cells cannot be keyed.
    @inline(__always)
    private func memoKey(_ index: Int, _ ruleKey: RuleKey, _ view: RowView, _ arena: UnsafeMutablePointer<ByteArena>,
                         _ flagCaches: UnsafeMutablePointer<FlagStateCache>) -> UnsafeBufferPointer<UInt8>? {
        if ruleKey.column >= 0 {
            // Most rules: one cell, the key as it is.
            let column = Int(ruleKey.column)
            return view.isPlain(column) ? view.cell(column) : nil
        }
        if ruleKey.column == RuleKey.flags {
            return rules[index].flagStates(view, into: &arena.pointee, cache: flagCaches + index) ? arena.pointee.all : nil
        }
        let start = memoColumnStart[index], end = memoColumnStart[index + 1]
        for position in start..<end where !view.isPlain(memoColumnList[position]) { return nil }
        arena.pointee.removeAll()
        for position in start..<end {
            let cell = view.cell(memoColumnList[position])
            withUnsafeBytes(of: UInt32(cell.count).littleEndian) { arena.pointee.append($0.assumingMemoryBound(to: UInt8.self)) }
            arena.pointee.append(cell)
        }
        return arena.pointee.all
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

    /// The record's case id, trimmed ("" when blank).
    func caseID(of record: SourceRecord) -> String {
        TextCleaning.trimmed(record.value(at: caseIDColumn).text ?? "")
    }

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
            return .rejected(RejectionReason(.caseIDBlank, "the case id (column \(columns[caseIDColumn])) is blank"))
        }
        if let byte = ControlCharacter.first(in: id) {
            return .rejected(RejectionReason(.caseIDControlCharacter,
                "the case id (column \(columns[caseIDColumn])) holds a control character (\(ControlCharacter.name(byte)))"))
        }
        let slots = scratch.slots
        var invalid: [RejectionReason] = []
        var notes: [(slot: Int, label: String, texts: [String])] = []
        // `record` is this call's parameter: its row lives until the call returns.
        let view = scratch.view(of: record)
        // The scratch's memory, as pointers: touching the scratch object in the
        // loop retained and released it around every call.
        let cellMemos = scratch.cellMemos, keyArena = scratch.key, ruleKeys = scratch.ruleKeys
        let flagCaches = scratch.flagCaches
        for index in 0..<rules.count {
            var found: (entry: Int, memo: UnsafeMutablePointer<CellMemo>)?
            var missed: (key: UnsafeBufferPointer<UInt8>, memo: UnsafeMutablePointer<CellMemo>)?
            if let view, ruleKeys[index].remembers, cellMemos[index].isOn,
               let key = memoKey(index, ruleKeys[index], view, keyArena, flagCaches) {
                let memo = cellMemos + index
                if let (entry, contents) = memo.pointee.lookUp(key) {
                    // The common case, cells seen before that reported nothing, touches
                    // no rule object: reference counts are atomic, the dearest thing here.
                    if !contents.contains(.more) && !contents.contains(.events) {
                        if contents.contains(.value) { slots.remembered[Int(ruleKeys[index].slot)] = Int32(entry + 1) }
                        continue
                    }
                    found = (entry, memo)
                } else {
                    missed = (key, memo)
                }
            }
            let rule = rules[index]
            var outcome: FieldRule.Outcome
            if let (entry, memo) = found {
                memo.pointee.replayEvents(of: entry, field: rule.field, columns: rule.columnNames, at: record.location, into: report)
                outcome = memo.pointee.outcomes[entry]
                if outcome.value != nil {
                    // The value stays in the memo.
                    slots.remembered[rule.slot] = Int32(entry + 1)
                    outcome.value = nil
                }
            } else if let (key, memo) = missed {
                outcome = rule.applyRemembering(record, key: key, view: view, report: report, memo: memo,
                                                conversions: scratch.memos[index], recorder: scratch.recorder)
            } else {
                outcome = rule.apply(to: record, report: report, memo: scratch.memos[index], view: view)
            }
            if let reason = outcome.invalidReason {
                invalid.append(RejectionReason(field: rule.field.name, reason))
            }
            // Moved out, not copied: the outcome is not read for its value again.
            if let value = outcome.value.take() { slots.values[rule.slot] = value }
            if let slot = rule.noteSlot, !outcome.notes.isEmpty {
                notes.append((slot, rule.field.label, outcome.notes))
            }
        }
        for note in notes {
            if slots.remembered[note.slot] > 0 {
                // A remembered value gets a note: it becomes a value of this record's own.
                slots.values[note.slot] = scratch.values.rememberedValue(slot: note.slot, entry: slots.remembered[note.slot])
                slots.remembered[note.slot] = 0
            }
            let line = "\(note.label): \(note.texts.joined(separator: ", "))"
            if case .text(let existing) = slots.values[note.slot] {
                slots.values[note.slot] = .text(existing + "\n" + line)
            } else {
                slots.values[note.slot] = .text(line)
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
