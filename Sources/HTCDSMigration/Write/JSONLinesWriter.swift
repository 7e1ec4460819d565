import HTCDS

/// HTCDS JSON Lines (`JSONLineEncoder` makes each line): cases encoded
/// where they are settled, or lines encoded ahead on the mapping threads.
public final class JSONLinesWriter: EncodingAhead {
    /// The key the case id is written under (HTCDS has no case-id field).
    public static let caseIDKey = JSONLineEncoder.caseIDKey

    private let output: OutputFile
    private let fields: [Field]
    private let related: RelatedGroups
    private var encoder: JSONLineEncoder
    private var line = ByteArena(capacity: 1024)

    init(output: OutputFile, plan: MappingPlan, related: [RelatedPlan] = []) {
        self.output = output
        fields = plan.targetFields
        self.related = RelatedGroups(related)
        encoder = JSONLineEncoder(fields: fields, related: self.related)
    }

    public func write(_ record: CaseRecord) throws {
        line.removeAll()
        encoder.encode(caseID: record.caseID, values: record.values, related: record.related, location: record.location,
                       to: &line)
        try output.write(line.bytes(0, line.count))
    }

    /// An encoder for one mapping thread (the run decides whether lines are
    /// made ahead: `Pipeline.encodesAhead`).
    func caseEncoder() -> (any CaseEncoder & ~Copyable)? {
        JSONLineEncoder(fields: fields, related: related)
    }

    /// Writes a line encoded ahead (`caseEncoder`).
    func write(encoded line: RenderedLine) throws { try output.write(line) }

    public func commit() throws { try output.commit() }
    public func discard() { output.discard() }
}
