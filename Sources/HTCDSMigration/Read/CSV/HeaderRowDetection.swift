/// Finds the header row of a register whose first rows are a title, notes or
/// blank rows (`header_row: auto`, the default): the first row that fills
/// more than half as many cells as the rows after it typically do (the most
/// common count among the next 30). A title fills one cell, a blank row none;
/// a real header fills about as many as the data, blank names and all.
enum HeaderRowDetection {
    /// Rows looked at as candidates, and rows after each whose counts are compared.
    static let candidates = 10
    static let following = 30

    /// The header's index among `filledCounts` (each row's non-empty cells, in
    /// order); 0 when nothing says otherwise.
    static func headerIndex(filledCounts counts: [Int]) -> Int {
        for index in 0..<min(candidates, counts.count) {
            let after = counts[(index + 1)...].prefix(following)
            guard !after.isEmpty else { return index }
            var frequency: [Int: Int] = [:]
            for count in after { frequency[count, default: 0] += 1 }
            // The most common count; on a tie, the larger.
            let typical = frequency.max { ($0.value, $0.key) < ($1.value, $1.key) }!.key
            if counts[index] * 2 > typical { return index }
        }
        return 0
    }
}
