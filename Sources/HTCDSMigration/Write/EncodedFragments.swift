/// Encoded fields of values a mapping memo keeps (`CaseValues`), by slot and
/// memo entry, so that a value seen before is copied rather than encoded
/// again: most cells of a register repeat (a sex, a country, a status).
/// One per encoding thread, as the memos are one per mapping thread.
///
/// Invariants: `tables` holds `slotCount` tables for the value's life; a
/// table's `spans` holds `capacity` words, each a kept fragment's
/// `start << 32 | end` in `bytes` or 0 for none (a fragment is never empty,
/// so a kept one is never 0). Entries number from 1 and stand for one value
/// for the memo's life, so a kept fragment is never stale.
struct EncodedFragments: ~Copyable {
    private struct Table {
        var spans: UnsafeMutablePointer<UInt64>?
        var capacity = 0
    }

    private let slotCount: Int
    private let tables: UnsafeMutablePointer<Table>
    private var bytes = ByteArena(capacity: 1024)

    init(slotCount: Int) {
        self.slotCount = slotCount
        tables = .allocate(capacity: max(1, slotCount))
        tables.initialize(repeating: Table(), count: max(1, slotCount))
    }

    deinit {
        for slot in 0..<max(1, slotCount) { tables[slot].spans?.deallocate() }
        tables.deallocate()
    }

    /// The fragment kept for a slot's memo entry, if any (valid until the next `keep`).
    @inline(__always)
    func fragment(slot: Int, entry: Int32) -> UnsafeBufferPointer<UInt8>? {
        let table = tables[slot]
        guard Int(entry) < table.capacity, let spans = table.spans, spans[Int(entry)] != 0 else { return nil }
        let span = spans[Int(entry)]
        return bytes.bytes(Int(span >> 32), Int(span & 0xFFFF_FFFF))
    }

    /// Keeps a slot's memo entry's fragment.
    mutating func keep(_ fragment: UnsafeBufferPointer<UInt8>, slot: Int, entry: Int32) {
        guard !fragment.isEmpty, bytes.count + fragment.count < Int(UInt32.max) else { return }
        let index = Int(entry)
        if index >= tables[slot].capacity { grow(slot, toHold: index) }
        let start = UInt64(bytes.count)
        bytes.append(fragment)
        tables[slot].spans![index] = start << 32 | UInt64(bytes.count)
    }

    private func grow(_ slot: Int, toHold index: Int) {
        var capacity = max(16, tables[slot].capacity)
        while capacity <= index { capacity *= 2 }
        let spans = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        spans.initialize(repeating: 0, count: capacity)
        if let old = tables[slot].spans {
            spans.update(from: old, count: tables[slot].capacity)
            old.deallocate()
        }
        tables[slot] = Table(spans: spans, capacity: capacity)
    }
}
