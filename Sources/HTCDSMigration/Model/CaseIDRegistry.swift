/// Remembers the case ids seen so far, compactly: a 64-bit hash of each id and
/// the line it was first seen on (about 16 bytes an id, where a Set of Strings
/// takes over 100). Two different ids sharing a hash is a one-in-10^10 event at
/// a million cases; it would be reported as a duplicate, never lost silently.
struct CaseIDRegistry {
    private var firstLines: [UInt64: Int32] = [:]

    /// nil the first time an id is seen; afterwards the line it was first seen on.
    mutating func firstLine(ofDuplicate id: String, line: Int) -> Int? {
        let hash = Self.fnv1a(id)
        if let first = firstLines[hash] { return Int(first) }
        firstLines[hash] = Int32(clamping: line)
        return nil
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
