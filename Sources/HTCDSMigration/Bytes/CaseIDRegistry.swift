import Foundation

/// Remembers the case ids seen so far, compactly: a 64-bit hash of each, in
/// 7 bytes an id at most 7/8 full (a Set of Strings takes over 100 bytes).
/// The hashes live in 256 small open-addressing tables chosen by the hash's
/// top byte, so a table keeps only the other 56 bits of each hash: nothing
/// of the hash is lost, and 5 million cases take some 45 MB, not 61 as with
/// whole 8-byte hashes in tables at most 3/4 full.
/// Growing means copying one small table, never the whole index at once (a
/// single Set doubles into a second copy of itself, a third more memory at
/// the moment of growing). A table grows by a quarter, not twice over (a
/// slot is found by multiplying, not masking, so any size will do), so
/// tables stay 70% to 87.5% full.
/// This index is the one thing a run's memory grows with. Two different ids
/// sharing a 64-bit hash is a one-in-37-million event at a million cases
/// (n²/2 pairs, each 2⁻⁶⁴): it would be reported as a duplicate with its
/// location, never lost silently.
///
/// The tables are pages of their own, mapped from the system and given back
/// whole when a table grows: from the heap, each outgrown table stayed
/// behind as a hole the next, larger one did not fit (some 6 MB of a
/// million-record run's peak).
/// A class: it owns those pages, and one run has one index.
///
/// Invariants of a table's bytes: slot `i` is the 7 bytes at `7 * i`,
/// little-endian; the table's last 8 bytes or more lie past its last slot, so
/// that every slot is read and written as one unaligned 8-byte word (the
/// write keeps the eighth byte, which belongs to the next slot or to that
/// padding). A slot of 0 is empty.
final class CaseIDRegistry {
    // Changed by plain statements on the run's thread only: no run-time exclusivity check.
    @exclusivity(unchecked) private var segments = [UnsafeMutableRawBufferPointer](repeating: .init(start: nil, count: 0),
                                                                                   count: 256)
    @exclusivity(unchecked) private var counts = [Int](repeating: 0, count: 256)
    /// What `warm` read, summed (never used: it keeps the reads from being optimised away).
    private var warmed: UInt64 = 0

    init() {}

    deinit {
        for table in segments { Self.unmap(table) }
    }

    /// Whether the id was seen before; remembers it otherwise.
    func isDuplicate(_ id: String) -> Bool {
        isDuplicate(hash: Self.hash(id))
    }

    /// `isDuplicate` for an id hashed already (`hash(_:)`, on a mapping thread).
    func isDuplicate(hash: UInt64) -> Bool {
        !insert(hash)
    }

    /// Reads the slots these hashes will be looked up in, all at once, so
    /// that the lookups that follow in order find them in the cache: the
    /// index outgrows the cache, and one lookup at a time waited for memory
    /// each time (the reads here do not depend on each other, so the
    /// processor has many in flight). A hint: changes nothing.
    func warm(_ hashes: some Sequence<UInt64>) {
        var sink: UInt64 = 0
        for hash in hashes {
            let segment = Int(hash >> 56)
            let table = segments[segment]
            if table.count > 0 { sink &+= Self.load(Self.slot(of: Self.stored(hash), in: Self.slots(in: table)), in: table) }
        }
        warmed = sink  // kept, so that the reads are not optimised away
    }

    /// The hash the index keeps of an id.
    static func hash(_ id: String) -> UInt64 {
        mixed(fnv1a(id))
    }

    /// The number of bytes the index holds (its tests check the growth).
    var bytes: Int { segments.reduce(0) { $0 + $1.count } }

    private static let storedBits: UInt64 = 0x00FF_FFFF_FFFF_FFFF

    /// What a table keeps of a hash: its low 56 bits (the top byte chose the
    /// table), never 0, which marks an empty slot (a hash whose low 56 bits
    /// are all 0 is kept as 1, as if it had that hash).
    @inline(__always)
    private static func stored(_ hash: UInt64) -> UInt64 {
        let bits = hash & storedBits
        return bits == 0 ? 1 : bits
    }

    private func insert(_ hash: UInt64) -> Bool {
        let segment = Int(hash >> 56)
        if counts[segment] * 8 >= Self.slots(in: segments[segment]) * 7 { grow(segment) }
        let inserted = Self.place(Self.stored(hash), in: segments[segment])
        if inserted { counts[segment] += 1 }
        return inserted
    }

    private func grow(_ segment: Int) {
        let old = segments[segment]
        let oldSlots = Self.slots(in: old)
        let table = Self.map(slots: oldSlots + oldSlots / 4)
        for index in 0..<oldSlots {
            let key = Self.load(index, in: old)
            if key != 0 { _ = Self.place(key, in: table) }
        }
        segments[segment] = table
        Self.unmap(old)
    }

    /// The slots a table of these bytes holds (its padding left out).
    @inline(__always)
    private static func slots(in table: UnsafeMutableRawBufferPointer) -> Int {
        table.count == 0 ? 0 : (table.count - 8) / 7
    }

    @inline(__always)
    private static func load(_ slot: Int, in table: UnsafeMutableRawBufferPointer) -> UInt64 {
        UInt64(littleEndian: table.loadUnaligned(fromByteOffset: slot &* 7, as: UInt64.self)) & storedBits
    }

    @inline(__always)
    private static func store(_ key: UInt64, at slot: Int, in table: UnsafeMutableRawBufferPointer) {
        let word = UInt64(littleEndian: table.loadUnaligned(fromByteOffset: slot &* 7, as: UInt64.self))
        table.storeBytes(of: (word & ~storedBits | key).littleEndian, toByteOffset: slot &* 7, as: UInt64.self)
    }

    /// A zeroed table of at least `slots` (and at least a page), as many as
    /// its pages hold. Its pages are made at once where the system can
    /// (`SystemCalls.populateMapping`): touched one by one, each was first
    /// lent as the shared zero page on the read of a slot, then copied on
    /// the write, and the copy interrupted the other core to flush its
    /// address cache.
    private static func map(slots: Int) -> UnsafeMutableRawBufferPointer {
        let bytes = (max(slots * 7 + 8, pageSize) + pageSize - 1) / pageSize * pageSize
        guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | SystemCalls.populateMapping, -1, 0),
              memory != MAP_FAILED else {
            fatalError("out of memory for the case-id index (\(bytes) bytes)")
        }
        return UnsafeMutableRawBufferPointer(start: memory, count: bytes)
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    private static func unmap(_ table: UnsafeMutableRawBufferPointer) {
        guard let start = table.baseAddress else { return }
        munmap(start, table.count)
    }

    /// A key's first slot in a table of `count`: its low 32 bits scaled to
    /// the table (the top bits chose the table, so they are all alike in it).
    @inline(__always)
    private static func slot(of key: UInt64, in count: Int) -> Int {
        Int(truncatingIfNeeded: ((key & 0xFFFF_FFFF) &* UInt64(count)) >> 32)
    }

    /// Linear probing; false when the key is there already.
    private static func place(_ key: UInt64, in table: UnsafeMutableRawBufferPointer) -> Bool {
        let count = slots(in: table)
        var slot = slot(of: key, in: count)
        while true {
            let found = load(slot, in: table)
            if found == 0 {
                store(key, at: slot, in: table)
                return true
            }
            if found == key { return false }
            slot += 1
            if slot == count { slot = 0 }
        }
    }

    /// FNV-1a, 64-bit: stable across runs and machines, unlike Swift's Hasher.
    static func fnv1a(_ text: String) -> UInt64 {
        // Over the bytes in place where they are contiguous (nearly always),
        // not a String's UTF-8 view walked a byte at a time.
        text.utf8.withContiguousStorageIfAvailable(fnv1a) ?? fnv1a(text.utf8)
    }

    private static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// SplitMix64's finaliser: spreads FNV's bits over the top byte (the
    /// segment) and the bottom ones (the slot).
    static func mixed(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
