/// A dictionary from forgiving keys (`LookupKey`) to values, where each key is
/// added with a tier: a lower tier wins over a higher one (a code over a name,
/// an English name over a translation), and two different values in the same
/// tier make the key ambiguous instead of letting the first one win silently.
struct LookupIndex<Value: Hashable & Sendable>: Sendable {
    private struct Entry: Sendable {
        var tier: Int
        var values: [Value]
    }

    private var entries: [String: Entry] = [:]
    /// Keys made ahead, by text: making a key decomposes a name that is not
    /// ASCII, which for the country table's four thousand names in eight
    /// scripts was most of the tool's start-up.
    private let knownKeys: [String: String]

    init(knownKeys: [String: String] = [:]) {
        self.knownKeys = knownKeys
    }

    mutating func add(_ text: String, _ value: Value, tier: Int) {
        let key = knownKeys[text] ?? LookupKey(text).text
        guard !key.isEmpty else { return }
        guard var entry = entries[key], entry.tier <= tier else {
            entries[key] = Entry(tier: tier, values: [value])
            return
        }
        if entry.tier == tier, !entry.values.contains(value) {
            entry.values.append(value)
            entries[key] = entry
        }
    }

    func find(_ text: some StringProtocol) -> LookupResult<Value> {
        guard let entry = entries[LookupKey(text).text] else { return .notFound(suggestions: []) }
        return entry.values.count == 1 ? .found(entry.values[0]) : .ambiguous(entry.values)
    }
}
