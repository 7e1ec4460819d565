import Foundation

/// The run as one page: how records flow and which thread does what.
///
///     reader ─▶ CaseRows ─▶ MappingWorker.map ─▶ CaseSettlement.settle ─▶ RecordWriter
///     (Read/)    (Run/)      (Map/ + an encoder)   (Run/, in input order)  (Write/)
///
/// With one thread, each case goes through every stage in turn. With n, a
/// reading thread reads batches of cases ahead (`ReadAhead`), n - 1 workers
/// and the run's thread map each batch's chunks in parallel (`BatchMapping`;
/// each worker reporting into a `ReportDelta` and encoding lines with its own
/// encoder when the writer allows it), and the run's thread settles the cases
/// in input order: what the reader and mapping reported replayed first, then
/// `CaseSettlement`. The output and the report are the same bytes whatever
/// the number of threads.
struct Pipeline {
    let plan: MappingPlan
    let report: MigrationReport
    let settlement: CaseSettlement
    let writer: RecordWriter
    /// The related sets, mapped with their case on the mapping threads.
    let related: [RelatedPlan]
    let onInvalid: InvalidValuePolicy
    /// Whether the writer's lines are made on the mapping threads: only when
    /// settling changes no value (no organisation keys to look up).
    var encodesAhead: Bool { plan.organisationLookups.isEmpty }
    let threads: Int
    let limit: Int?
    let rejectsRagged: Bool
    /// Whether workers' rules remember the cells they have seen (`CellMemo`):
    /// off only in tests, which check that it changes no byte of the output.
    let remembersCells: Bool

    func run(_ cases: CaseRows, relay: RelayingIssueSink) throws {
        if threads > 1 {
            try runInParallel(cases, relay: relay, workers: threads)
        } else {
            try runInTurn(cases)
        }
    }

    /// A mapping thread's worker, with an encoder of its own when lines are made ahead.
    private func makeWorker() -> MappingWorker {
        let encoder = encodesAhead ? (writer as? EncodingAhead)?.caseEncoder() : nil
        return MappingWorker(plan: plan.forWorker(), related: related.map { $0.forWorker() }, policy: onInvalid,
                             encoder: encoder, remembers: remembersCells)
    }

    private func runInTurn(_ cases: CaseRows) throws {
        let worker = makeWorker()
        while limit.map({ report.read < $0 }) ?? true, let read = try cases.next() {
            guard try settlement.admit(read) else { continue }
            let mapped = worker.map(read, report: report)
            let line = mapped.lineRange.flatMap { range in worker.takeLines().map { RenderedLine(chunk: $0, range: range) } }
            try settlement.settle(read, mapped.item, line: line)
        }
    }

    /// Batches handed to the workers at once: with fewer, a worker done with
    /// its share ran out of work while the run's thread settled.
    static let batchesInFlight = 6

    /// Reading, mapping and settling overlap: while the run's thread settles
    /// batch k, workers map the batches after it (`batchesInFlight`) and the
    /// reading thread reads ahead.
    private func runInParallel(_ cases: CaseRows, relay: RelayingIssueSink, workers count: Int) throws {
        let ahead = ReadAhead(relay: relay, limit: limit) { try cases.next() }
        // The run's thread maps too (when it has nothing to settle), so n threads are n - 1 workers and it.
        // Each worker maps on a serial queue of its own: its scratch is never used by two batches at once.
        let workers = (0..<max(1, count - 1)).map { number in
            (worker: makeWorker(), queue: DispatchQueue(label: "htcds mapping \(number)"))
        }
        let ownWorker = makeWorker()
        ahead.start()
        defer { ahead.stop() }
        var inFlight: [(batch: ReadAhead.Batch, mapping: BatchMapping, group: DispatchGroup)] = []
        // Whatever happens, nothing is left mapping when the run returns.
        defer { for item in inFlight { item.group.wait() } }
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
            let mapping = BatchMapping(cases: batch.cases, rejectsRagged: rejectsRagged)
            let group = DispatchGroup()
            for worker in workers {
                worker.queue.async(group: group) { mapping.map(using: worker.worker) }
            }
            inFlight.append((batch, mapping, group))
            return true
        }
        while true {
            while inFlight.count < Self.batchesInFlight && launch(waiting: inFlight.isEmpty) {}
            guard !inFlight.isEmpty else { break }
            let oldest = inFlight.removeFirst()
            // Rather than wait, map what the workers have not started yet,
            // then the next batches' chunks while they finish theirs.
            oldest.mapping.map(using: ownWorker)
            var later = 0
            while !oldest.mapping.isMapped && later < inFlight.count {
                if !inFlight[later].mapping.mapChunk(using: ownWorker) { later += 1 }
            }
            oldest.group.wait()
            // Top up before settling, without waiting for the reader.
            if inFlight.count < Self.batchesInFlight { _ = launch(waiting: false) }
            try settle(oldest.batch, oldest.mapping)
            ahead.retire(oldest.batch, oldest.mapping)
        }
    }

    /// Settles a mapped batch in input order.
    private func settle(_ batch: ReadAhead.Batch, _ mapping: BatchMapping) throws {
        settlement.prepare(forIDHashes: mapping.caseIDHashes)
        for index in batch.cases.indices {
            for issue in batch.cases[index].issues { report.report(issue) }
            guard try settlement.admit(batch.cases[index].read) else { continue }
            mapping.replay(record: index, into: report)
            guard let item = mapping.take(index) else { continue }
            try settlement.settle(batch.cases[index].read, item, line: mapping.takeLine(index))
        }
        for issue in batch.trailingIssues { report.report(issue) }
        if let error = batch.error { throw error }
    }
}
