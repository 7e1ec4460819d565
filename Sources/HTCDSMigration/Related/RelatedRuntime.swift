/// The related sets of one run as it goes: their on-disk indexes, the records
/// of each case, organisation lookups, and the accounting of every related
/// record read (linked, or rejected with a reason).
/// Not thread-safe: it serves one run.
final class RelatedRuntime {
    let plans: [RelatedPlan]
    private let indexes: [RelatedIndex?]
    private let report: MigrationReport
    private let onInvalid: InvalidValuePolicy
    private let rejects: [RejectsWriter?]
    /// Organisations mapped, by set and key: the lookup's value and what
    /// mapping the organisation reported, said again for each case that
    /// names it (as mapping it again would). Up to `organisationsKept` a set.
    private var organisations: [[String: (value: HTCDSValue?, reported: ReportRecording)]]
    static let organisationsKept = 10_000

    init(plans: [RelatedPlan], indexes: [RelatedIndex?], report: MigrationReport, onInvalid: InvalidValuePolicy,
         rejects: [RejectsWriter?]) {
        self.plans = plans
        self.indexes = indexes
        self.report = report
        self.onInvalid = onInvalid
        self.rejects = rejects
        organisations = plans.map { _ in [:] }
    }

    /// The related records of a case, one list per plan (organisations: empty).
    /// `read`: the case's rows (for long registers, all of them) and the
    /// records linked to it. `mapped`: its related records mapped on a mapping
    /// thread, whose reports are replayed here, record by record, as if they
    /// were mapped here.
    func records(of read: ReadCase, mapped: MappedRelated? = nil) throws -> [[RelatedRecord]] {
        var result: [[RelatedRecord]] = []
        for (number, plan) in plans.enumerated() {
            var records: [RelatedRecord] = []
            if let mapped {
                let entries = mapped.sets[number]
                countRead(number, entries.count)
                for entry in entries {
                    mapped.reported.replay(entry.reportedEvents, into: report)
                    if let record = try settle(number, entry.source, values: entry.values, reasons: entry.reasons) {
                        records.append(record)
                    }
                }
            } else {
                for source in sources(number, read) {
                    let (values, reasons) = plan.apply(source, report: report)
                    if let record = try settle(number, source, values: values, reasons: reasons) { records.append(record) }
                }
            }
            result.append(records)
        }
        return result
    }

    /// A related record mapped: linked (returned), or rejected and said, or the run stopped.
    private func settle(_ number: Int, _ source: SourceRecord, values: [HTCDSValue?],
                        reasons: [RejectionReason]) throws -> RelatedRecord? {
        switch plans[number].verdict(values: values, reasons: reasons, policy: onInvalid) {
        case .linked:
            return RelatedRecord(values: values, location: source.location)
        case .rejected(let reasons):
            try reject(number, source, reasons)
            return nil
        case .stopsRun(let reason):
            throw DataConditionError(message: "invalid value: \(reason.message) (--on-invalid fail)", location: source.location)
        }
    }

    /// A rejected case takes its related records with it, each said and sent to the rejects.
    func rejectRecords(of caseID: String, read: ReadCase) throws {
        for number in plans.indices {
            for source in sources(number, read) {
                try reject(number, source, [RejectionReason(.relatedCaseRejected(caseID: caseID))])
            }
        }
    }

    /// The source records of one related set for one case, counted as read
    /// when they are in its rows (those from another source were counted
    /// when their index was loaded).
    private func sources(_ number: Int, _ read: ReadCase) -> [SourceRecord] {
        let sources = plans[number].records(rows: read.rows, linked: read.linked(toSet: number))
        countRead(number, sources.count)
        return sources
    }

    private func countRead(_ number: Int, _ count: Int) {
        if case .source = plans[number].origin { return }
        report.countRelatedRead(plans[number].name, count)
    }

    /// Counts a written case's related records as linked.
    func countLinked(_ related: [[RelatedRecord]]) {
        for (number, records) in related.enumerated() where !records.isEmpty {
            report.countRelatedLinked(plans[number].name, records.count)
        }
    }

    /// The organisation whose key a lookup holds, as the lookup's nested
    /// object: looked up and mapped once, then remembered with what mapping
    /// it reported (every case naming it used to look it up and map it again).
    func organisation(set: Int, key: String) throws -> HTCDSValue? {
        if let known = organisations[set][key] {
            known.reported.replay(into: report)
            return known.value
        }
        guard let index = indexes[set], let source = try index.records(forKey: key).first else { return nil }
        let reported = ReportRecording()
        let (values, _) = plans[set].apply(source, report: reported)
        let keys = zip(plans[set].targetFields, values).compactMap { field, value in
            value.map { HTCDSValue.ReferenceKey(key: field.name, value: $0) }
        }
        let value: HTCDSValue? = keys.isEmpty ? nil : .reference(keys)
        reported.replay(into: report)
        if organisations[set].count < Self.organisationsKept { organisations[set][key] = (value, reported) }
        return value
    }

    /// At the end: related records that no written case took are rejected and said.
    func finish() throws {
        for (number, index) in indexes.enumerated() {
            guard let index else { continue }
            let plan = plans[number]
            let unmatched = try index.forEachUnmatched { key, record in
                let reason = if key.isEmpty {
                    RejectionReason(.relatedLinkBlank(column: plan.columns[plan.linkColumn ?? 0]))
                } else if plan.entity == .organisation {
                    RejectionReason(.organisationUnused(key: key))
                } else {
                    RejectionReason(.relatedLinkUnmatched(caseID: key))
                }
                try reject(number, record, [reason])
            }
            // An organisation is linked once some case refers to it, however many do.
            if plan.entity == .organisation { report.countRelatedLinked(plan.name, index.count - unmatched) }
        }
        for writer in rejects { try writer?.commit() }
    }

    func discard() {
        for writer in rejects { writer?.discard() }
    }

    private func reject(_ number: Int, _ record: SourceRecord, _ reasons: [RejectionReason]) throws {
        report.countRelatedRejected(plans[number].name, 1)
        report.report(Issue(.relatedRecordRejected, .error,
                            "\(plans[number].name): " + reasons.map(\.message).joined(separator: "; "),
                            at: record.location, reasons: RejectionReason.codes(reasons)))
        try rejects[number]?.write(record, reasons: reasons.map(\.message))
    }
}
