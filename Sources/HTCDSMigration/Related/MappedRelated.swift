/// A case's related records mapped on a mapping thread with the case (those
/// in its rows, and those linked to it from another source as it was read),
/// for settling to account for in input order:
/// what mapping each record reported is kept, not reported, because a case
/// rejected when settled (a repeated id, an invalid value) takes its related
/// records with it unmapped, as if they had never been mapped.
struct MappedRelated {
    struct Entry {
        let source: SourceRecord
        let values: [HTCDSValue?]
        let reasons: [RejectionReason]
        /// What mapping this record reported: these of `reported`'s events.
        let reportedEvents: Range<Int>
    }

    /// For each related set, its records in order (organisations: none).
    let sets: [[Entry]]
    /// What mapping the records reported, one record after another.
    let reported: ReportRecording

    /// Maps the case's records of each set with a worker's copies of the plans.
    init(plans: [RelatedPlan], read: ReadCase) {
        let reported = ReportRecording()
        sets = plans.enumerated().map { number, plan in
            plan.records(rows: read.rows, linked: read.linked(toSet: number)).map { source in
                let start = reported.events.count
                let (values, reasons) = plan.apply(source, report: reported)
                return Entry(source: source, values: values, reasons: reasons, reportedEvents: start..<reported.events.count)
            }
        }
        self.reported = reported
    }

    /// The records linked under `policy`, one list per set: what the case's
    /// line holds when it is encoded ahead.
    func linked(plans: [RelatedPlan], policy: InvalidValuePolicy) -> [[RelatedRecord]] {
        zip(plans, sets).map { plan, entries in
            entries.compactMap { entry in
                guard case .linked = plan.verdict(values: entry.values, reasons: entry.reasons, policy: policy) else { return nil }
                return RelatedRecord(values: entry.values, location: entry.source.location)
            }
        }
    }
}
