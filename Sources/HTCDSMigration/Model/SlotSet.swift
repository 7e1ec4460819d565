/// The slots of a case that had a value, as bits: made for every case on a
/// mapping thread, so the first 128 slots (the standard has fewer fields)
/// take no allocation.
struct SlotSet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var more: [Int] = []

    mutating func insert(_ slot: Int) {
        switch slot {
        case 0..<64: low |= 1 << UInt64(slot)
        case 64..<128: high |= 1 << UInt64(slot - 64)
        default: more.append(slot)
        }
    }

    @inline(__always)
    func forEach(_ body: (Int) -> Void) {
        var bits = low
        while bits != 0 {
            body(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        bits = high
        while bits != 0 {
            body(64 + bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        more.forEach(body)
    }
}

extension SlotSet {
    /// The slots of `values` that hold something.
    init(filledIn values: [HTCDSValue?]) {
        self.init()
        for (slot, value) in values.enumerated() where value != nil { insert(slot) }
    }
}
