import Foundation
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
    /// Related sets, one extra CSV per entity beside the output, linked by case id.
    private let relatedFiles: [(file: OutputFile, group: RelatedGroups.Group, columns: [String])]
    private let related: RelatedGroups

    init(output: OutputFile, plan: MappingPlan, standard: Standard, includeLabelRow: Bool,
         related plans: [RelatedPlan] = []) throws {
        self.output = output
        related = RelatedGroups(plans)
        var files: [(file: OutputFile, group: RelatedGroups.Group, columns: [String])] = []
        if output.displayPath != "-" {
            for group in related.groups {
                var seen = Set<String>()
                let names = standard.fields.map(\.name).filter { name in
                    group.sets.contains { $0.fields.contains { $0.name == name } } && seen.insert(name).inserted
                }
                let file = try OutputFile(path: Self.relatedPath(output.displayPath, group.entity))
                var header: [UInt8] = [0xEF, 0xBB, 0xBF]
                CSVText.appendRow(["caseId"] + names + ["source"], to: &header)
                try file.write(header)
                files.append((file, group, names))
            }
        }
        relatedFiles = files
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
        for (file, group, columns) in relatedFiles {
            for member in related.records(of: group, in: record.related) {
                let fields = group.sets[member.set].fields
                var cells = [record.caseID]
                for column in columns {
                    let slot = fields.firstIndex { $0.name == column }
                    cells.append(CSVText.cell(slot.flatMap { member.record.values[$0] }))
                }
                cells.append(member.record.location.description)
                var line: [UInt8] = []
                CSVText.appendRow(cells, to: &line)
                try file.write(line)
            }
        }
    }

    /// `cases.csv` -> `cases.historicTraffickingEvents.csv`.
    static func relatedPath(_ path: String, _ entity: RelatedEntity) -> String {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent + "." + entity.outputKey + ".csv"
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : folder + "/" + name
    }

    public func commit() throws {
        try output.commit()
        for (file, _, _) in relatedFiles { try file.commit() }
    }

    public func discard() {
        output.discard()
        for (file, _, _) in relatedFiles { file.discard() }
    }
}
