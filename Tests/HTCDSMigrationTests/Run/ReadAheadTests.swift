import Foundation
import Testing
@testable import HTCDSMigration

/// The reading thread: batches in order, the reader's issues with the cases
/// they came with, a limit, an error after the cases before it, and a stop
/// that leaves no thread behind.
@Suite struct ReadAheadTests {
    /// A reader of `count` cases that reports an issue at every tenth and
    /// fails after `failAfter`, if given.
    final class Cases: @unchecked Sendable {
        let count: Int
        let failAfter: Int?
        let relay: RelayingIssueSink
        var read = 0

        init(count: Int, failAfter: Int? = nil, report: MigrationReport) {
            self.count = count
            self.failAfter = failAfter
            relay = RelayingIssueSink(report)
        }

        func next() throws -> ReadCase? {
            if let failAfter, read == failAfter { throw InputError(path: "in.csv", message: "broken", line: read + 2) }
            guard read < count else { return nil }
            read += 1
            if read % 10 == 0 { relay.report(Issue(.raggedRow, .warning, "case \(read)")) }
            return ReadCase(rows: [SourceRecord(location: SourceLocation(file: "in.csv", line: read + 1), values: [.text("C-\(read)")])],
                            linked: [])
        }
    }

    func drain(_ ahead: ReadAhead) -> (cases: [ReadAhead.Case], batches: [ReadAhead.Batch]) {
        var batches: [ReadAhead.Batch] = []
        while let batch = ahead.next() { batches.append(batch) }
        return (batches.flatMap(\.cases), batches)
    }

    @Test func casesComeInOrderWithTheirIssues() {
        let cases = Cases(count: 1000, report: MigrationReport())
        let ahead = ReadAhead(relay: cases.relay, limit: nil) { try cases.next() }
        ahead.start()
        let (read, batches) = drain(ahead)
        ahead.stop()
        #expect(read.map { $0.rows[0].location.line } == (0..<1000).map { $0 + 2 })
        #expect(batches.dropLast().allSatisfy { $0.cases.count == ReadAhead.batchSize })
        #expect(batches.last?.isLast == true)
        for (number, item) in read.enumerated() {
            #expect(item.issues.map(\.message) == ((number + 1) % 10 == 0 ? ["case \(number + 1)"] : []))
        }
    }

    @Test func aLimitStopsReading() {
        let cases = Cases(count: 1000, report: MigrationReport())
        let ahead = ReadAhead(relay: cases.relay, limit: 300) { try cases.next() }
        ahead.start()
        let (read, _) = drain(ahead)
        ahead.stop()
        #expect(read.count == 300)
        #expect(cases.read == 300)
    }

    @Test func anErrorComesAfterTheCasesBeforeIt() {
        let cases = Cases(count: 1000, failAfter: 600, report: MigrationReport())
        let ahead = ReadAhead(relay: cases.relay, limit: nil) { try cases.next() }
        ahead.start()
        let (read, batches) = drain(ahead)
        ahead.stop()
        #expect(read.count == 600)
        #expect((batches.last?.error as? InputError)?.line == 602)
    }

    /// Stopped while its queue is full, the reading thread ends and lets its batches go.
    @Test func stoppingEarlyEndsTheReadingThread() {
        let cases = Cases(count: 100_000, report: MigrationReport())
        let ahead = ReadAhead(relay: cases.relay, limit: nil) { try cases.next() }
        ahead.start()
        _ = ahead.next()
        ahead.stop()
        #expect(cases.read < 100_000)
        #expect(ahead.next() == nil)
    }
}
