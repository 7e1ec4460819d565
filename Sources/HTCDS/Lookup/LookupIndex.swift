import Foundation

/// A dictionary from forgiving keys (`LookupKey`) to values, where each key is
/// added with a tier: a lower tier wins over a higher one (a code over a name,
/// an English name over a translation), and two different values in the same
/// tier make the key ambiguous instead of letting the first one win silently.
struct LookupIndex<Value: Hashable & Sendable>: Sendable {
    private struct Entry: Sendable {
        var tier: Int
        var first: Value
        /// The values after the first, when the key is ambiguous: most keys
        /// have one value, and an array for each was ten thousand
        /// allocations a start for the country table alone.
        var others: [Value] = []

        var values: [Value] { [first] + others }
    }

    private var entries: [ByteKey: Entry] = [:]
    /// Keys made ahead, by text: making a key decomposes a name that is not
    /// ASCII, which for the country table's four thousand names in eight
    /// scripts was most of the tool's start-up.
    private let knownKeys: [ByteKey: String]

    /// `capacity`: how many texts will be added, at most (growing the table
    /// step by step rehashed the country table's keys nine times).
    init(knownKeys: [ByteKey: String] = [:], capacity: Int = 0) {
        self.knownKeys = knownKeys
        entries.reserveCapacity(capacity)
    }

    mutating func add(_ text: String, _ value: Value, tier: Int) {
        let key = ByteKey(knownKeys[ByteKey(text)] ?? LookupKey(text).text)
        guard !key.text.isEmpty else { return }
        guard var entry = entries[key], entry.tier <= tier else {
            entries[key] = Entry(tier: tier, first: value)
            return
        }
        if entry.tier == tier, entry.first != value, !entry.others.contains(value) {
            entry.others.append(value)
            entries[key] = entry
        }
    }

    func find(_ text: some StringProtocol) -> LookupResult<Value> {
        guard let entry = entries[ByteKey(LookupKey(text).text)] else { return .notFound(suggestions: []) }
        return entry.others.isEmpty ? .found(entry.first) : .ambiguous(entry.values)
    }
}

/// A text as a dictionary key by its UTF-8 bytes. `String`'s own hashing and
/// equality go by canonical equivalence, normalising every text that is not
/// ASCII first: for the thousands of names in Arabic, Chinese, Russian ...
/// that the country table is built from each start, that was a third of
/// building it. Lookup keys are decomposed by `LookupKey` the same way
/// whatever the input's form, so their bytes are what compares.
struct ByteKey: Hashable, Sendable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (left: ByteKey, right: ByteKey) -> Bool {
        var left = left.text
        var right = right.text
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                leftBytes.count == rightBytes.count
                    && (leftBytes.isEmpty || memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, leftBytes.count) == 0)
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
