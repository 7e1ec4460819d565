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
    func appendField(_ slot: Int, _ value: HTCDSValue, to output: inout [UInt8]) {
        let start = slot == 0 ? 0 : keyEnds[slot - 1]
        keyBytes.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<keyEnds[slot]])) }
        JSONText.appendValue(value, to: &output)
    }
}
