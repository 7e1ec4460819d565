/// What a rule's flag cells said (`FieldRule.flagStates`: empty, yes, no, or
/// undecided), remembered by their spelling: flag columns hold a handful of
/// spellings (`yes`, `Y`, `no`, none at all), and deciding one compares it
/// with every empty token and yes/no word. One per rule and mapping thread,
/// in the thread's scratch.
/// Cells of up to seven bytes are remembered, in a small direct-mapped table.
struct FlagStateCache: ~Copyable {
    static let undecided: UInt8 = 3
    private static let slotCount = 64

    /// Each slot's cell (its bytes and length packed, see `key`), and its state + 1 (0: free).
    private let keys: UnsafeMutablePointer<UInt64>
    private let states: UnsafeMutablePointer<UInt8>

    init() {
        keys = .allocate(capacity: Self.slotCount)
        keys.initialize(repeating: 0, count: Self.slotCount)
        states = .allocate(capacity: Self.slotCount)
        states.initialize(repeating: 0, count: Self.slotCount)
    }

    deinit {
        keys.deallocate()
        states.deallocate()
    }

    /// A cell of up to seven bytes as one number (bytes, then the length in
    /// the top byte); nil for a longer cell, which is never remembered.
    @inline(__always)
    static func key(_ cell: ByteView) -> UInt64? {
        guard cell.count <= 7 else { return nil }
        var key = UInt64(cell.count) << 56
        for index in 0..<cell.count { key |= UInt64(cell[index]) << UInt64(8 * index) }
        return key
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 58) }

    /// The state remembered for a cell's key, if any.
    @inline(__always)
    func state(of key: UInt64) -> UInt8? {
        let slot = Self.slot(key)
        return states[slot] != 0 && keys[slot] == key ? states[slot] - 1 : nil
    }

    /// Remembers a cell's state (a later spelling in the same slot replaces it).
    mutating func remember(_ state: UInt8, of key: UInt64) {
        let slot = Self.slot(key)
        keys[slot] = key
        states[slot] = state + 1
    }
}
