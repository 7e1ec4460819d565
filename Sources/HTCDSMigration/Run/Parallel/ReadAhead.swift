import Foundation

/// Reads cases on a thread of its own, a batch at a time, while the run's
/// thread maps and writes the batch before: the reader is the one stage that
/// must run in order, so it gets a core while mapping takes the other.
/// The reader, its sink and `nextCase` are touched only by the reading thread
/// once it has started; batches cross over through a lock. Hence unchecked.
final class ReadAhead: @unchecked Sendable {
    /// One case as read: its rows and linked records, and what the reader reported while reading them.
    struct Case {
        var read: ReadCase
        var issues: [Issue]
        var rows: [SourceRecord] { read.rows }
    }

    struct Batch {
        var cases: [Case] = []
        /// What stopped the reading, after these cases.
        var error: (any Error)?
        /// Issues reported after the last case (at the end of the input).
        var trailingIssues: [Issue] = []
        var isLast = false
    }

    /// Cases a batch. With this, the batches read ahead and in flight hold
    /// some 1,400 cases at once, with their related records read and
    /// mapped: twice as many kept a run with related sets above 64 MB at a
    /// million cases, and were no faster (docs/performance.md).
    static let batchSize = 128
    /// Batches read ahead of the one being mapped; bounds memory.
    static let depth = 4

    private let condition = NSCondition()
    private var ready: [Batch] = []
    /// Batches settled, with what was made of them, to be let go on the
    /// reading thread (see `retire`).
    private var retired: [(Batch, AnyObject)] = []
    private var cancelled = false
    private var finished = false
    private let done = DispatchSemaphore(value: 0)

    private let nextCase: () throws -> ReadCase?
    private let relay: RelayingIssueSink
    private let limit: Int?

    init(relay: RelayingIssueSink, limit: Int?, nextCase: @escaping () throws -> ReadCase?) {
        self.relay = relay
        self.limit = limit
        self.nextCase = nextCase
    }

    func start() {
        relay.startBuffering()
        let thread = Thread { [self] in
            read()
            done.signal()
        }
        thread.name = "htcds reader"
        thread.start()
    }

    private func read() {
        var count = 0
        var batch = Batch()
        while true {
            do {
                guard limit.map({ count < $0 }) ?? true, let read = try nextCase() else {
                    batch.trailingIssues = relay.drain()
                    batch.isLast = true
                    put(batch)
                    return
                }
                count += 1
                batch.cases.append(Case(read: read, issues: relay.drain()))
            } catch {
                batch.trailingIssues = relay.drain()
                batch.error = error
                batch.isLast = true
                put(batch)
                return
            }
            if batch.cases.count == Self.batchSize {
                guard put(batch) else { return }
                batch = Batch()
            }
        }
    }

    /// Hands a batch over, waiting while the queue is full; false once cancelled.
    @discardableResult
    private func put(_ batch: Batch) -> Bool {
        var letGo: [(Batch, AnyObject)] = []
        defer { letGo.removeAll() }  // after unlocking
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(batch)
        swap(&letGo, &retired)
        condition.broadcast()
        return true
    }

    /// Hands a settled batch back to be freed on the reading thread, with
    /// `made`, what the mapping made of it. Its rows were allocated there:
    /// freed on the run's thread, each free took the reading thread's
    /// allocator lock while it was allocating the next rows, and the run's
    /// thread slept on that lock again and again.
    func retire(_ batch: Batch, _ made: AnyObject) {
        condition.lock()
        retired.append((batch, made))
        condition.unlock()
    }

    /// The next batch, waiting for it; nil after the last.
    func next() -> Batch? {
        take(waiting: true) ?? nil
    }

    /// The next batch if one is read already: nil when none is yet, `.some(nil)` after the last.
    func nextIfReady() -> Batch?? {
        take(waiting: false)
    }

    private func take(waiting: Bool) -> Batch?? {
        condition.lock()
        defer { condition.unlock() }
        if !waiting && ready.isEmpty && !finished { return nil }
        while ready.isEmpty && !finished { condition.wait() }
        guard !ready.isEmpty else { return .some(nil) }
        let batch = ready.removeFirst()
        if batch.isLast { finished = true }
        condition.broadcast()
        return batch
    }

    /// Stops the reading thread (when the run stops early) and waits for it.
    func stop() {
        condition.lock()
        cancelled = true
        finished = true
        condition.broadcast()
        condition.unlock()
        done.wait()
        // The batches read ahead are let go here, not when the reading thread
        // lets this object go: that may come after the process has begun to
        // exit (leak checkers then find the rows of batches half freed).
        var droppedReady: [Batch] = []
        var droppedRetired: [(Batch, AnyObject)] = []
        condition.lock()
        swap(&droppedReady, &ready)
        swap(&droppedRetired, &retired)
        condition.unlock()
        droppedReady.removeAll()
        droppedRetired.removeAll()
    }
}
