/// HTCDS JSON Lines: one case a line. Keys: `caseId` first, then the fields in
/// the standard's order (empty ones omitted), then `source` with the input path
/// as given and the record's line.
public final class JSONLinesWriter: RecordWriter {
    /// The key the case id is written under (HTCDS has no case-id field).
    public static let caseIDKey = "caseId"
    /// The key of the record's source location.
    public static let sourceKey = "source"

    private let output: OutputFile
    private let keys: [String]
    private var line: [UInt8] = []

    public init(output: OutputFile, plan: MappingPlan) {
        self.output = output
        keys = plan.targetFields.map(\.name)
    }

    public func write(_ record: CaseRecord) throws {
        line.removeAll(keepingCapacity: true)
        line.append(UInt8(ascii: "{"))
        JSONText.appendKey(Self.caseIDKey, to: &line)
        JSONText.appendString(record.caseID, to: &line)
        for (index, value) in record.values.enumerated() {
            guard let value else { continue }
            line.append(UInt8(ascii: ","))
            JSONText.appendKey(keys[index], to: &line)
            JSONText.appendValue(value, to: &line)
        }
        line.append(UInt8(ascii: ","))
        JSONText.appendKey(Self.sourceKey, to: &line)
        line.append(UInt8(ascii: "{"))
        JSONText.appendKey("file", to: &line)
        JSONText.appendString(record.location.file, to: &line)
        if let number = record.location.line {
            line.append(UInt8(ascii: ","))
            JSONText.appendKey("line", to: &line)
            line.append(contentsOf: String(number).utf8)
        }
        for (key, value) in [("path", record.location.path), ("key", record.location.key)] {
            guard let value else { continue }
            line.append(UInt8(ascii: ","))
            JSONText.appendKey(key, to: &line)
            JSONText.appendString(value, to: &line)
        }
        line.append(contentsOf: "}}\n".utf8)
        try output.write(line)
    }

    public func commit() throws { try output.commit() }
    public func discard() { output.discard() }
}
