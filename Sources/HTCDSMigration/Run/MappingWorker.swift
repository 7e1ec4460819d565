/// One mapping thread's tools: its scratch (its own rule objects and memos)
/// and, when the writer allows it, its own line encoder. Used by one thread
/// at a time (a worker's serial queue, or the run's thread), hence unchecked.
///
/// Invariant: `encoder`, `lines` and `picker`, when present, are
/// owned here (made in `init`, freed in `deinit`) and only this worker's
/// thread touches them.
/// Pointers rather than properties: a class's property changed is checked
/// at run time for overlapping access, on every case.
final class MappingWorker: @unchecked Sendable {
    let scratch: MappingScratch
    /// The plan this worker maps with (its own rule objects).
    private let plan: MappingPlan
    private let encoder: UnsafeMutablePointer<any CaseEncoder & ~Copyable>?
    /// The lines encoded since `takeLines`, one after another.
    private let lines: UnsafeMutablePointer<ByteArena>
    /// Says which picklist values a case holds.
    private let picker: UnsafeMutablePointer<PicklistPicker>
    /// The related sets (this worker's copies), mapped with each case, and
    /// the run's invalid-value policy, which says which of their records a
    /// line encoded here holds.
    private let related: [RelatedPlan]
    private let policy: InvalidValuePolicy

    init(plan: MappingPlan, related: [RelatedPlan] = [], policy: InvalidValuePolicy = .keep, encoder: consuming (any CaseEncoder & ~Copyable)?,
         remembers: Bool) {
        scratch = MappingScratch(plan: plan, remembers: remembers)
        self.plan = plan
        self.related = related.contains { $0.entity != .organisation } ? related : []
        self.policy = policy
        lines = .owning(ByteArena(capacity: 4096))
        picker = .owning(PicklistPicker(plan.picklists))
        switch consume encoder {
        case .some(let made): self.encoder = .owning(made)
        case .none: self.encoder = nil
        }
    }

    deinit {
        encoder?.free()
        lines.free()
        picker.free()
    }

    /// A record mapped: the case, its id's hash (0 when rejected), and where
    /// its line is in `lines` when it was encoded.
    struct Mapped {
        var item: MappedItem
        var caseIDHash: UInt64 = 0
        var lineRange: Range<Int>?
    }

    /// Maps a case (its first row) with its related records: its values are
    /// encoded into `lines` or taken out.
    func map(_ read: ReadCase, report: MappingSink) -> Mapped {
        let outcome = plan.apply(read.rows[0], report: report, scratch: scratch)
        switch consume outcome {
        case .rejected(let reason):
            return Mapped(item: .rejected(reason))
        case .mapped(let mapped):
            let values = scratch.values
            let hash = mapped.caseIDHash
            let picks = picker.pointee.picks(in: values)
            let mappedRelated = related.isEmpty ? nil : MappedRelated(plans: related, read: read)
            guard let encoder else {
                return Mapped(item: .mapped(mapped, values: values.take(), filled: SmallIntSet(), picks: picks,
                                            related: mappedRelated),
                              caseIDHash: hash)
            }
            let start = lines.pointee.count
            let filled = encoder.pointee.encode(caseID: mapped.caseID, values: values,
                                                related: mappedRelated?.linked(plans: related, policy: policy) ?? [],
                                                location: mapped.location, to: &lines.pointee)
            return Mapped(item: .mapped(mapped, values: nil, filled: filled, picks: picks, related: mappedRelated),
                          caseIDHash: hash, lineRange: start..<lines.pointee.count)
        }
    }

    /// The lines encoded since the last call, in one chunk (one allocation
    /// for many cases' lines), and `lines` emptied; nil when there are none.
    func takeLines() -> LineChunk? {
        guard !lines.pointee.isEmpty else { return nil }
        defer { lines.pointee.removeAll() }
        return LineChunk(copying: lines.pointee.bytes(0, lines.pointee.count))
    }
}
