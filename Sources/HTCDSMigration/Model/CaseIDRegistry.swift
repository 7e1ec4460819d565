/// Remembers the case ids seen so far, compactly: a 64-bit hash of each, in a
/// set (about 16 bytes an id, where a Set of Strings takes over 100, and a
/// table that also kept each id's first line took half as much again and
/// brought a million-case run to the edge of its memory budget). Two different
/// ids sharing a hash is a one-in-10^10 event at a million cases; it would be
/// reported as a duplicate with its location, never lost silently.
struct CaseIDRegistry {
    private var seen = Set<UInt64>()

    /// Whether the id was seen before; remembers it otherwise.
    mutating func isDuplicate(_ id: String) -> Bool {
        !seen.insert(Self.fnv1a(id)).inserted
    }

    /// FNV-1a, 64-bit: stable across runs and machines, unlike Swift's Hasher.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
