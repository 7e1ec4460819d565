import HTCDS

/// One thing mapping reported (`MappingSink`), kept to be reported again:
/// in record order after a parallel batch (`ReportDelta`), or each time a
/// remembered organisation is used (`RelatedRuntime`).
enum ReportEvent {
    case issue(Issue)
    case unmapped(String, Field, [String], SourceLocation, becameOther: Bool)
    case invalid(String?, Field, [String], ValueProblem, SourceLocation)

    /// Reports it to `report`.
    func replay(into report: MigrationReport) {
        switch self {
        case .issue(let issue): report.report(issue)
        case .unmapped(let value, let field, let columns, let location, let becameOther):
            report.unmappedValue(value, field: field, columns: columns, at: location, becameOther: becameOther)
        case .invalid(let value, let field, let columns, let problem, let location):
            report.invalidValue(value, field: field, columns: columns, problem: problem, at: location)
        }
    }
}

/// A sink that keeps what it is told, to be replayed as often as needed.
final class ReportRecording: MappingSink {
    private(set) var events: [ReportEvent] = []

    func report(_ issue: Issue) { events.append(.issue(issue)) }

    func unmappedValue(_ value: String, field: Field, columns: [String], at location: SourceLocation, becameOther: Bool) {
        events.append(.unmapped(value, field, columns, location, becameOther: becameOther))
    }

    func invalidValue(_ value: String?, field: Field, columns: [String], problem: ValueProblem, at location: SourceLocation) {
        events.append(.invalid(value, field, columns, problem, location))
    }

    func replay(into report: MigrationReport) {
        for event in events { event.replay(into: report) }
    }

    /// Replays the events `range` of those kept.
    func replay(_ range: Range<Int>, into report: MigrationReport) {
        for event in events[range] { event.replay(into: report) }
    }
}
