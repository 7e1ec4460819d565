/// "Did you mean" answers: the known spellings nearest to what was typed.
public enum Suggestions {
    /// Up to `limit` candidates whose forgiving keys are within a small edit
    /// distance of `text`'s (or contain it), nearest first, ties in given order.
    public static func nearest(to text: String, among candidates: [String], limit: Int = 3) -> [String] {
        nearest(to: text, among: candidates.map { ($0, $0) }, limit: limit)
    }

    /// The same, comparing with each pair's `spelling` and answering its
    /// `suggestion` (a field matched by its label is suggested by its name).
    public static func nearest(
        to text: String, among candidates: [(spelling: String, suggestion: String)], limit: Int = 3
    ) -> [String] {
        let key = Array(LookupKey(text).text.unicodeScalars)
        guard !key.isEmpty else { return [] }
        let allowed = max(2, key.count / 3)
        var best: [String: (distance: Int, order: Int)] = [:]
        for (order, (spelling, suggestion)) in candidates.enumerated() {
            let other = Array(LookupKey(spelling).text.unicodeScalars)
            guard !other.isEmpty else { continue }
            var distance = editDistance(key, other)
            // A typed fragment of a long name ("Exploitation") is a good hint too.
            if distance > allowed, key.count >= 4, containsRun(other, key) {
                distance = allowed
            }
            guard distance <= allowed else { continue }
            if let known = best[suggestion], known.distance <= distance { continue }
            best[suggestion] = (distance, best[suggestion]?.order ?? order)
        }
        let ranked = best.sorted { ($0.value.distance, $0.value.order) < ($1.value.distance, $1.value.order) }
        return ranked.prefix(limit).map(\.key)
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, before[j - 2] + 1)
                }
                current[j] = best
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }

    private static func containsRun(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
