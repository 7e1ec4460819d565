/// Takes each case's records of the related sets read from another source
/// (`RelatedPlan.Origin.source`) out of their indexes as the case is read:
/// on the reading thread, in input order, so that a case's records belong
/// to the first case with its id (a later one repeating the id finds none),
/// and so that they can be mapped with the case on a mapping thread.
/// Organisations are not taken: they are looked up by key when a case is
/// settled. The indexes it takes from are touched by no other thread until
/// the reading is done (`RelatedRuntime.finish`). Hence unchecked.
final class RelatedLinker: @unchecked Sendable {
    private let casePlan: MappingPlan
    /// The indexes of the sets whose records are taken, by set number.
    private let indexes: [(set: Int, index: RelatedIndex)]
    private let setCount: Int

    init(casePlan: MappingPlan, plans: [RelatedPlan], indexes: [RelatedIndex?]) {
        self.casePlan = casePlan
        setCount = plans.count
        self.indexes = zip(plans, indexes).enumerated().compactMap { number, pair in
            guard case .source = pair.0.origin, pair.0.entity != .organisation, let index = pair.1 else { return nil }
            return (number, index)
        }
    }

    /// For each related set, the records linked to the case of `rows`
    /// (empty for the other sets, and for a blank case id, which matches
    /// nothing: blank links are rejected at the end); no list at all when
    /// no set is read from another source.
    func linked(to rows: [SourceRecord]) throws -> [[SourceRecord]] {
        guard !indexes.isEmpty else { return [] }
        let caseID = casePlan.caseID(of: rows[0])
        var linked = [[SourceRecord]](repeating: [], count: setCount)
        guard !caseID.isEmpty else { return linked }
        for (set, index) in indexes { linked[set] = try index.takeRecords(forKey: caseID) }
        return linked
    }
}
