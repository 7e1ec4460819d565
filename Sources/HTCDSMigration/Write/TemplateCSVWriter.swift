import Foundation
import HTCDS

/// CSV in the official HTCDS Excel template's layout (`TemplateCSVEncoder`),
/// UTF-8 with a byte-order mark; related groups in one CSV per entity beside
/// the output, linked by case id.
public final class TemplateCSVWriter: RecordWriter {
    private let output: OutputFile
    private let encoder: TemplateCSVEncoder
    /// A file for each related group (none when the output is standard output).
    private let relatedFiles: [OutputFile]
    private var rowNumber = 0
    private var row: [UInt8] = []

    init(output: OutputFile, plan: MappingPlan, standard: Standard, includeLabelRow: Bool,
         related plans: [RelatedPlan] = []) throws {
        self.output = output
        encoder = TemplateCSVEncoder(plan: plan, standard: standard, related: RelatedGroups(plans))
        var files: [OutputFile] = []
        if output.displayPath != "-" {
            for (number, group) in encoder.related.groups.enumerated() {
                let file = try OutputFile(path: Self.relatedPath(output.displayPath, group.entity))
                try file.write(encoder.relatedHeader(number))
                files.append(file)
            }
        }
        relatedFiles = files
        try output.write(encoder.header(withLabels: includeLabelRow))
    }

    public func write(_ record: CaseRecord) throws {
        rowNumber += 1
        row.removeAll(keepingCapacity: true)
        encoder.encode(record, rowNumber: rowNumber, to: &row)
        try output.write(row)
        for (group, file) in relatedFiles.enumerated() {
            row.removeAll(keepingCapacity: true)
            encoder.encodeRelated(record, group: group, to: &row)
            if !row.isEmpty { try file.write(row) }
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
        for file in relatedFiles { try file.commit() }
    }

    public func discard() {
        output.discard()
        for file in relatedFiles { file.discard() }
    }
}
