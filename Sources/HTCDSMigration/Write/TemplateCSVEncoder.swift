import HTCDS

/// Encodes cases in the official HTCDS Excel template's layout, so that rows
/// paste under the template's hidden field-name row: its columns in its order
/// under that row as published (the unnamed first column, the misspelt and
/// the unnamed column included), data placed by field name, then mapped
/// fields the template lacks; and each group of related records as rows of
/// its own led by the case id. CSV with CRLF, as Excel expects.
struct TemplateCSVEncoder {
    /// The header's field names and labels, and for each column the plan slot that fills it (nil: left empty).
    let names: [String]
    let labels: [String]
    private let columnSlots: [Int?]
    let related: RelatedGroups
    /// For each related group, the standard's fields its sets fill, in the standard's order.
    let relatedColumns: [[String]]

    init(plan: MappingPlan, standard: Standard, related: RelatedGroups) {
        let template = standard.excelTemplate
        let slots = Dictionary(uniqueKeysWithValues: plan.targetFields.enumerated().map { ($1.name, $0) })
        var names = template.names
        var labels = template.labels
        var columnFields: [String?] = zip(template.names, template.labels).map { name, label in
            if !name.isEmpty { return standard.field(named: name)?.name }
            // The unnamed column is known by its label ("Reason for Outgoing Referral").
            return label.isEmpty ? nil : standard.fields(labelled: label).first(where: { $0.entity == .case })?.name
        }
        for field in plan.targetFields where !columnFields.contains(field.name) {
            names.append(field.name)
            labels.append(field.label)
            columnFields.append(field.name)
        }
        self.names = names
        self.labels = labels
        columnSlots = columnFields.map { $0.flatMap { slots[$0] } }
        self.related = related
        relatedColumns = related.groups.map { group in
            var seen = Set<String>()
            return standard.fields.map(\.name).filter { name in
                group.sets.contains { $0.fields.contains { $0.name == name } } && seen.insert(name).inserted
            }
        }
    }

    /// The header: the field-name row, and the label row if asked.
    func header(withLabels: Bool) -> [UInt8] {
        var header: [UInt8] = [0xEF, 0xBB, 0xBF]
        CSVText.appendRow(names, to: &header)
        if withLabels { CSVText.appendRow(labels, to: &header) }
        return header
    }

    /// A related group's file's header.
    func relatedHeader(_ group: Int) -> [UInt8] {
        var header: [UInt8] = [0xEF, 0xBB, 0xBF]
        CSVText.appendRow(["caseId"] + relatedColumns[group] + ["source"], to: &header)
        return header
    }

    /// Whether the template's first column is unnamed, filled with the row's
    /// number as it is written (`encodeAfterNumber` leaves it out).
    var numbersRows: Bool { columnSlots.first == .some(nil) }

    /// A case's row but its number (`numbersRows`): its cells from the
    /// separator after the first on, when the first is the number.
    func encodeAfterNumber(_ record: CaseRecord, to row: inout [UInt8]) {
        for (index, slot) in columnSlots.enumerated() {
            if index == 0 && slot == nil { continue }
            if index > 0 { row.append(UInt8(ascii: ",")) }
            if let slot, let value = record.values[slot] { CSVText.appendField(CSVText.cell(value), to: &row) }
        }
        row.append(contentsOf: [0x0D, 0x0A])
    }

    /// A case's related records of group `group`, a row each.
    func encodeRelated(_ record: CaseRecord, group: Int, to rows: inout [UInt8]) {
        let columns = relatedColumns[group]
        for member in related.records(of: related.groups[group], in: record.related) {
            let fields = related.groups[group].sets[member.set].fields
            var cells = [record.caseID]
            for column in columns {
                let slot = fields.firstIndex { $0.name == column }
                cells.append(CSVText.cell(slot.flatMap { member.record.values[$0] }))
            }
            cells.append(member.record.location.description)
            CSVText.appendRow(cells, to: &rows)
        }
    }
}

/// Encodes a case where it is mapped (`EncodingAhead`): its row but its
/// number, which only the writer knows (rows are numbered as written), then
/// each related group's rows, each part led by its byte count (UInt32, the
/// machine's order: the bytes never leave the process).
struct TemplateCSVCaseEncoder: CaseEncoder {
    let encoder: TemplateCSVEncoder
    private var part: [UInt8] = []

    init(encoder: TemplateCSVEncoder) {
        self.encoder = encoder
    }

    mutating func encode(caseID: String, values: MappedValues, related records: [[RelatedRecord]],
                         location: SourceLocation, to bytes: inout ByteArena) -> SmallIntSet {
        let taken = values.take()
        encode(CaseRecord(caseID: caseID, location: location, values: taken, related: records), to: &bytes)
        return SmallIntSet(filledIn: taken)
    }

    mutating func encode(_ record: CaseRecord, to bytes: inout ByteArena) {
        part.removeAll(keepingCapacity: true)
        encoder.encodeAfterNumber(record, to: &part)
        appendPart(to: &bytes)
        for group in encoder.related.groups.indices {
            part.removeAll(keepingCapacity: true)
            encoder.encodeRelated(record, group: group, to: &part)
            appendPart(to: &bytes)
        }
    }

    private func appendPart(to bytes: inout ByteArena) {
        bytes.appendBytes(of: UInt32(part.count))
        bytes.append(part)
    }

    /// The parts of bytes `encode` made: the case's row, then each group's rows.
    static func parts(of bytes: UnsafeRawBufferPointer) -> [UnsafeBufferPointer<UInt8>] {
        var parts: [UnsafeBufferPointer<UInt8>] = []
        var offset = 0
        while offset + 4 <= bytes.count {
            let count = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            offset += 4
            precondition(offset + count <= bytes.count, "template CSV parts cut short")
            parts.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]).assumingMemoryBound(to: UInt8.self))
            offset += count
        }
        return parts
    }
}
