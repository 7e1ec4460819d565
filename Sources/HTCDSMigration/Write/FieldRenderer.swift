import HTCDS

/// How a writer renders a case's fields, given to each mapping thread as a
/// copy of its own: the fields' JSON is made where the case is mapped, off
/// the thread that writes in order. The keys are one byte array, not an
/// array of arrays, so that rendering retains nothing the threads share.
struct FieldRenderer: Sendable {
    /// `,"name":` for each slot, one after another.
    private let keyBytes: [UInt8]
    private let keyEnds: [Int]
    /// Whether the whole line is made with the fields (`JSONLinesWriter`).
    let wholeLines: Bool

    init(keys: [[UInt8]], wholeLines: Bool = false) {
        self.wholeLines = wholeLines
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for key in keys {
            bytes.append(contentsOf: key)
            ends.append(bytes.count)
        }
        keyBytes = bytes
        keyEnds = ends
    }

    /// A renderer of `fields` in their order: `,"name":` each, encoded once.
    init(fields: [Field], wholeLines: Bool = false) {
        self.init(keys: fields.map { field in
            var bytes: [UInt8] = [UInt8(ascii: ",")]
            JSONText.appendKey(field.name, to: &bytes)
            return bytes
        }, wholeLines: wholeLines)
    }

    /// The same renderer in storage of its own (for another thread).
    func copied() -> FieldRenderer {
        var keys: [[UInt8]] = []
        var start = 0
        for end in keyEnds {
            keys.append(Array(keyBytes[start..<end]))
            start = end
        }
        return FieldRenderer(keys: keys, wholeLines: wholeLines)
    }

    /// The slot's key, then the value.
    func appendField<Output: ByteOutput & ~Copyable>(_ slot: Int, _ value: HTCDSValue, to output: inout Output) {
        let start = slot == 0 ? 0 : keyEnds[slot - 1]
        keyBytes.withUnsafeBufferPointer { output.appendBytes(UnsafeBufferPointer(rebasing: $0[start..<keyEnds[slot]])) }
        JSONText.appendValue(value, to: &output)
    }

    /// The filled fields, each after its key (which starts with a comma).
    func appendFields(_ values: [HTCDSValue?], to output: inout [UInt8]) {
        for (slot, value) in values.enumerated() {
            if let value { appendField(slot, value, to: &output) }
        }
    }
}
