import Foundation
import Synchronization

/// The per-record loop of one run. With one thread it reads, maps and writes
/// each case in turn. With more, a reading thread reads batches ahead, the
/// cases of a batch are mapped in parallel (each worker reporting into its own
/// `ReportDelta`), and the run's thread settles them in order: deltas replayed,
/// duplicates found, related records joined, records written. The output and
/// the report are the same bytes whatever the number of threads.
struct RecordLoop {
    let plan: MappingPlan
    let report: MigrationReport
    let writer: RecordWriter
    let rejects: RejectsWriter?
    let related: RelatedRuntime
    let options: MigrationOptions
    let progress: ((Int) -> Void)?
    let rejectsRagged: Bool
    /// A long register: consecutive rows with one case id are one case.
    let groupsRows: Bool
    let caseIDs = CaseIDRegistry()
    private var pending: SourceRecord?

    init(plan: MappingPlan, report: MigrationReport, writer: RecordWriter, rejects: RejectsWriter?, related: RelatedRuntime,
         options: MigrationOptions, progress: ((Int) -> Void)?, rejectsRagged: Bool, groupsRows: Bool) {
        self.plan = plan
        self.report = report
        self.writer = writer
        self.rejects = rejects
        self.related = related
        self.options = options
        self.progress = progress
        self.rejectsRagged = rejectsRagged
        self.groupsRows = groupsRows
    }

    mutating func process(_ reader: RecordReader, relay: RelayingIssueSink) throws {
        if options.threads > 1 {
            try processInParallel(reader, relay: relay, workers: options.threads)
        } else {
            try processInTurn(reader)
        }
    }

    private mutating func processInTurn(_ reader: RecordReader) throws {
        let scratch = MappingScratch(plan: plan, renderer: fieldRenderer, remembers: options.remembersCells)
        while options.limit.map({ report.read < $0 }) ?? true, let rows = try nextCase(reader) {
            guard try admit(rows) else { continue }
            try settle(rows, plan.apply(rows[0], report: report, scratch: scratch))
        }
    }

    /// Batches handed to the workers at once. With one, a worker done with
    /// its share waited for the next batch to be handed out; with two, it
    /// still ran out of work while the run's thread settled (CSV at 175–179%
    /// of two cores, a million rows). Six: 183–189%, some 5% faster; XML
    /// (its pieces parsed on threads of their own) the same either way, and
    /// 1 MB (CSV) to 3 MB (XML) more at the peak.
    static let batchesInFlight = 6

    /// Reading, mapping and settling overlap: while the run's thread settles
    /// batch k, workers map the batches after it (`batchesInFlight`) and the
    /// reading thread reads ahead.
    private mutating func processInParallel(_ reader: RecordReader, relay: RelayingIssueSink, workers: Int) throws {
        let reading = CaseReading(loop: self, reader: reader)
        let ahead = ReadAhead(relay: relay, limit: options.limit) { try reading.next() }
        // The run's thread maps too (when it has nothing to settle), so n threads are n - 1 workers and it.
        // Each worker maps on a serial queue of its own: its scratch is never used by two batches at once.
        let workers = (0..<max(1, workers - 1)).map { number in
            (scratch: MappingScratch(plan: plan.forWorker(), renderer: fieldRenderer, remembers: options.remembersCells,
                                     collectsLines: true),
             queue: DispatchQueue(label: "htcds mapping \(number)"))
        }
        let ownScratch = MappingScratch(plan: plan.forWorker(), renderer: fieldRenderer,
                                        remembers: options.remembersCells, collectsLines: true)
        ahead.start()
        defer { ahead.stop() }
        var pipeline: [(batch: ReadAhead.Batch, mapping: BatchMapping, group: DispatchGroup)] = []
        // Whatever happens, nothing is left mapping when the run returns.
        defer { for item in pipeline { item.group.wait() } }
        var ended = false
        /// Hands the next batch to the workers; false when there is none (yet, unless `waiting`).
        func launch(waiting: Bool) -> Bool {
            guard !ended else { return false }
            let taken = waiting ? .some(ahead.next()) : ahead.nextIfReady()
            guard let taken else { return false }
            guard let batch = taken else {
                ended = true
                return false
            }
            let mapping = BatchMapping(plan: plan, cases: batch.cases, rejectsRagged: rejectsRagged)
            let group = DispatchGroup()
            for worker in workers {
                worker.queue.async(group: group) { mapping.map(using: worker.scratch) }
            }
            pipeline.append((batch, mapping, group))
            return true
        }
        while true {
            while pipeline.count < Self.batchesInFlight && launch(waiting: pipeline.isEmpty) {}
            guard !pipeline.isEmpty else { break }
            let oldest = pipeline.removeFirst()
            // Rather than wait, map what the workers have not started yet,
            // then the next batches' chunks while they finish theirs.
            oldest.mapping.map(using: ownScratch)
            var later = 0
            while !oldest.mapping.isMapped && later < pipeline.count {
                if !pipeline[later].mapping.mapChunk(using: ownScratch) { later += 1 }
            }
            oldest.group.wait()
            // Top up before settling, without waiting for the reader.
            if pipeline.count < Self.batchesInFlight { _ = launch(waiting: false) }
            try settle(oldest.batch, oldest.mapping)
            ahead.retire(oldest.batch, oldest.mapping)
        }
    }

    /// A renderer of the writer's own for one mapping thread, when fields can
    /// be rendered as cases are mapped: only when settling changes no value
    /// (no organisation keys).
    private var fieldRenderer: FieldRenderer? {
        plan.organisationLookups.isEmpty ? (writer as? FieldRendering)?.fieldRenderer() : nil
    }

    /// Settles a mapped batch in input order.
    private mutating func settle(_ batch: ReadAhead.Batch, _ mapping: BatchMapping) throws {
        report.addFilled(mapping.filledCounts)
        // The mapping threads counted the filled fields of every case they
        // rendered; those of cases not written are taken back.
        report.addFilledSlots(mapping.filledSlotCounts)
        caseIDs.warm(mapping.caseIDHashes)
        for index in batch.cases.indices {
            // The fields a mapping thread counted for this case, until it is written:
            // taken back if it is not, whether it was rejected or the run stops here.
            var slotsCounted: SlotSet?
            defer { if let slotsCounted { report.removeFilledSlots(slotsCounted) } }
            do {
                for issue in batch.cases[index].issues { report.report(issue) }
                guard try admit(batch.cases[index].rows, cellsCounted: true) else { continue }
                mapping.replay(record: index, into: report)
                guard let (outcome, slots) = mapping.takeOutcome(index) else { continue }
                slotsCounted = slots
                if try settle(batch.cases[index].rows, outcome, line: mapping.takeLine(index), slotsCounted: slotsCounted != nil) {
                    slotsCounted = nil
                }
            } catch {
                // The run stops here: the cases after this one were never read, as a sequential run says,
                // and this one was not written.
                for later in index..<batch.cases.count {
                    if later > index { report.removeFilled(of: batch.cases[later].rows[0]) }
                    if let slots = mapping.renderedSlots(later) { report.removeFilledSlots(slots) }
                }
                throw error
            }
        }
        for issue in batch.trailingIssues { report.report(issue) }
        if let error = batch.error { throw error }
    }

    /// Counts a case read; false when it is rejected before mapping (a ragged row).
    private func admit(_ rows: [SourceRecord], cellsCounted: Bool = false) throws -> Bool {
        // `rows[0]` is read in place each time: a copy bound to a name retains and releases its references.
        report.countRead(rows[0], cellsCounted: cellsCounted)
        if let progress, report.read % 10_000 == 0 { progress(report.read) }
        if let cells = rows[0].raggedCellCount, rejectsRagged {
            try reject(rows, ["row has \(cells) cells, the header \(plan.columns.count)"])
            return false
        }
        return true
    }

    /// What happens to a mapped case, in input order: duplicates, organisation
    /// keys, the invalid-value policy, related records, the writer. True
    /// when the case is written. `line`: the case's line, when it was
    /// rendered with the other lines of its chunk.
    @discardableResult
    private mutating func settle(_ rows: [SourceRecord], _ outcome: consuming MappingPlan.Outcome,
                                 line: RenderedLine? = nil, slotsCounted: Bool = false) throws -> Bool {
        switch consume outcome {
        case .rejected(let reason):
            try reject(rows, [reason])
            return false
        case .mapped(var mapped, var invalidReasons):
            if caseIDs.isDuplicate(hash: mapped.caseIDHash) {
                try reject(rows, ["case id '\(mapped.caseID)' repeats an earlier record's"
                                  + (groupsRows ? " (the rows of a case must be together)" : "")])
                return false
            }
            for (slot, set) in plan.organisationLookups {
                guard case .reference(let keys) = mapped.values[slot], case .text(let key)? = keys.first?.value else { continue }
                if let organisation = try related.organisation(set: set, key: key) {
                    mapped.values[slot] = organisation
                } else {
                    mapped.values[slot] = nil
                    invalidReasons.append("\(plan.targetFields[slot].name): no organisation with key '\(key)' in \(related.plans[set].name)")
                    report.invalidValue(key, field: plan.targetFields[slot], columns: [],
                                        problem: ValueProblem(.lookupUnmatched, "no organisation with this key in \(related.plans[set].name)"),
                                        at: rows[0].location)
                }
            }
            if !invalidReasons.isEmpty {
                switch options.onInvalid {
                case .keep: break
                case .reject:
                    try reject(rows, invalidReasons)
                    return false
                case .fail:
                    throw DataConditionError(message: "invalid value: \(invalidReasons[0]) (--on-invalid fail)",
                                             location: rows[0].location)
                }
            }
            mapped.related = try related.records(for: mapped.caseID, rows: rows)
            if let line { mapped.renderedLine = line }
            try writer.write(mapped)
            related.countLinked(mapped.related)
            report.countWritten(mapped, slotsCounted: slotsCounted)
            return true
        }
    }

    /// The next case's rows: one record, or for a long register every
    /// consecutive row with the same case id.
    fileprivate mutating func nextCase(_ reader: RecordReader) throws -> [SourceRecord]? {
        guard let first = try pending.take() ?? reader.next() else { return nil }
        guard groupsRows else { return [first] }
        let id = plan.caseID(of: first)
        var rows = [first]
        while let next = try reader.next() {
            guard !id.isEmpty, plan.caseID(of: next) == id else {
                pending = next
                break
            }
            rows.append(next)
        }
        return rows
    }

    private func reject(_ rows: [SourceRecord], _ reasons: [String]) throws {
        report.countRejected(rows[0], reasons: reasons)
        for row in rows { try rejects?.write(row, reasons: reasons) }
        // Their related records go with them.
        try related.rejectRecords(of: plan.caseID(of: rows[0]), rows: rows)
    }
}

/// The loop's copy the reading thread reads cases with (`nextCase` keeps the
/// row after a long register's case in it). A class of its own, not a
/// variable the reading closure captures: such a variable is checked for
/// exclusive access at run time at every case.
private final class CaseReading {
    @exclusivity(unchecked) private var loop: RecordLoop
    private let reader: RecordReader

    init(loop: RecordLoop, reader: RecordReader) {
        self.loop = loop
        self.reader = reader
    }

    func next() throws -> [SourceRecord]? { try loop.nextCase(reader) }
}

/// One batch of cases mapped by several threads at once. Threads claim
/// chunks of cases by an atomic counter and write only those chunks' results, each
/// chunk reporting into its own delta and each thread using its own scratch;
/// the batch is read only after every thread is done (a dispatch group's wait
/// orders the two). Hence unchecked.
private final class BatchMapping: @unchecked Sendable {
    static let chunkSize = 16

    private let plan: MappingPlan
    private let cases: [ReadAhead.Case]
    private let deltas: [ReportDelta]
    private let rejectsRagged: Bool
    private let results: UnsafeMutablePointer<MappingPlan.Outcome?>
    /// The next chunk to claim, and how many are mapped: counters, not a
    /// lock (two threads claiming under a lock met at every chunk, and each
    /// meeting put a thread to sleep and woke it).
    private let nextChunk = Atomic<Int>(0)
    private let chunksMapped = Atomic<Int>(0)
    /// Filled cells by column, per chunk (the report's column counts, off the settling thread).
    private let filled: UnsafeMutablePointer<[Int]>
    /// Filled fields by slot of the cases rendered, per chunk (the report's field counts).
    private let filledSlots: UnsafeMutablePointer<[Int]>
    /// The mapped cases' id hashes (0 for the others), for warming the id index.
    private let hashes: UnsafeMutablePointer<UInt64>
    /// The cases' lines, when rendered with the rest of their chunk (kept
    /// here, not put into each case: that moved every case out and back).
    private let lines: UnsafeMutablePointer<RenderedLine?>
    /// Each case's filled slots, when it was rendered where it was mapped.
    private let filledSlotsOfCase: UnsafeMutablePointer<SlotSet?>

    init(plan: MappingPlan, cases: [ReadAhead.Case], rejectsRagged: Bool) {
        self.plan = plan
        self.cases = cases
        deltas = (0..<(cases.count + Self.chunkSize - 1) / Self.chunkSize).map { _ in ReportDelta() }
        self.rejectsRagged = rejectsRagged
        results = .allocate(capacity: max(1, cases.count))
        results.initialize(repeating: nil, count: max(1, cases.count))
        filled = .allocate(capacity: max(1, deltas.count))
        filled.initialize(repeating: [], count: max(1, deltas.count))
        filledSlots = .allocate(capacity: max(1, deltas.count))
        filledSlots.initialize(repeating: [], count: max(1, deltas.count))
        hashes = .allocate(capacity: max(1, cases.count))
        hashes.initialize(repeating: 0, count: max(1, cases.count))
        lines = .allocate(capacity: max(1, cases.count))
        lines.initialize(repeating: nil, count: max(1, cases.count))
        filledSlotsOfCase = .allocate(capacity: max(1, cases.count))
        filledSlotsOfCase.initialize(repeating: nil, count: max(1, cases.count))
    }

    deinit {
        results.deinitialize(count: max(1, cases.count))
        results.deallocate()
        filled.deinitialize(count: max(1, deltas.count))
        filled.deallocate()
        filledSlots.deinitialize(count: max(1, deltas.count))
        filledSlots.deallocate()
        hashes.deallocate()
        lines.deinitialize(count: max(1, cases.count))
        lines.deallocate()
        filledSlotsOfCase.deinitialize(count: max(1, cases.count))
        filledSlotsOfCase.deallocate()
    }

    /// The mapped cases' id hashes (read once the batch is mapped).
    var caseIDHashes: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: hashes, count: cases.count) }

    /// Filled cells by column over the whole batch.
    var filledCounts: [Int] { sum(filled) }

    /// Filled fields by slot of the cases rendered, over the whole batch.
    var filledSlotCounts: [Int] { sum(filledSlots) }

    private func sum(_ perChunk: UnsafeMutablePointer<[Int]>) -> [Int] {
        var total: [Int] = []
        for chunk in 0..<deltas.count {
            let counts = perChunk[chunk]
            if total.count < counts.count { total += Array(repeating: 0, count: counts.count - total.count) }
            for (index, count) in counts.enumerated() { total[index] += count }
        }
        return total
    }

    private func claim() -> Int? {
        let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
        return chunk < deltas.count ? chunk : nil
    }

    /// Whether every chunk is mapped (read the results only after the
    /// workers' group is done waiting: that orders their writes).
    var isMapped: Bool { chunksMapped.load(ordering: .acquiring) == deltas.count }

    /// Maps chunks until none is left unclaimed.
    func map(using scratch: MappingScratch) {
        while mapChunk(using: scratch) {}
    }

    /// Maps one chunk; false when none was left unclaimed.
    func mapChunk(using scratch: MappingScratch) -> Bool {
        guard let chunk = claim() else { return false }
        defer { chunksMapped.wrappingAdd(1, ordering: .releasing) }
        let delta = deltas[chunk]
        var counts: [Int] = []
        var slotCounts = [Int](repeating: 0, count: plan.targetFields.count)
        let cases = (chunk * Self.chunkSize)..<min(self.cases.count, (chunk + 1) * Self.chunkSize)
        let collects = scratch.collectsWholeLines
        scratch.rendered.pointee.removeAll()
        var lineRanges = [Range<Int>?](repeating: nil, count: cases.count)
        // Each case's first row is read in place through buffer pointers: bound to a name,
        // a copy retained and released its four references.
        self.cases.withUnsafeBufferPointer { all in
            for index in cases {
                all[index].rows.withUnsafeBufferPointer { rows in
                    let width = rows[0].valueCount
                    if counts.count < width { counts += Array(repeating: 0, count: width - counts.count) }
                    counts.withUnsafeMutableBufferPointer { rows[0].countFilled(into: $0) }
                    if rejectsRagged && rows[0].raggedCellCount != nil { return }
                    delta.record = index
                    let lineStart = scratch.rendered.pointee.count
                    // Switched on as consumed, so the case is moved into the results, not copied (a
                    // retain and release of each of its references).
                    let outcome = scratch.plan.apply(rows[0], report: delta, scratch: scratch)
                    switch consume outcome {
                    case .mapped(let mapped, let invalidReasons):
                        if let slots = mapped.filledSlots {
                            slots.forEach { slotCounts[$0] += 1 }
                            filledSlotsOfCase[index] = slots
                        }
                        hashes[index] = mapped.caseIDHash
                        results[index] = .mapped(mapped, invalidReasons: invalidReasons)
                    case .rejected(let reason):
                        results[index] = .rejected(reason: reason)
                    }
                    if collects && scratch.rendered.pointee.count > lineStart {
                        lineRanges[index - cases.lowerBound] = lineStart..<scratch.rendered.pointee.count
                    }
                }
            }
        }
        filled[chunk] = counts
        filledSlots[chunk] = slotCounts
        // The chunk's lines, left one after another in the scratch, copied out at once.
        if collects && scratch.rendered.pointee.count > 0 {
            let chunkLines = LineChunk(copying: scratch.rendered.pointee.all)
            scratch.rendered.pointee.removeAll()
            for (offset, range) in lineRanges.enumerated() {
                if let range { lines[cases.lowerBound + offset] = RenderedLine(chunk: chunkLines, range: range) }
            }
        }
        return true
    }

    /// A case's line, when it was rendered with the rest of its chunk; moved
    /// out, so that a chunk of lines lives only until written.
    func takeLine(_ index: Int) -> RenderedLine? { lines[index].take() }

    func replay(record index: Int, into report: MigrationReport) {
        deltas[index / Self.chunkSize].replay(record: index, into: report)
    }

    /// A case's outcome and the slots of it counted in `filledSlotCounts`,
    /// moved out (it is settled once).
    func takeOutcome(_ index: Int) -> (MappingPlan.Outcome, SlotSet?)? {
        guard let outcome = results[index].take() else { return nil }
        return (outcome, filledSlotsOfCase[index].take())
    }

    /// The slots counted in `filledSlotCounts` for a case not yet settled
    /// (kept beside its outcome: reading them out of it copied the whole case).
    func renderedSlots(_ index: Int) -> SlotSet? { filledSlotsOfCase[index] }
}
