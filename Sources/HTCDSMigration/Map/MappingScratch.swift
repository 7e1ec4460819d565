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
    /// The writer's renderer, when this thread renders the fields it maps.
    let renderer: FieldRenderer?
    /// Whether whole lines are left one after another in `rendered` (the
    /// caller takes them a chunk of cases at a time, each case's line being
    /// what `rendered` grew by while it was mapped), rather than copied out
    /// case by case.
    let collectsLines: Bool
    /// Whether whole lines are collected: asked for, and rendered whole.
    var collectsWholeLines: Bool { collectsLines && renderer?.wholeLines == true }

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

        /// The values as an array, every slot left empty.
        func takeValues() -> [HTCDSValue?] {
            let taken = Array(UnsafeBufferPointer(start: values, count: count))
            for slot in 0..<count { values[slot] = nil }
            return taken
        }

        func free() {
            values.deinitialize(count: count)
            values.deallocate()
            remembered.deallocate()
        }
    }

    /// This thread's slots, reused record to record.
    let slots: Slots
    /// Where a case's fields are rendered (a chunk's lines, when
    /// `collectsLines`); reused (behind pointers: a class's property is
    /// checked for overlapping access on every change).
    let rendered: UnsafeMutablePointer<ByteArena>
    let key: UnsafeMutablePointer<ByteArena>
    let source: UnsafeMutablePointer<SourceRendering>
    /// A record's text values as bytes, for records that are not rows of
    /// bytes already (SQLite, XML with repeated elements): what the memos and
    /// byte paths read.
    private let valueBytes: UnsafeMutablePointer<ByteArena>
    private let valueStarts: UnsafeMutablePointer<UInt32>
    private let valueEnds: UnsafeMutablePointer<UInt32>
    private let valuePlain: UnsafeMutablePointer<Bool>

    init(plan: MappingPlan, renderer: FieldRenderer? = nil, remembers: Bool = true, collectsLines: Bool = false) {
        self.plan = plan
        self.renderer = renderer
        self.collectsLines = collectsLines
        memos = plan.rules.map { $0.convertsPurely ? ConversionMemo() : nil }
        cellMemos = .allocate(capacity: max(1, plan.rules.count))
        for index in 0..<plan.rules.count { (cellMemos + index).initialize(to: CellMemo(on: remembers)) }
        ruleKeys = .allocate(capacity: max(1, plan.rules.count))
        ruleKeys.initialize(from: plan.ruleKeys, count: plan.rules.count)
        flagCaches = .allocate(capacity: max(1, plan.rules.count))
        for index in 0..<plan.rules.count { (flagCaches + index).initialize(to: FlagStateCache()) }
        rendered = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        key = UnsafeMutablePointer.owning(ByteArena(capacity: 64))
        slots = Slots(count: plan.targetFields.count)
        source = UnsafeMutablePointer.owning(SourceRendering())
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
        rendered.free()
        key.free()
        slots.free()
        source.free()
        valueBytes.free()
        valueStarts.deallocate()
        valueEnds.deallocate()
        valuePlain.deallocate()
    }
}
