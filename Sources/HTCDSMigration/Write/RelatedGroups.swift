import HTCDS

/// How every writer groups a case's related sets: one group per entity that
/// is written (organisations are not: they fill the case's lookups), in the
/// order the mapping first names each entity, each group with its sets.
struct RelatedGroups {
    struct Group {
        let entity: RelatedEntity
        /// The sets of this entity: their place among the run's related plans, and their fields.
        let sets: [(index: Int, fields: [Field])]
    }

    let groups: [Group]

    init(_ plans: [RelatedPlan]) {
        var groups: [Group] = []
        for (index, plan) in plans.enumerated() where plan.entity != .organisation {
            if let position = groups.firstIndex(where: { $0.entity == plan.entity }) {
                groups[position] = Group(entity: plan.entity, sets: groups[position].sets + [(index, plan.targetFields)])
            } else {
                groups.append(Group(entity: plan.entity, sets: [(index, plan.targetFields)]))
            }
        }
        self.groups = groups
    }

    var isEmpty: Bool { groups.isEmpty }

    /// A case's records of one group, set by set: each with its set's place in `group.sets`.
    func records(of group: Group, in related: [[RelatedRecord]]) -> [(set: Int, record: RelatedRecord)] {
        group.sets.enumerated().flatMap { position, set in
            related.indices.contains(set.index) ? related[set.index].map { (position, $0) } : []
        }
    }
}
