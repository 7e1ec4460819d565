/// A deterministic automaton over the digits 0-9: how a pattern of
/// libphonenumber that is matched against a whole number was compiled by
/// Scripts/numbering_plans.py. Running it is a table look-up a digit.
///
/// Layout: each state is eleven UInt16s, its targets on the digits 0 to 9
/// (`none` where the digit leads nowhere) and 1 when the state accepts.
/// State 0 is the start.
struct DigitAutomaton: Sendable {
    private static let none: UInt16 = 0xFFFF
    private static let stride = 11
    private let table: [UInt16]

    /// From the generator's encoding: little-endian UInt16s, the state count first.
    init?(encoded values: [UInt16]) {
        guard let count = values.first, count > 0, values.count == 1 + Int(count) * Self.stride else { return nil }
        let table = Array(values.dropFirst())
        for state in 0..<Int(count) {
            let row = table[(state * Self.stride)..<(state * Self.stride + 10)]
            guard row.allSatisfy({ $0 == Self.none || $0 < count }), table[state * Self.stride + 10] <= 1 else { return nil }
        }
        self.table = table
    }

    /// Whether the whole of `digits` (values 0 to 9) is in the pattern's language.
    func accepts(_ digits: some Collection<UInt8>) -> Bool {
        var state = 0
        for digit in digits {
            let next = table[state * Self.stride + Int(digit)]
            if next == Self.none { return false }
            state = Int(next)
        }
        return table[state * Self.stride + 10] == 1
    }
}
