import Foundation
import Testing
@testable import HTCDSMigration

/// A related set's records are read on a thread of their own while the
/// caller fills the index: they must come in order and whole, what stopped
/// the reader after the records before it, and a caller that gives up early
/// must leave no thread touching the reader.
@Suite struct RecordsAheadTests {
    /// Numbered records, then the end or an error; counts the calls to `next`
    /// and the threads that made them.
    final class CountingReader: RecordReader, @unchecked Sendable {
        let columns = ["n"]
        let inputDescription = "test"
        let count: Int
        let failure: InputError?
        private(set) var calls = 0
        private(set) var threads = Set<pthread_t>()

        init(count: Int, failure: InputError? = nil) {
            self.count = count
            self.failure = failure
        }

        func next() throws -> SourceRecord? {
            calls += 1
            threads.insert(pthread_self())
            guard calls <= count else {
                if let failure { throw failure }
                return nil
            }
            return SourceRecord(location: SourceLocation(file: "events.csv", line: calls + 1), values: [.integer(Int64(calls))])
        }
    }

    func numbers(_ records: [SourceRecord]) -> [Int64] {
        records.map { if case .integer(let number) = $0.values[0] { number } else { -1 } }
    }

    @Test(arguments: [0, 1, 511, 512, 513, 5_000])
    func everyRecordComesInOrderThenTheEnd(count: Int) throws {
        let reader = CountingReader(count: count)
        let ahead = RecordsAhead(reader)
        ahead.start()
        var read: [SourceRecord] = []
        while let batch = try ahead.next() { read += batch }
        #expect(try ahead.next() == nil)
        ahead.stop()
        #expect(numbers(read) == (0..<count).map { Int64($0 + 1) })
        #expect(reader.calls == count + 1)
        // All on one thread, not the caller's.
        #expect(reader.threads.count == 1 && !reader.threads.contains(pthread_self()))
    }

    @Test func whatStoppedTheReaderComesAfterTheRecordsBeforeIt() {
        let reader = CountingReader(count: 1_200, failure: InputError(path: "events.csv", message: "cut short"))
        let ahead = RecordsAhead(reader)
        ahead.start()
        var read: [SourceRecord] = []
        #expect(throws: InputError(path: "events.csv", message: "cut short")) {
            while let batch = try ahead.next() { read += batch }
        }
        ahead.stop()
        #expect(read.count == 1_200)
    }

    @Test func stoppingEarlyLeavesNothingReading() {
        let reader = CountingReader(count: 1_000_000)
        let ahead = RecordsAhead(reader)
        ahead.start()
        _ = try? ahead.next()
        ahead.stop()
        let calls = reader.calls
        // The thread is gone: no more calls, and far fewer than the records.
        Thread.sleep(forTimeInterval: 0.05)
        #expect(reader.calls == calls)
        #expect(calls <= RecordsAhead.batchSize * (RecordsAhead.depth + 2))
    }
}
