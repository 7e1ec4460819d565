/// The per-thread memory a plan maps with: each rule's `CellMemo`,
/// `FlagStateCache` and `ConversionMemo`, the slots a record's values are
/// gathered in, and a row view for records a reader made of values. Used by
/// one thread at a time (a worker, or the run's thread), never by two at
/// once; hence unchecked.
///
/// Invariant: every pointer here is allocated in `init`, initialised for
/// the rules' or slots' count, and freed in `deinit`; nothing else frees
/// them. `RuleMemory` and `MappedValues` are views of this memory, valid
/// while the scratch lives.
final class MappingScratch: @unchecked Sendable {
    /// The plan this thread maps with: its own rule objects.
    let plan: MappingPlan
    let memos: [ConversionMemo?]
    let recorder = RecordingSink()
    /// What the plan's loop reads, rule by rule, record by record.
    let memory: RuleMemory
    /// This thread's slots, reused record to record.
    private var slots: RuleMemory.Slots { memory.slots }
    /// For each slot, the rule that fills it (-1: none), owned here.
    private let ruleOfSlot: UnsafeMutablePointer<Int>
    /// A record's text values as bytes, for records that are not rows of
    /// bytes already (SQLite, XML with repeated elements): what the memos and
    /// byte paths read.
    private let valueBytes: UnsafeMutablePointer<ByteArena>
    private let valueStarts: UnsafeMutablePointer<UInt32>
    private let valueEnds: UnsafeMutablePointer<UInt32>
    private let valuePlain: UnsafeMutablePointer<Bool>

    /// The last record's values, as an encoder reads them.
    var values: MappedValues { MappedValues(slots: slots, cellMemos: memory.cellMemos, ruleOfSlot: ruleOfSlot) }

    init(plan: MappingPlan, remembers: Bool = true) {
        self.plan = plan
        memos = plan.rules.map { $0.looksItemsUp ? ConversionMemo() : nil }
        memory = RuleMemory(rules: plan.rules, slotCount: plan.targetFields.count, remembers: remembers)
        ruleOfSlot = .allocate(capacity: max(1, plan.targetFields.count))
        for slot in 0..<plan.targetFields.count { ruleOfSlot[slot] = plan.rule(ofSlot: slot) }
        valueBytes = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        valueStarts = .allocate(capacity: max(1, plan.columns.count))
        valueEnds = .allocate(capacity: max(1, plan.columns.count))
        valuePlain = .allocate(capacity: max(1, plan.columns.count))
    }

    deinit {
        memory.free(ruleCount: plan.rules.count)
        ruleOfSlot.deallocate()
        valueBytes.free()
        valueStarts.deallocate()
        valueEnds.deallocate()
        valuePlain.deallocate()
    }

    /// The record's cells as bytes: its row's, or its values' copied into
    /// this scratch (valid until the next call).
    func view(of record: SourceRecord) -> RowView? {
        if let row = record.row { return row.view }
        let count = min(record.valueCount, plan.columns.count)
        guard count == plan.columns.count else { return nil }
        valueBytes.pointee.removeAll()
        for index in 0..<count {
            valueStarts[index] = UInt32(valueBytes.pointee.count)
            switch record.value(at: index) {
            case .text(var text):
                text.withUTF8 { valueBytes.pointee.append($0) }
                valuePlain[index] = true
            case .null:
                valuePlain[index] = true
            default:
                valuePlain[index] = false
            }
            valueEnds[index] = UInt32(valueBytes.pointee.count)
        }
        return RowView(starts: valueStarts, ends: valueEnds, bytes: valueBytes.pointee.base, plain: valuePlain)
    }
}

/// A scratch's memory as `MappingPlan.apply` reads it for each rule: plain
/// pointers, copied into the loop without a reference count (touching the
/// scratch object in the loop retained and released it around every call).
struct RuleMemory {
    /// What the loop asks of each rule first: the slot it fills, and what its
    /// memo is keyed by (one column's index, or one of the cases below).
    struct RuleKey {
        let slot: Int32
        let column: Int32

        static let severalColumns: Int32 = -1
        static let flags: Int32 = -2
        static let notRemembered: Int32 = -3

        var remembers: Bool { column != Self.notRemembered }

        init(_ rule: FieldRule) {
            slot = Int32(rule.slot)
            // Rules of flags are keyed by the flags' states (`FieldRule.flagStates`).
            column = if let columns = rule.memoColumns {
                rule.readsFlags ? Self.flags : columns.count == 1 ? Int32(columns[0]) : Self.severalColumns
            } else {
                Self.notRemembered
            }
        }
    }

    /// A record's values by slot, and the memo entries that stand for values
    /// (entry + 1; 0 for none), empty between records. Plain memory: an
    /// array's element changed is a uniqueness check and a retain each time.
    struct Slots {
        let count: Int
        let values: UnsafeMutablePointer<HTCDSValue?>
        let remembered: UnsafeMutablePointer<Int32>
    }

    /// What a rule's memo knows of a record's cells.
    enum Lookup {
        /// The memo is off, or the cells cannot be keyed: map the record.
        case notKept
        /// Seen before, reporting nothing: its value (if any) is now the slot's.
        case settled
        /// Seen before, with something to say again (a reason, a note, a report).
        case found(entry: Int)
        /// Not seen: map it, and remember it by `key`.
        case missed(key: ByteView)
    }

    let slots: Slots
    fileprivate let cellMemos: UnsafeMutablePointer<CellMemo>
    private let ruleKeys: UnsafeMutablePointer<RuleKey>
    private let flagCaches: UnsafeMutablePointer<FlagStateCache>
    private let key: UnsafeMutablePointer<ByteArena>
    /// For each rule, the columns its memo is keyed by:
    /// `memoColumnList[memoColumnStart[i]..<memoColumnStart[i + 1]]`.
    private let memoColumnStart: UnsafeMutablePointer<Int>
    private let memoColumnList: UnsafeMutablePointer<Int>

    fileprivate init(rules: [FieldRule], slotCount: Int, remembers: Bool) {
        let count = max(1, rules.count)
        cellMemos = .allocate(capacity: count)
        for index in rules.indices { (cellMemos + index).initialize(to: CellMemo(on: remembers)) }
        ruleKeys = .allocate(capacity: count)
        ruleKeys.initialize(from: rules.map(RuleKey.init), count: rules.count)
        flagCaches = .allocate(capacity: count)
        for index in rules.indices { (flagCaches + index).initialize(to: FlagStateCache()) }
        key = .owning(ByteArena(capacity: 64))
        var starts = [0]
        var list: [Int] = []
        for rule in rules {
            list += rule.memoColumns ?? []
            starts.append(list.count)
        }
        memoColumnStart = .allocate(capacity: starts.count)
        memoColumnStart.initialize(from: starts, count: starts.count)
        memoColumnList = .allocate(capacity: max(1, list.count))
        memoColumnList.initialize(from: list, count: list.count)
        let values = UnsafeMutablePointer<HTCDSValue?>.allocate(capacity: max(1, slotCount))
        values.initialize(repeating: nil, count: slotCount)
        let remembered = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, slotCount))
        remembered.initialize(repeating: 0, count: slotCount)
        slots = Slots(count: slotCount, values: values, remembered: remembered)
    }

    fileprivate func free(ruleCount: Int) {
        cellMemos.deinitialize(count: ruleCount)
        cellMemos.deallocate()
        ruleKeys.deallocate()
        flagCaches.deinitialize(count: ruleCount)
        flagCaches.deallocate()
        key.free()
        memoColumnStart.deallocate()
        memoColumnList.deallocate()
        slots.values.deinitialize(count: slots.count)
        slots.values.deallocate()
        slots.remembered.deallocate()
    }

    /// What rule `index`'s memo knows of the record's cells; a value it
    /// keeps for cells that report nothing is put in the rule's slot here.
    /// (The rule object is read only for a rule of flags: the common case
    /// touches none, whose reference count would be an atomic write.)
    @inline(__always)
    func lookUp(rule index: Int, of rules: [FieldRule], in view: RowView?) -> Lookup {
        let ruleKey = ruleKeys[index]
        guard let view, ruleKey.remembers, cellMemos[index].isOn,
              let cells = memoKey(index, ruleKey, rules, view) else { return .notKept }
        guard let (entry, contents) = cellMemos[index].lookUp(cells) else { return .missed(key: cells) }
        // The common case, cells seen before that reported nothing, touches
        // no rule object: reference counts are atomic, the dearest thing here.
        guard contents.contains(.more) || contents.contains(.events) else {
            if contents.contains(.value) { slots.remembered[Int(ruleKey.slot)] = Int32(entry + 1) }
            return .settled
        }
        return .found(entry: entry)
    }

    /// The memo key of rule `index` for a row: its one cell, its flags'
    /// states, or each of its cells' length and bytes put together; nil
    /// when this row's cells cannot be keyed.
    @inline(__always)
    private func memoKey(_ index: Int, _ ruleKey: RuleKey, _ rules: [FieldRule], _ view: RowView) -> ByteView? {
        if ruleKey.column >= 0 {
            // Most rules: one cell, the key as it is.
            let column = Int(ruleKey.column)
            return view.isPlain(column) ? view.cell(column) : nil
        }
        if ruleKey.column == RuleKey.flags {
            return rules[index].flagStates(view, into: &key.pointee, cache: &flagCaches[index]) ? key.pointee.view : nil
        }
        let start = memoColumnStart[index], end = memoColumnStart[index + 1]
        for position in start..<end where !view.isPlain(memoColumnList[position]) { return nil }
        key.pointee.removeAll()
        for position in start..<end {
            let cell = view.cell(memoColumnList[position])
            withUnsafeBytes(of: UInt32(cell.count).littleEndian) { key.pointee.append($0.assumingMemoryBound(to: UInt8.self)) }
            key.pointee.append(cell.buffer)
        }
        return key.pointee.view
    }

    /// A found entry's outcome, what it reported said again at `location`.
    func recall(rule index: Int, entry: Int, _ rule: FieldRule, at location: SourceLocation,
                into report: MappingSink) -> FieldRule.Outcome {
        cellMemos[index].replayEvents(of: entry, field: rule.field, columns: rule.columnNames, at: location, into: report)
        var outcome = cellMemos[index].outcomes[entry]
        if outcome.value != nil {
            // The value stays in the memo.
            slots.remembered[rule.slot] = Int32(entry + 1)
            outcome.value = nil
        }
        return outcome
    }

    /// Remembers what rule `index` made of cells keyed `key`, and what it reported.
    func remember(rule index: Int, key: ByteView, _ outcome: FieldRule.Outcome, events: [CellMemo.Event]) {
        _ = cellMemos[index].remember(key, hash: CellMemo.hash(key), outcome: outcome, events: events)
    }

    /// Puts a value of the record's own in a slot.
    @inline(__always)
    func keep(_ value: consuming HTCDSValue, slot: Int) { slots.values[slot] = value }

    /// A slot's value made the record's own (a memo's copied out), for a note to be added to.
    func ownValue(slot: Int, ruleOfSlot rule: Int) -> HTCDSValue? {
        let entry = slots.remembered[slot]
        guard entry > 0 else { return slots.values[slot] }
        slots.remembered[slot] = 0
        return cellMemos[rule].outcomes[Int(entry) - 1].value
    }
}

/// The values `MappingPlan.apply` left in a scratch's slots: each slot's own
/// value, or the entry of the rule's `CellMemo` that keeps it. Valid until
/// the scratch maps its next record; handing them over or taking them
/// leaves the slots empty for it.
struct MappedValues: CaseValues {
    fileprivate let slots: RuleMemory.Slots
    fileprivate let cellMemos: UnsafeMutablePointer<CellMemo>
    fileprivate let ruleOfSlot: UnsafeMutablePointer<Int>

    func handOver(_ body: (_ slot: Int, _ entry: Int32, _ value: consuming HTCDSValue?) -> Void) {
        for slot in 0..<slots.count {
            let entry = slots.remembered[slot]
            if entry > 0 {
                body(slot, entry, nil)
                slots.remembered[slot] = 0
            } else if slots.values[slot] != nil {
                // Moved out, not copied: the slot is left empty.
                body(slot, 0, slots.values[slot].take())
            }
        }
    }

    func rememberedValue(slot: Int, entry: Int32) -> HTCDSValue? {
        cellMemos[ruleOfSlot[slot]].outcomes[Int(entry) - 1].value
    }

    /// The memo entry that stands for a slot's value; 0 when its value (if any) is the record's own.
    func entry(slot: Int) -> Int32 { slots.remembered[slot] }

    /// Whether a slot holds a value of the record's own (not a memo's).
    func hasOwnValue(slot: Int) -> Bool { slots.values[slot] != nil }

    /// A slot's own value (not a memo's), left where it is.
    func ownValue(slot: Int) -> HTCDSValue? { slots.values[slot] }

    /// The values as an array (remembered ones copied out of their memos), every slot left empty.
    func take() -> [HTCDSValue?] {
        var taken = [HTCDSValue?](repeating: nil, count: slots.count)
        for slot in 0..<slots.count {
            let entry = slots.remembered[slot]
            if entry > 0 {
                taken[slot] = rememberedValue(slot: slot, entry: entry)
                slots.remembered[slot] = 0
            } else {
                taken[slot] = slots.values[slot].take()
            }
        }
        return taken
    }
}
