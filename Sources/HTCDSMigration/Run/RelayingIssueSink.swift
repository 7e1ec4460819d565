/// The issue sink a source reader reports to. It passes issues straight to
/// the run's report, until the reader moves to a thread of its own: then it
/// keeps them for that thread to hand over with the records they came with,
/// so that they reach the report in the order a sequential run gives.
/// Used by one thread at a time (the switch happens before the reading
/// thread starts), hence unchecked.
final class RelayingIssueSink: IssueSink, @unchecked Sendable {
    private let report: MigrationReport
    // Asked for every record: no run-time exclusivity check (plain statements only).
    @exclusivity(unchecked) private var buffering = false
    @exclusivity(unchecked) private var kept: [Issue] = []

    init(_ report: MigrationReport) {
        self.report = report
    }

    func report(_ issue: Issue) {
        if buffering { kept.append(issue) } else { report.report(issue) }
    }

    func startBuffering() { buffering = true }

    /// The issues kept since the last call.
    func drain() -> [Issue] {
        defer { kept.removeAll() }
        return kept
    }
}
