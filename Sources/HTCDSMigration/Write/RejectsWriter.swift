/// The records a run rejected, as CSV: their original cells under the input's
/// column names, then where they came from and why they were rejected.
public final class RejectsWriter {
    private let output: OutputFile
    private var row: [UInt8] = []

    public init(output: OutputFile, columns: [String]) throws {
        self.output = output
        var header: [UInt8] = []
        CSVText.appendRow(columns + ["_source", "_reasons"], to: &header)
        try output.write(header)
    }

    func write(_ record: SourceRecord, reasons: [String]) throws {
        row.removeAll(keepingCapacity: true)
        let cells = record.values.map { value -> String in
            switch value {
            case .spreadsheetError(let token): token
            case .blob(let bytes): "(BLOB of \(bytes) bytes)"
            default: value.text ?? ""
            }
        }
        CSVText.appendRow(cells + [record.location.description, reasons.joined(separator: "; ")], to: &row)
        try output.write(row)
    }

    public func commit() throws { try output.commit() }
    public func discard() { output.discard() }
}
