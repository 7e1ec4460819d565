/// A case as read: its rows, and for each related set the records from
/// another source linked to it (`RelatedLinker`; empty when there are none).
struct ReadCase {
    var rows: [SourceRecord]
    var linked: [[SourceRecord]]

    /// The records linked to it of related set `number` (none when no set was linked).
    func linked(toSet number: Int) -> [SourceRecord] {
        number < linked.count ? linked[number] : []
    }
}

/// Reads a run's input case by case: one record, or for a long register
/// (a related set `from: rows`) every consecutive row with the same case id,
/// with the related records linked to it. Used by one thread at a time: the
/// run's, or the reading thread once it has started.
final class CaseRows: @unchecked Sendable {
    private let reader: RecordReader
    private let plan: MappingPlan
    private let groupsRows: Bool
    private let linker: RelatedLinker?
    /// The row after a long register's case, read while looking for its end.
    /// (Changed by plain statements on one thread: no run-time exclusivity check.)
    @exclusivity(unchecked) private var pending: SourceRecord?

    init(_ reader: RecordReader, plan: MappingPlan, groupsRows: Bool, linker: RelatedLinker? = nil) {
        self.reader = reader
        self.plan = plan
        self.groupsRows = groupsRows
        self.linker = linker
    }

    /// The next case; nil at the end of the input.
    func next() throws -> ReadCase? {
        guard let rows = try nextRows() else { return nil }
        return ReadCase(rows: rows, linked: try linker?.linked(to: rows) ?? [])
    }

    /// The next case's rows.
    private func nextRows() throws -> [SourceRecord]? {
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
}
