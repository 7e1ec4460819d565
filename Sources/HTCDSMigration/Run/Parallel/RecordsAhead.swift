import Foundation

/// Reads a related set's records on a thread of its own, a batch at a time,
/// while the caller's thread puts the batch before into the set's index:
/// reading the source and filling the index each took about half of the
/// time before the first case, one after the other on one thread.
///
/// The reader (and the sink it reports to) is touched only by the reading
/// thread from `start` until the last batch or an error has been handed
/// over, or `stop` has returned: the caller must not report anything
/// meanwhile, so that what the reader reports comes in the order a
/// sequential read gives. Batches cross over through a lock. Hence unchecked.
final class RecordsAhead: @unchecked Sendable {
    /// Records a batch, and batches read ahead: bounds memory (a few
    /// thousand records at once).
    static let batchSize = 512
    static let depth = 4

    private enum Item {
        case records([SourceRecord])
        case end
        case failed(any Error)
    }

    private let reader: RecordReader
    private let condition = NSCondition()
    private var ready: [Item] = []
    private var cancelled = false
    private var started = false
    private var ended = false
    private let done = DispatchSemaphore(value: 0)

    init(_ reader: RecordReader) {
        self.reader = reader
    }

    deinit { stop() }

    func start() {
        started = true
        let thread = Thread { [self] in
            read()
            done.signal()
        }
        thread.name = "htcds related reader"
        thread.start()
    }

    /// The next batch in order; nil at the end; throws what stopped the reader.
    func next() throws -> [SourceRecord]? {
        guard !ended else { return nil }
        condition.lock()
        while ready.isEmpty { condition.wait() }
        let item = ready.removeFirst()
        condition.signal()
        condition.unlock()
        switch item {
        case .records(let records):
            return records
        case .end:
            ended = true
            done.wait()
            done.signal()  // `stop` may wait again
            return nil
        case .failed(let error):
            ended = true
            done.wait()
            done.signal()
            throw error
        }
    }

    /// Stops the reading thread and waits for it: afterwards nothing touches the reader.
    func stop() {
        guard started else { return }
        started = false
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }

    private func read() {
        while true {
            var batch: [SourceRecord] = []
            batch.reserveCapacity(Self.batchSize)
            let last: Item?
            do {
                while batch.count < Self.batchSize, let record = try reader.next() { batch.append(record) }
                last = batch.count < Self.batchSize ? .end : nil
            } catch {
                last = .failed(error)
            }
            condition.lock()
            while ready.count >= Self.depth && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            if !batch.isEmpty { ready.append(.records(batch)) }
            if let last { ready.append(last) }
            condition.signal()
            condition.unlock()
            if last != nil { return }
        }
    }
}
