import HTCDS

/// What happens to each mapped case, in input order, on one thread: ragged
/// rows, repeated case ids, organisation keys, the invalid-value policy,
/// related records, then the writer, the rejects and the report. The
/// report counts each thing here, once, as it is decided.
final class CaseSettlement {
    private let plan: MappingPlan
    private let report: MigrationReport
    private let writer: RecordWriter
    /// The writer, when it takes lines encoded ahead (asked once: a cast per case looks the conformance up each time).
    private let encodingWriter: EncodingAhead?
    private let rejects: RejectsWriter?
    private let related: RelatedRuntime
    private let onInvalid: InvalidValuePolicy
    private let rejectsRagged: Bool
    /// A long register: the rows of a case must be together.
    private let groupsRows: Bool
    private let progress: ((Int) -> Void)?
    private let caseIDs = CaseIDRegistry()

    init(plan: MappingPlan, report: MigrationReport, writer: RecordWriter, rejects: RejectsWriter?,
         related: RelatedRuntime, onInvalid: InvalidValuePolicy, rejectsRagged: Bool, groupsRows: Bool,
         progress: ((Int) -> Void)?) {
        self.plan = plan
        self.report = report
        self.writer = writer
        encodingWriter = writer as? EncodingAhead
        self.rejects = rejects
        self.related = related
        self.onInvalid = onInvalid
        self.rejectsRagged = rejectsRagged
        self.groupsRows = groupsRows
        self.progress = progress
    }

    /// Counts a case read; false when it is rejected before mapping (a
    /// ragged row, under `source.ragged_rows: reject`).
    func admit(_ read: ReadCase) throws -> Bool {
        let rows = read.rows
        report.countRead(rows[0])
        if let progress, report.read % 10_000 == 0 { progress(report.read) }
        if let cells = rows[0].raggedCellCount, rejectsRagged {
            try reject(read, [RejectionReason(.raggedRow(cells: cells, header: plan.columns.count))])
            return false
        }
        return true
    }

    /// Reads ahead the id index's places for cases about to be settled (a hint).
    func prepare(forIDHashes hashes: some Sequence<UInt64>) { caseIDs.warm(hashes) }

    /// Settles a mapped case: rejected, or completed and written. `line`:
    /// the case's line, when it was encoded ahead (its values are not kept).
    func settle(_ read: ReadCase, _ item: consuming MappedItem, line: RenderedLine?) throws {
        switch consume item {
        case .rejected(let reason):
            try reject(read, [reason])
        case .mapped(let mapped, let values, let filled, let picks, let mappedRelated):
            if caseIDs.isDuplicate(hash: mapped.caseIDHash) {
                try reject(read, [RejectionReason(.caseIDDuplicate(caseID: mapped.caseID, rowsGrouped: groupsRows))])
                return
            }
            if let values {
                try complete(mapped, values: values, picks: picks, read: read, mappedRelated: mappedRelated)
                return
            }
            // Encoded ahead: nothing here changes its values (no organisation keys); its related
            // records, mapped with it, are accounted for as the line says.
            guard let line, let writer = encodingWriter else {
                preconditionFailure("a case encoded ahead has no line, or its writer takes none")
            }
            guard try passes(mapped.invalid, read: read) else { return }
            let linked = try mappedRelated.map { try related.records(of: read, mapped: $0) }
            try writer.write(encoded: line)
            if let linked { related.countLinked(linked) }
            report.countWritten(filling: filled, holding: picks)
        }
    }

    /// Completes a case (organisation keys, related records) and writes it.
    /// `picks`: the picklist values it holds (organisation keys are no picklists).
    private func complete(_ mapped: MappedCase, values: [HTCDSValue?], picks: SmallIntSet, read: ReadCase,
                          mappedRelated: MappedRelated?) throws {
        var values = values
        var invalid = mapped.invalid
        try lookUpOrganisations(&values, invalid: &invalid, at: read.rows[0].location)
        guard try passes(invalid, read: read) else { return }
        let record = CaseRecord(caseID: mapped.caseID, location: mapped.location, values: values,
                                related: try related.records(of: read, mapped: mappedRelated))
        try writer.write(record)
        related.countLinked(record.related)
        report.countWritten(filling: SmallIntSet(filledIn: record.values), holding: picks)
    }

    /// Puts each organisation's record in place of its key; a key that
    /// matches none leaves the field empty, and says so.
    private func lookUpOrganisations(_ values: inout [HTCDSValue?], invalid: inout [RejectionReason],
                                     at location: SourceLocation) throws {
        for (slot, set) in plan.organisationLookups {
            guard case .reference(let keys) = values[slot], case .text(let key)? = keys.first?.value else { continue }
            if let organisation = try related.organisation(set: set, key: key) {
                values[slot] = organisation
                continue
            }
            values[slot] = nil
            let name = related.plans[set].name
            invalid.append(RejectionReason(.organisationKeyUnmatched(field: plan.targetFields[slot].name, key: key, set: name)))
            report.invalidValue(key, field: plan.targetFields[slot], columns: [],
                                problem: ValueProblem(.organisationUnmatched(set: name)), at: location)
        }
    }

    /// The invalid-value policy: true when the case is written.
    private func passes(_ invalid: [RejectionReason], read: ReadCase) throws -> Bool {
        guard !invalid.isEmpty else { return true }
        report.recordsWithInvalidValues += 1
        switch onInvalid {
        case .keep:
            return true
        case .reject:
            try reject(read, invalid)
            return false
        case .fail:
            throw DataConditionError(message: "invalid value: \(invalid[0].message) (--on-invalid fail)",
                                     location: read.rows[0].location)
        }
    }

    /// Rejects a case's rows, and its related records with them.
    private func reject(_ read: ReadCase, _ reasons: [RejectionReason]) throws {
        report.countRejected(read.rows[0], reasons: reasons)
        for row in read.rows { try rejects?.write(row, reasons: reasons.map(\.message)) }
        try related.rejectRecords(of: plan.caseID(of: read.rows[0]), read: read)
    }
}
