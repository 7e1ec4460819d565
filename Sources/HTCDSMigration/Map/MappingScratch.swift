/// The per-thread state a plan needs while applying: its memos, and the
/// slots a record's values are gathered in, reused from record to record.
/// Used by one thread at a time (a worker, or the run's thread), never by
/// two at once; hence unchecked.
final class MappingScratch: @unchecked Sendable {
    let memos: [ConversionMemo?]
    /// One per rule (used by those whose outcome depends on their cells only), owned here.
    let cellMemos: UnsafeMutablePointer<CellMemo>
    /// The plan's `ruleKeys`, owned here.
    let ruleKeys: UnsafeMutablePointer<MappingPlan.RuleKey>
    /// One per rule (used by rules of flags), owned here.
    let flagCaches: UnsafeMutablePointer<FlagStateCache>
    let recorder = RecordingSink()
    /// The plan this thread maps with: its own rule objects.
    let plan: MappingPlan

    /// A record's values by slot, and the memo entries that stand for values
    /// (entry + 1; 0 for none), empty between records. Plain memory: an
    /// array's element changed is a uniqueness check and a retain each time.
    struct Slots {
        let count: Int
        let values: UnsafeMutablePointer<HTCDSValue?>
        let remembered: UnsafeMutablePointer<Int32>

        init(count: Int) {
            self.count = count
            values = .allocate(capacity: max(1, count))
            values.initialize(repeating: nil, count: count)
            remembered = .allocate(capacity: max(1, count))
            remembered.initialize(repeating: 0, count: count)
        }


        func free() {
            values.deinitialize(count: count)
            values.deallocate()
            remembered.deallocate()
        }
    }

    /// This thread's slots, reused record to record.
    let slots: Slots
    /// The last record's values, as an encoder reads them.
    var values: MappedValues { MappedValues(slots: slots, cellMemos: cellMemos, ruleOfSlot: ruleOfSlot) }
    /// For each slot, the rule that fills it (-1: none), owned here.
    private let ruleOfSlot: UnsafeMutablePointer<Int>
    let key: UnsafeMutablePointer<ByteArena>
    /// A record's text values as bytes, for records that are not rows of
    /// bytes already (SQLite, XML with repeated elements): what the memos and
    /// byte paths read.
    private let valueBytes: UnsafeMutablePointer<ByteArena>
    private let valueStarts: UnsafeMutablePointer<UInt32>
    private let valueEnds: UnsafeMutablePointer<UInt32>
    private let valuePlain: UnsafeMutablePointer<Bool>

    init(plan: MappingPlan, remembers: Bool = true) {
        self.plan = plan
        memos = plan.rules.map { $0.convertsPurely ? ConversionMemo() : nil }
        cellMemos = .allocate(capacity: max(1, plan.rules.count))
        for index in 0..<plan.rules.count { (cellMemos + index).initialize(to: CellMemo(on: remembers)) }
        ruleKeys = .allocate(capacity: max(1, plan.rules.count))
        ruleKeys.initialize(from: plan.ruleKeys, count: plan.rules.count)
        flagCaches = .allocate(capacity: max(1, plan.rules.count))
        for index in 0..<plan.rules.count { (flagCaches + index).initialize(to: FlagStateCache()) }
        key = UnsafeMutablePointer.owning(ByteArena(capacity: 64))
        slots = Slots(count: plan.targetFields.count)
        ruleOfSlot = .allocate(capacity: max(1, plan.targetFields.count))
        for slot in 0..<plan.targetFields.count { ruleOfSlot[slot] = plan.rule(ofSlot: slot) }
        valueBytes = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        valueStarts = .allocate(capacity: max(1, plan.columns.count))
        valueEnds = .allocate(capacity: max(1, plan.columns.count))
        valuePlain = .allocate(capacity: max(1, plan.columns.count))
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

    deinit {
        cellMemos.deinitialize(count: plan.rules.count)
        cellMemos.deallocate()
        ruleKeys.deallocate()
        flagCaches.deinitialize(count: plan.rules.count)
        flagCaches.deallocate()
        key.free()
        slots.free()
        ruleOfSlot.deallocate()
        valueBytes.free()
        valueStarts.deallocate()
        valueEnds.deallocate()
        valuePlain.deallocate()
    }
}

/// The values `MappingPlan.apply` left in a scratch's slots: each slot's own
/// value, or the entry of the rule's `CellMemo` that keeps it. Valid until
/// the scratch maps its next record; taking or draining them leaves the
/// slots empty for it.
struct MappedValues: CaseValues {
    fileprivate let slots: MappingScratch.Slots
    fileprivate let cellMemos: UnsafeMutablePointer<CellMemo>
    fileprivate let ruleOfSlot: UnsafeMutablePointer<Int>

    var slotCount: Int { slots.count }

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
