/// Encoded fields of values a mapping memo keeps (`CaseValues`), by slot and
/// memo entry, so that a value seen before is copied rather than encoded
/// again: most cells of a register repeat (a sex, a country, a status).
/// One per encoding thread, as the memos are one per mapping thread.
///
/// Invariant: each span kept lies within `bytes`, which only grows.
struct EncodedFragments: ~Copyable {
    /// Each slot's entries' fragments as `start << 32 | end` in `bytes` (a
    /// fragment is never empty, so a kept one is never 0).
    private var spans: EntryWords
    private var bytes = ByteArena(capacity: 1024)

    init(slotCount: Int) {
        spans = EntryWords(tables: slotCount)
    }

    /// The fragment kept for a slot's memo entry, if any (valid until the next `keep`).
    @inline(__always)
    func fragment(slot: Int, entry: Int32) -> UnsafeBufferPointer<UInt8>? {
        let span = spans.word(table: slot, entry: entry)
        guard span != 0 else { return nil }
        return bytes.bytes(Int(span >> 32), Int(span & 0xFFFF_FFFF))
    }

    /// Keeps a slot's memo entry's fragment.
    mutating func keep(_ fragment: UnsafeBufferPointer<UInt8>, slot: Int, entry: Int32) {
        guard !fragment.isEmpty, bytes.count + fragment.count < Int(UInt32.max) else { return }
        let start = UInt64(bytes.count)
        bytes.append(fragment)
        spans.keep(start << 32 | UInt64(bytes.count), table: slot, entry: entry)
    }
}
