/// A pattern of libphonenumber that is matched at the start of a number (an
/// international or national prefix), as the list of its paths in the order
/// Python's backtracking matcher tries them (Scripts/numbering_plans.py checks
/// that order against `re.match`). The first path that fits the number wins,
/// with the digits its capture groups took.
struct DigitPrefixPattern: Sendable {
    enum Token: Sendable, Equatable {
        /// One digit of a class: bit n set for digit n.
        case digit(mask: UInt16)
        case open(group: Int)
        case close(group: Int)
        /// The number ends here (`$`).
        case end
    }

    struct Match {
        /// Digits the prefix took.
        let length: Int
        /// What each capture group took, by group number (1 first).
        let groups: [Int: Range<Int>]
    }

    let paths: [[Token]]
    /// The pattern's number of capture groups.
    let groupCount: Int

    /// From the generator's text: paths between '|', tokens between ' ' (`c3ff`, `(1`, `)1`, `$`).
    init?(encoded text: String) {
        var paths: [[Token]] = []
        for path in text.split(separator: "|", omittingEmptySubsequences: false) {
            var tokens: [Token] = []
            for token in path.split(separator: " ") {
                let rest = token.dropFirst()
                switch token.first {
                case "c":
                    guard let mask = UInt16(rest, radix: 16), mask < 1024 else { return nil }
                    tokens.append(.digit(mask: mask))
                case "(":
                    guard let group = Int(rest), group > 0 else { return nil }
                    tokens.append(.open(group: group))
                case ")":
                    guard let group = Int(rest), group > 0 else { return nil }
                    tokens.append(.close(group: group))
                case "$" where rest.isEmpty:
                    tokens.append(.end)
                default:
                    return nil
                }
            }
            paths.append(tokens)
        }
        self.paths = paths
        groupCount = paths.joined().reduce(0) { count, token in
            if case .open(let group) = token { return max(count, group) }
            return count
        }
    }

    /// The first path that fits the start of `digits` (values 0 to 9), as `re.match` finds it.
    func firstMatch(_ digits: ArraySlice<UInt8>) -> Match? {
        paths: for path in paths {
            var position = digits.startIndex
            var opened: [Int: Int] = [:]
            var groups: [Int: Range<Int>] = [:]
            for token in path {
                switch token {
                case .digit(let mask):
                    guard position < digits.endIndex, mask >> UInt16(digits[position]) & 1 == 1 else { continue paths }
                    position += 1
                case .open(let group):
                    opened[group] = position - digits.startIndex
                case .close(let group):
                    guard let start = opened[group] else { continue paths }
                    groups[group] = start..<(position - digits.startIndex)
                case .end:
                    guard position == digits.endIndex else { continue paths }
                }
            }
            return Match(length: position - digits.startIndex, groups: groups)
        }
        return nil
    }
}
