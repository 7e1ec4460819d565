import HTCDS

/// What mapping some records reported, kept per record so that it can be
/// replayed into the run's report in record order: a parallel run's report
/// is then the same, byte for byte, as a sequential run's.
final class ReportDelta: MappingSink {

    /// The record (its index in the batch) events are reported for now.
    /// (Set and read for every record, by one thread at a time and only by
    /// plain statements: the run-time exclusivity check would be pure cost.)
    @exclusivity(unchecked) var record = 0
    @exclusivity(unchecked) private var events: [(record: Int, event: ReportEvent)] = []
    @exclusivity(unchecked) private var replayed = 0

    func report(_ issue: Issue) { events.append((record, .issue(issue))) }

    func unmappedValue(_ value: String, field: Field, columns: [String], at location: SourceLocation, becameOther: Bool) {
        events.append((record, .unmapped(value, field, columns, location, becameOther: becameOther)))
    }

    func invalidValue(_ value: String?, field: Field, columns: [String], problem: ValueProblem, at location: SourceLocation) {
        events.append((record, .invalid(value, field, columns, problem, location)))
    }

    /// Replays the events of one record (records are replayed in increasing order).
    func replay(record: Int, into report: MigrationReport) {
        while replayed < events.count, events[replayed].record == record {
            events[replayed].event.replay(into: report)
            replayed += 1
        }
    }
}
