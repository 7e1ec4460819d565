import Synchronization

/// One batch of cases mapped by several threads at once. Threads claim
/// chunks of cases by an atomic counter and write only those chunks'
/// results, each chunk reporting into its own `ReportDelta` and each thread
/// using its own `MappingWorker`; the batch is read only after every thread
/// is done (a dispatch group's wait orders the two). Hence unchecked.
final class BatchMapping: @unchecked Sendable {
    static let chunkSize = 16

    private let cases: [ReadAhead.Case]
    private let deltas: [ReportDelta]
    private let rejectsRagged: Bool
    private let results: DisjointSlots<MappedItem?>
    /// The cases' lines, when encoded with the rest of their chunk (kept
    /// apart: put into each case, they moved every case out and back).
    private let lines: DisjointSlots<RenderedLine?>
    /// The mapped cases' id hashes (0 for the others), for warming the id index.
    private let hashes: DisjointSlots<UInt64>
    /// The next chunk to claim, and how many are mapped: counters, not a
    /// lock (two threads claiming under a lock met at every chunk, and each
    /// meeting put a thread to sleep and woke it).
    private let nextChunk = Atomic<Int>(0)
    private let chunksMapped = Atomic<Int>(0)

    init(cases: [ReadAhead.Case], rejectsRagged: Bool) {
        self.cases = cases
        deltas = (0..<(cases.count + Self.chunkSize - 1) / Self.chunkSize).map { _ in ReportDelta() }
        self.rejectsRagged = rejectsRagged
        results = DisjointSlots(count: cases.count, repeating: nil)
        lines = DisjointSlots(count: cases.count, repeating: nil)
        hashes = DisjointSlots(count: cases.count, repeating: 0)
    }

    /// The mapped cases' id hashes (read once the batch is mapped).
    var caseIDHashes: UnsafeBufferPointer<UInt64> { hashes.all }

    /// Whether every chunk is mapped (read the results only after the
    /// workers' group is done waiting: that orders their writes).
    var isMapped: Bool { chunksMapped.load(ordering: .acquiring) == deltas.count }

    /// Maps chunks until none is left unclaimed.
    func map(using worker: MappingWorker) {
        while mapChunk(using: worker) {}
    }

    /// Maps one chunk; false when none was left unclaimed.
    func mapChunk(using worker: MappingWorker) -> Bool {
        let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
        guard chunk < deltas.count else { return false }
        defer { chunksMapped.wrappingAdd(1, ordering: .releasing) }
        let delta = deltas[chunk]
        let indexes = (chunk * Self.chunkSize)..<min(cases.count, (chunk + 1) * Self.chunkSize)
        var lineRanges: [(index: Int, range: Range<Int>)] = []
        cases.withUnsafeBufferPointer { cases in
            for index in indexes {
                // A ragged row rejected by the run's policy is not mapped.
                if rejectsRagged && cases[index].rows[0].raggedCellCount != nil { continue }
                delta.record = index
                let mapped = worker.map(cases[index].read, report: delta)
                hashes[index] = mapped.caseIDHash
                if let range = mapped.lineRange { lineRanges.append((index, range)) }
                results[index] = mapped.item
            }
        }
        // The chunk's lines, copied out of the worker at once.
        if let chunkLines = worker.takeLines() {
            for (index, range) in lineRanges { lines[index] = RenderedLine(chunk: chunkLines, range: range) }
        }
        return true
    }

    func replay(record index: Int, into report: MigrationReport) {
        deltas[index / Self.chunkSize].replay(record: index, into: report)
    }

    /// A case's mapping, moved out (it is settled once); nil for a case not mapped.
    func take(_ index: Int) -> MappedItem? { results.take(index, leaving: nil) }

    /// A case's line, when it was encoded with the rest of its chunk; moved
    /// out, so that a chunk of lines lives only until written.
    func takeLine(_ index: Int) -> RenderedLine? { lines.take(index, leaving: nil) }
}
