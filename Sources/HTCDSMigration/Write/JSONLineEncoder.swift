import HTCDS

/// Builds HTCDS JSON Lines, one case a line: `caseId` first, then the fields
/// in the standard's order (empty ones omitted), then each related group
/// as an array of objects, then `source` (the input path as given and the
/// record's line, XPath or key). The one place a JSON line is made, whether
/// on a mapping thread (no related records) or where cases are settled.
///
/// One per thread: it keeps the encoded fields of remembered values
/// (`EncodedFragments`) and the last input's `source` prefix.
struct JSONLineEncoder: CaseEncoder, ~Copyable {
    /// The key the case id is written under (HTCDS has no case-id field).
    static let caseIDKey = "caseId"
    /// The key of the record's source location.
    static let sourceKey = "source"

    private let fieldKeys: JSONFieldKeys
    private let related: RelatedGroups
    private let relatedKeys: [[JSONFieldKeys]]
    private var fragments: EncodedFragments
    private var source = SourceRendering()

    init(fields: [Field], related: RelatedGroups) {
        fieldKeys = JSONFieldKeys(fields)
        self.related = related
        relatedKeys = related.groups.map { $0.sets.map { JSONFieldKeys($0.fields) } }
        fragments = EncodedFragments(slotCount: fields.count)
    }

    /// Appends a case's line (its values handed over: `CaseValues`); returns the slots it filled.
    @discardableResult
    mutating func encode<Values: CaseValues>(caseID: String, values: Values, related records: [[RelatedRecord]],
                                             location: SourceLocation, to line: inout ByteArena) -> SmallIntSet {
        line.appendByte(UInt8(ascii: "{"))
        JSONText.appendKey(Self.caseIDKey, to: &line)
        JSONText.appendString(caseID, to: &line)
        var filled = SmallIntSet()
        values.handOver { slot, entry, value in
            filled.insert(slot)
            guard entry > 0 else {
                if let value { fieldKeys.appendField(slot, value, to: &line) }
                return
            }
            if let fragment = fragments.fragment(slot: slot, entry: entry) {
                line.append(fragment)
                return
            }
            guard let remembered = values.rememberedValue(slot: slot, entry: entry) else { return }
            let start = line.count
            fieldKeys.appendField(slot, remembered, to: &line)
            fragments.keep(line.bytes(start, line.count), slot: slot, entry: entry)
        }
        if !related.isEmpty { appendRelated(records, to: &line) }
        source.append(location, leadingComma: true, to: &line)
        line.appendUTF8("}\n")
        return filled
    }

    /// `,"historicTraffickingEvents":[{…},…]` for each group with records.
    private mutating func appendRelated(_ records: [[RelatedRecord]], to line: inout ByteArena) {
        for (number, group) in related.groups.enumerated() {
            let members = related.records(of: group, in: records)
            guard !members.isEmpty else { continue }
            line.appendByte(UInt8(ascii: ","))
            JSONText.appendKey(group.entity.outputKey, to: &line)
            line.appendByte(UInt8(ascii: "["))
            for (position, member) in members.enumerated() {
                if position > 0 { line.appendByte(UInt8(ascii: ",")) }
                line.appendByte(UInt8(ascii: "{"))
                let wroteField = relatedKeys[number][member.set].appendMembers(member.record.values, to: &line)
                source.append(member.record.location, leadingComma: wroteField, to: &line)
                line.appendByte(UInt8(ascii: "}"))
            }
            line.appendByte(UInt8(ascii: "]"))
        }
    }

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
}

/// `,"name":` for each field, encoded once, one byte array for all of them
/// (an array of arrays would be retained field by field).
struct JSONFieldKeys: Sendable {
    private let keyBytes: [UInt8]
    private let keyEnds: [Int]

    init(_ fields: [Field]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for field in fields {
            bytes.append(UInt8(ascii: ","))
            JSONText.appendKey(field.name, to: &bytes)
            ends.append(bytes.count)
        }
        keyBytes = bytes
        keyEnds = ends
    }

    /// The slot's key (after a comma, unless `first`), then the value.
    func appendField<Output: ByteOutput & ~Copyable>(_ slot: Int, _ value: HTCDSValue, first: Bool = false,
                                                     to output: inout Output) {
        let start = (slot == 0 ? 0 : keyEnds[slot - 1]) + (first ? 1 : 0)
        keyBytes.withUnsafeBufferPointer { output.appendBytes(UnsafeBufferPointer(rebasing: $0[start..<keyEnds[slot]])) }
        JSONText.appendValue(value, to: &output)
    }

    /// The filled fields as an object's members (the first without a
    /// comma); false when none is filled.
    func appendMembers<Output: ByteOutput & ~Copyable>(_ values: [HTCDSValue?], to output: inout Output) -> Bool {
        var first = true
        for (slot, value) in values.enumerated() {
            guard let value else { continue }
            appendField(slot, value, first: first, to: &output)
            first = false
        }
        return !first
    }
}
