import HTCDS

/// CSV in the official HTCDS Excel template's layout, so that rows paste under
/// the template's hidden field-name row: its columns in its order under that
/// row as published (the unnamed first column, the misspelt and the unnamed
/// column included), data placed by field name, an optional label row, then
/// mapped fields the template lacks. UTF-8 with a byte-order mark and CRLF, as
/// Excel expects.
public final class TemplateCSVWriter: RecordWriter {
    private let output: OutputFile
    /// For each output column, the plan slot that fills it (nil: left empty).
    private let columnSlots: [Int?]
    private var rowNumber = 0
    private var row: [UInt8] = []

    public init(output: OutputFile, plan: MappingPlan, standard: Standard, includeLabelRow: Bool) throws {
        self.output = output
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
        columnSlots = columnFields.map { $0.flatMap { slots[$0] } }
        var header: [UInt8] = [0xEF, 0xBB, 0xBF]
        CSVText.appendRow(names, to: &header)
        if includeLabelRow { CSVText.appendRow(labels, to: &header) }
        try output.write(header)
    }

    public func write(_ record: CaseRecord) throws {
        rowNumber += 1
        row.removeAll(keepingCapacity: true)
        for (index, slot) in columnSlots.enumerated() {
            if index > 0 { row.append(UInt8(ascii: ",")) }
            // The template's first, unnamed column numbers its rows.
            let text = index == 0 && slot == nil ? String(rowNumber) : CSVText.cell(slot.flatMap { record.values[$0] })
            CSVText.appendField(text, to: &row)
        }
        row.append(contentsOf: [0x0D, 0x0A])
        try output.write(row)
    }

    public func commit() throws { try output.commit() }
    public func discard() { output.discard() }
}
