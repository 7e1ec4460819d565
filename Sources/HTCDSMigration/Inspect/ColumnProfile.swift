/// What one source column (or XML path) holds, gathered value by value in
/// bounded memory: distinct values are counted up to a cap, then only the
/// ones already seen.
public struct ColumnProfile: Sendable {
    /// Distinct values are counted exactly up to this many.
    static let distinctCap = 1000
    /// Columns with at most this many distinct values list them all.
    static let fewValues = 25
    static let patternCap = 200

    public internal(set) var name: String
    /// Records (or, for XML paths, occurrences) seen.
    public internal(set) var seen = 0
    public internal(set) var filled = 0
    /// Whether the column's name looks personal or a mapping marks it so.
    public internal(set) var personal: Bool
    /// XML: the path occurs several times in one record (a related set or a list).
    public internal(set) var repeatsInRecord = false
    /// Whether some values look like e-mail addresses or phone numbers.
    public internal(set) var personalValues = 0
    public internal(set) var kinds: [ValueKind: Int] = [:]
    /// A distinct value: how often it occurs and what it looks like.
    struct Seen {
        var count: Int
        let kind: ValueKind
        let pattern: String?
        let date: DateShape?
    }

    private(set) var valueCounts: [String: Seen] = [:]
    public private(set) var moreDistinctValues = false
    private(set) var patternCounts: [String: Int] = [:]
    private(set) var dates = DateFormatGuess()

    init(name: String, personal: Bool) {
        self.name = name
        self.personal = personal
    }

    mutating func add(_ value: SourceValue) {
        seen += 1
        let text: String?
        switch value {
        case .text(let cell): text = cell.isEmpty ? nil : cell
        case .integer, .real, .dateTime: text = value.text
        case .list(let items): text = items.isEmpty ? nil : items.joined(separator: "; ")
        case .spreadsheetError(let cell): text = cell
        case .blob(let size): text = "(\(size) bytes of binary data)"
        case .null: text = nil
        }
        guard let text, !Self.isBlank(text) else { return }
        filled += 1
        // A value seen before is counted from what was worked out for it then.
        if var known = valueCounts[text] {
            known.count += 1
            valueCounts[text] = known
            tally(known)
            return
        }
        let kind: ValueKind = switch value {
        case .integer: .integer
        case .real: .decimal
        case .dateTime: .date
        default: ValueShape.kind(of: text)
        }
        let entry = Seen(count: 1, kind: kind, pattern: ValueShape.pattern(of: text),
                         date: kind == .date ? DateShape(text) : nil)
        tally(entry)
        if valueCounts.count < Self.distinctCap {
            valueCounts[text] = entry
        } else {
            moreDistinctValues = true
        }
    }

    /// What one occurrence of a value adds to the column's tallies.
    private mutating func tally(_ entry: Seen) {
        kinds[entry.kind, default: 0] += 1
        if entry.kind == .email || entry.kind == .phone { personalValues += 1 }
        if let shape = entry.date { dates.add(shape) }
        if let pattern = entry.pattern, patternCounts[pattern] != nil || patternCounts.count < Self.patternCap {
            patternCounts[pattern, default: 0] += 1
        }
    }

    private static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, first > 0x20, first < 0x80 { return false }
        return text.allSatisfy(\.isWhitespace)
    }

    public var distinctCount: Int { valueCounts.count }

    /// Distinct values, most frequent first (ties in text order).
    public var values: [(value: String, count: Int)] {
        valueCounts.map { ($0.key, $0.value.count) }.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    }

    /// Whether the column has few enough distinct values to list them all.
    public var hasFewValues: Bool { !moreDistinctValues && valueCounts.count <= Self.fewValues }

    public var patterns: [(pattern: String, count: Int)] {
        patternCounts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { ($0.key, $0.value) }
    }

    public var dateProposal: DateFormatGuess.Proposal? { dates.proposal }
    public var dateCount: Int { dates.count }

    /// The kinds seen, most frequent first.
    public var kindCounts: [(kind: ValueKind, count: Int)] {
        kinds.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue) }
            .map { ($0.key, $0.value) }
    }

    /// A value as it may be shown: a personal-looking column shows none, other
    /// columns hide the values that look like e-mail addresses or phone numbers.
    public func shown(_ value: String, showValues: Bool) -> String? {
        if showValues { return value }
        if personal || PersonalLooking.value(value) { return nil }
        return value
    }
}
