/// A set of small non-negative integers as bits: the slots a case filled,
/// the picklist values it holds (`PicklistNumbering`). Made for every case
/// on a mapping thread, so the first 256 members (the standard has 83
/// fields and 182 picklist values) take no allocation.
struct SmallIntSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var more: [Int] = []

    /// How many members the inline words hold.
    static let inlineCapacity = 256

    @inline(__always)
    mutating func insert(_ member: Int) {
        guard member >= 0 && member < Self.inlineCapacity else {
            if !more.contains(member) { more.append(member) }
            return
        }
        withUnsafeMutableBytes(of: &words) { words in
            words.storeBytes(of: words.load(fromByteOffset: (member >> 6) << 3, as: UInt64.self) | 1 << UInt64(member & 63),
                             toByteOffset: (member >> 6) << 3, as: UInt64.self)
        }
    }

    /// `base + n` for each bit n set in `bits` (a picklist's values as bits, `PicklistNumbering`).
    mutating func insert(bits: UInt64, from base: Int) {
        var rest = bits
        while rest != 0 {
            insert(base + rest.trailingZeroBitCount)
            rest &= rest - 1
        }
    }

    /// `64 * word + n` for each bit n set in `bits`, for a word of the inline ones (`word < 4`) at once.
    @inline(__always)
    mutating func insert(bits: UInt64, inWord word: Int) {
        precondition(word >= 0 && word < Self.inlineCapacity / 64)
        withUnsafeMutableBytes(of: &words) { words in
            words.storeBytes(of: words.load(fromByteOffset: word << 3, as: UInt64.self) | bits,
                             toByteOffset: word << 3, as: UInt64.self)
        }
    }

    func contains(_ member: Int) -> Bool {
        guard member >= 0 && member < Self.inlineCapacity else { return more.contains(member) }
        return withUnsafeBytes(of: words) { $0.load(fromByteOffset: (member >> 6) << 3, as: UInt64.self) } >> UInt64(member & 63) & 1 == 1
    }

    var isEmpty: Bool { words == (0, 0, 0, 0) && more.isEmpty }

    /// Each member, smallest first among the first 256.
    @inline(__always)
    func forEach(_ body: (Int) -> Void) {
        Self.forEachBit(words.0, from: 0, body)
        Self.forEachBit(words.1, from: 64, body)
        Self.forEachBit(words.2, from: 128, body)
        Self.forEachBit(words.3, from: 192, body)
        more.forEach(body)
    }

    @inline(__always)
    private static func forEachBit(_ word: UInt64, from base: Int, _ body: (Int) -> Void) {
        var bits = word
        while bits != 0 {
            body(base + bits.trailingZeroBitCount)
            bits &= bits - 1
        }
    }
}

extension SmallIntSet {
    /// The slots of `values` that hold something.
    init(filledIn values: [HTCDSValue?]) {
        self.init()
        for (slot, value) in values.enumerated() where value != nil { insert(slot) }
    }
}
