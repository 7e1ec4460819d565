import HTCDS

/// HTCDS JSON Lines: one case a line. Keys: `caseId` first, then the fields in
/// the standard's order (empty ones omitted), then `source` with the input path
/// as given and the record's line.
public final class JSONLinesWriter: RecordWriter, FieldRendering {
    /// The key the case id is written under (HTCDS has no case-id field).
    public static let caseIDKey = "caseId"
    /// The key of the record's source location.
    public static let sourceKey = "source"

    private let output: OutputFile
    /// The case's fields (`,"prs_Gender":` and the like, encoded once).
    private let fields: FieldRenderer
    /// Related sets by output key, in the mapping's order: (key, [(plan index, the set's fields)]).
    private let relatedGroups: [(key: String, sets: [(index: Int, fields: FieldRenderer)])]
    private var line: [UInt8] = []

    init(output: OutputFile, plan: MappingPlan, related: [RelatedPlan] = []) {
        self.output = output
        var groups: [(key: String, sets: [(index: Int, fields: FieldRenderer)])] = []
        for (index, set) in related.enumerated() where set.entity != .organisation {
            let entry = (index, FieldRenderer(fields: set.targetFields))
            if let position = groups.firstIndex(where: { $0.key == set.entity.outputKey }) {
                groups[position].sets.append(entry)
            } else {
                groups.append((set.entity.outputKey, [entry]))
            }
        }
        relatedGroups = groups
        fields = FieldRenderer(fields: plan.targetFields, wholeLines: groups.isEmpty)
    }

    public func write(_ record: CaseRecord) throws {
        if let whole = record.renderedLine {
            try output.write(whole)
            return
        }
        line.removeAll(keepingCapacity: true)
        Self.appendStart(record.caseID, to: &line)
        if let rendered = record.renderedFields {
            line.append(contentsOf: rendered)
        } else {
            fields.appendFields(record.values, to: &line)
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
                fields.appendFields(related.values, to: &line)
                // appendFields writes a comma before each field; the first one opens the object.
                if line.count > start { line.remove(at: start) }
                source.append(related.location, leadingComma: line.count > start, to: &line)
                line.append(UInt8(ascii: "}"))
            }
            line.append(UInt8(ascii: "]"))
        }
        Self.appendEnd(record.location, source: &source, to: &line)
        try output.write(line)
    }

    /// `{"caseId":"…"`: how every line starts.
    static func appendStart<Output: ByteOutput & ~Copyable>(_ caseID: String, to line: inout Output) {
        line.appendByte(UInt8(ascii: "{"))
        JSONText.appendKey(caseIDKey, to: &line)
        JSONText.appendString(caseID, to: &line)
    }

    /// `,"source":{…}}` and the line break: how every line ends.
    static func appendEnd<Output: ByteOutput & ~Copyable>(_ location: SourceLocation, source: inout SourceRendering,
                                                          to line: inout Output) {
        source.append(location, leadingComma: true, to: &line)
        line.appendUTF8("}\n")
    }

    /// Whole lines can be made where cases are mapped when nothing is added
    /// to them later (no related records).
    func fieldRenderer() -> FieldRenderer { fields.copied() }

    private var source = SourceRendering()

    /// A line number's digits, without making a String of it.
    static func appendDecimal<Output: ByteOutput & ~Copyable>(_ number: Int, to line: inout Output) {
        guard number > 0 else {
            line.appendUTF8(String(number))
            return
        }
        var digits = 1
        var power = 10
        while digits < 19 && number >= power {
            digits += 1
            power &*= 10
        }
        line.appendBytes(count: digits) { bytes in
            var rest = number
            for index in stride(from: digits - 1, through: 0, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
    }

    public func commit() throws { try output.commit() }
    public func discard() { output.discard() }
}

/// A record's `"source":{"file":…,"line":…}`, the file's part made once for
/// each file (every record of an input repeats it).
struct SourceRendering {
    private var file: FileName?
    private var fileBytes: [UInt8] = []
    /// `fileBytes` and the line's key, for the records that have a line (nearly all).
    private var fileAndLineKey: [UInt8] = []
    /// An XML record path's part of `"path":"/export/cases/case[12]"`, up
    /// to its `[`: made once for each record path.
    private var recordPath: FileName?
    private var recordPathStart: [UInt8] = []

    mutating func append<Output: ByteOutput & ~Copyable>(_ location: SourceLocation, leadingComma: Bool, to line: inout Output) {
        if leadingComma { line.appendByte(UInt8(ascii: ",")) }
        if file != location.fileName {
            fileBytes.removeAll()
            JSONText.appendKey(JSONLinesWriter.sourceKey, to: &fileBytes)
            fileBytes.append(UInt8(ascii: "{"))
            JSONText.appendKey("file", to: &fileBytes)
            JSONText.appendString(location.file, to: &fileBytes)
            fileAndLineKey = fileBytes + #","line":"#.utf8
            file = location.fileName
        }
        if let number = location.line {
            fileAndLineKey.withUnsafeBufferPointer { line.appendBytes($0) }
            JSONLinesWriter.appendDecimal(number, to: &line)
        } else {
            fileBytes.withUnsafeBufferPointer { line.appendBytes($0) }
        }
        if let path = location.recordPath, let number = location.record {
            if recordPath != path {
                recordPathStart = Array(#","path":"#.utf8)
                JSONText.appendString(path.path + "[", to: &recordPathStart)
                recordPathStart.removeLast()  // the closing quote: the number and "]" follow
                recordPath = path
            }
            recordPathStart.withUnsafeBufferPointer { line.appendBytes($0) }
            JSONLinesWriter.appendDecimal(number, to: &line)
            line.appendByte(UInt8(ascii: "]"))
            line.appendByte(UInt8(ascii: "\""))
        } else if let path = location.path {
            line.appendUTF8(#","path":"#)
            JSONText.appendString(path, to: &line)
        }
        if let key = location.key {
            line.appendUTF8(#","key":"#)
            JSONText.appendString(key, to: &line)
        }
        line.appendByte(UInt8(ascii: "}"))
    }
}
