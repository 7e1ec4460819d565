/// A value written as a date of three numbers ("12/09/1978", "2021-3-5",
/// "05.07.75"): its separator and the widths of its parts. A column's date
/// shapes together say which format to propose (`DateFormatGuess`).
struct DateShape: Hashable, Sendable {
    let separator: Character
    let widths: [Int]
    let parts: [Int]

    init?(_ text: String) {
        guard text.utf8.count <= 10, let separator = text.first(where: { "/-.".contains($0) }) else { return nil }
        let pieces = text.split(separator: separator, omittingEmptySubsequences: false)
        guard pieces.count == 3,
              pieces.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.utf8.allSatisfy(ValueShape.isDigit) }) else { return nil }
        let numbers = pieces.compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        let widths = pieces.map(\.count)
        // Year first (yyyy-MM-dd) or last (dd/MM/yyyy, MM/dd/yy); day and month take one or two digits.
        let yearFirst = widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2
        let yearLast = widths[0] <= 2 && widths[1] <= 2 && (widths[2] == 4 || widths[2] == 2)
        guard yearFirst || yearLast else { return nil }
        self.separator = separator
        self.widths = widths
        self.parts = numbers
    }

    var yearFirst: Bool { widths[0] == 4 }
}

/// The date format to propose for a column from the date-like values seen:
/// year first is ISO order; otherwise a first part above 12 means day first,
/// a second part above 12 month first, and if neither ever happens the
/// column is ambiguous and day first (the order most registers use) is
/// proposed with a warning.
public struct DateFormatGuess: Sendable {
    private(set) var count = 0
    private var separators: [Character: Int] = [:]
    private var yearFirst = 0
    private var twoDigitYears = 0
    private var maxFirst = 0
    private var maxSecond = 0
    private var singleDigitParts = false

    mutating func add(_ shape: DateShape) {
        count += 1
        separators[shape.separator, default: 0] += 1
        if shape.yearFirst {
            yearFirst += 1
        } else {
            maxFirst = max(maxFirst, shape.parts[0])
            maxSecond = max(maxSecond, shape.parts[1])
            if shape.widths[2] == 2 { twoDigitYears += 1 }
        }
        if shape.widths.contains(1) { singleDigitParts = true }
    }

    public struct Proposal: Equatable, Sendable {
        public let format: String
        /// Day and month could not be told apart from the values seen.
        public let ambiguous: Bool
    }

    var proposal: Proposal? {
        guard count > 0, let separator = separators.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else {
            return nil
        }
        let day = singleDigitParts ? "d" : "dd"
        let month = singleDigitParts ? "M" : "MM"
        let s = String(separator)
        if yearFirst * 2 > count { return Proposal(format: "yyyy\(s)\(month)\(s)\(day)", ambiguous: false) }
        let year = twoDigitYears * 2 > count ? "yy" : "yyyy"
        if maxSecond > 12 && maxFirst <= 12 { return Proposal(format: "\(month)\(s)\(day)\(s)\(year)", ambiguous: false) }
        return Proposal(format: "\(day)\(s)\(month)\(s)\(year)", ambiguous: maxFirst <= 12)
    }
}
