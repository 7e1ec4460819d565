import Foundation
import HTCDS

/// CSV in the official HTCDS Excel template's layout (`TemplateCSVEncoder`),
/// UTF-8 with a byte-order mark; related groups in one CSV per entity beside
/// the output, linked by case id. A case's rows are made where it is mapped
/// when the run allows it (`EncodingAhead`), and numbered as written here.
public final class TemplateCSVWriter: EncodingAhead {
    private let output: OutputFile
    private let encoder: TemplateCSVEncoder
    /// Encodes the cases settled here (not encoded ahead).
    private var settlingEncoder: TemplateCSVCaseEncoder
    private var encoded = ByteArena(capacity: 4096)
    /// A file for each related group (none when the output is standard output).
    private let relatedFiles: [OutputFile]
    private var rowNumber = 0
    private var row: [UInt8] = []

    init(output: OutputFile, plan: MappingPlan, standard: Standard, includeLabelRow: Bool,
         related plans: [RelatedPlan] = []) throws {
        self.output = output
        encoder = TemplateCSVEncoder(plan: plan, standard: standard, related: RelatedGroups(plans))
        settlingEncoder = TemplateCSVCaseEncoder(encoder: encoder)
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
        encoded.removeAll()
        settlingEncoder.encode(record, to: &encoded)
        try write(parts: UnsafeRawBufferPointer(encoded.bytes(0, encoded.count)))
    }

    /// An encoder of rows for one mapping thread.
    func caseEncoder() -> (any CaseEncoder & ~Copyable)? {
        TemplateCSVCaseEncoder(encoder: encoder)
    }

    /// Writes a case's rows made on a mapping thread.
    func write(encoded line: RenderedLine) throws { try write(parts: line.bytes) }

    /// Numbers the case's row and writes it, and its related rows to their files.
    private func write(parts bytes: UnsafeRawBufferPointer) throws {
        rowNumber += 1
        let parts = TemplateCSVCaseEncoder.parts(of: bytes)
        if encoder.numbersRows {
            row.removeAll(keepingCapacity: true)
            CSVText.appendField(String(rowNumber), to: &row)
            try output.write(row)
        }
        try output.write(parts[0])
        for (group, file) in relatedFiles.enumerated() where !parts[group + 1].isEmpty {
            try file.write(parts[group + 1])
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
