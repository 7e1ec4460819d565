/// HTCDS JSON Lines: one case a line. Keys: `caseId` first, then the fields in
/// the standard's order (empty ones omitted), then `source` with the input path
/// as given and the record's line.
/// Its one mutable part, the line buffer, is used only by `write` on the run's
/// thread; `renderFields` reads immutable keys only. Hence unchecked.
public final class JSONLinesWriter: RecordWriter, FieldRendering, @unchecked Sendable {
    /// The key the case id is written under (HTCDS has no case-id field).
    public static let caseIDKey = "caseId"
    /// The key of the record's source location.
    public static let sourceKey = "source"

    private let output: OutputFile
    private let keys: [String]
    /// `,"prs_Gender":` and the like, encoded once.
    private let encodedKeys: [[UInt8]]
    /// Related sets by output key, in the mapping's order: (key, [(plan index, field names)]).
    private let relatedGroups: [(key: String, sets: [(index: Int, fields: [String])])]
    private var line: [UInt8] = []

    init(output: OutputFile, plan: MappingPlan, related: [RelatedPlan] = []) {
        self.output = output
        keys = plan.targetFields.map(\.name)
        encodedKeys = keys.map { key in
            var bytes: [UInt8] = [UInt8(ascii: ",")]
            JSONText.appendKey(key, to: &bytes)
            return bytes
        }
        var groups: [(key: String, sets: [(index: Int, fields: [String])])] = []
        for (index, set) in related.enumerated() where set.entity != .organisation {
            let entry = (index, set.targetFields.map(\.name))
            if let position = groups.firstIndex(where: { $0.key == set.entity.outputKey }) {
                groups[position].sets.append(entry)
            } else {
                groups.append((set.entity.outputKey, [entry]))
            }
        }
        relatedGroups = groups
    }

    public func write(_ record: CaseRecord) throws {
        line.removeAll(keepingCapacity: true)
        line.append(UInt8(ascii: "{"))
        JSONText.appendKey(Self.caseIDKey, to: &line)
        JSONText.appendString(record.caseID, to: &line)
        if let rendered = record.renderedFields {
            line.append(contentsOf: rendered)
        } else {
            appendCaseFields(record.values, to: &line)
        }
        for (key, sets) in relatedGroups {
            let records = sets.flatMap { set in record.related.indices.contains(set.index)
                ? record.related[set.index].map { (set.fields, $0) } : [] }
            guard !records.isEmpty else { continue }
            line.append(UInt8(ascii: ","))
            JSONText.appendKey(key, to: &line)
            line.append(UInt8(ascii: "["))
            for (number, (fields, related)) in records.enumerated() {
                if number > 0 { line.append(UInt8(ascii: ",")) }
                line.append(UInt8(ascii: "{"))
                let start = line.count
                Self.appendFields(fields, related.values, to: &line)
                // appendFields writes a comma before each field; the first one opens the object.
                if line.count > start { line.remove(at: start) }
                appendSource(related.location, leadingComma: line.count > start)
                line.append(UInt8(ascii: "}"))
            }
            line.append(UInt8(ascii: "]"))
        }
        appendSource(record.location, leadingComma: true)
        line.append(contentsOf: "}\n".utf8)
        try output.write(line)
    }

    func renderFields(_ values: [HTCDSValue?]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        appendCaseFields(values, to: &bytes)
        return bytes
    }

    /// The case's fields with their keys encoded ahead.
    private func appendCaseFields(_ values: [HTCDSValue?], to line: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            guard let value else { continue }
            line.append(contentsOf: encodedKeys[index])
            JSONText.appendValue(value, to: &line)
        }
    }

    private static func appendFields(_ names: [String], _ values: [HTCDSValue?], to line: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            guard let value else { continue }
            line.append(UInt8(ascii: ","))
            JSONText.appendKey(names[index], to: &line)
            JSONText.appendValue(value, to: &line)
        }
    }

    private func appendSource(_ location: SourceLocation, leadingComma: Bool) {
        if leadingComma { line.append(UInt8(ascii: ",")) }
        JSONText.appendKey(Self.sourceKey, to: &line)
        line.append(UInt8(ascii: "{"))
        JSONText.appendKey("file", to: &line)
        JSONText.appendString(location.file, to: &line)
        if let number = location.line {
            line.append(UInt8(ascii: ","))
            JSONText.appendKey("line", to: &line)
            line.append(contentsOf: String(number).utf8)
        }
        for (key, value) in [("path", location.path), ("key", location.key)] {
            guard let value else { continue }
            line.append(UInt8(ascii: ","))
            JSONText.appendKey(key, to: &line)
            JSONText.appendString(value, to: &line)
        }
        line.append(UInt8(ascii: "}"))
    }

    public func commit() throws { try output.commit() }
    public func discard() { output.discard() }
}
