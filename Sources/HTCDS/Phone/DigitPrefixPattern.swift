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
    /// Read byte by byte: the plans hold thousands of tokens, read at start-up.
    init?(encoded text: String) {
        var paths: [[Token]] = [[]]
        var groupCount = 0
        var bytes = Array(text.utf8)[...]
        func number(radix: Int) -> Int? {
            var value = 0
            var digits = 0
            while let byte = bytes.first, let digit = Self.digitValue(byte, radix: radix) {
                value = value * radix + digit
                digits += 1
                bytes.removeFirst()
            }
            return digits > 0 ? value : nil
        }
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "|"): paths.append([])
            case UInt8(ascii: " "): continue
            case UInt8(ascii: "c"):
                guard let mask = number(radix: 16), mask < 1024 else { return nil }
                paths[paths.count - 1].append(.digit(mask: UInt16(mask)))
            case UInt8(ascii: "("):
                guard let group = number(radix: 10), group > 0 else { return nil }
                paths[paths.count - 1].append(.open(group: group))
                groupCount = max(groupCount, group)
            case UInt8(ascii: ")"):
                guard let group = number(radix: 10), group > 0 else { return nil }
                paths[paths.count - 1].append(.close(group: group))
            case UInt8(ascii: "$"):
                paths[paths.count - 1].append(.end)
            default:
                return nil
            }
        }
        self.paths = paths
        self.groupCount = groupCount
    }

    private static func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return Int(byte - UInt8(ascii: "a")) + 10
        default: return nil
        }
    }

    /// The first path that fits the start of `digits` (values 0 to 9), as `re.match` finds it.
    func firstMatch(_ digits: PhoneDigits) -> Match? {
        paths: for path in paths {
            var position = digits.startIndex
            for token in path {
                switch token {
                case .digit(let mask):
                    guard position < digits.endIndex, mask >> UInt16(digits[position]) & 1 == 1 else { continue paths }
                    position += 1
                case .end:
                    guard position == digits.endIndex else { continue paths }
                case .open, .close:
                    continue
                }
            }
            return Match(length: position - digits.startIndex, groups: Self.groups(of: path))
        }
        return nil
    }

    /// Where a matched path's groups begin and end, counted in digits from the number's start.
    private static func groups(of path: [Token]) -> [Int: Range<Int>] {
        var groups: [Int: Range<Int>] = [:]
        var opened: [Int: Int] = [:]
        var position = 0
        for token in path {
            switch token {
            case .digit: position += 1
            case .open(let group): opened[group] = position
            case .close(let group): if let start = opened[group] { groups[group] = start..<position }
            case .end: break
            }
        }
        return groups
    }
}
