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

/// The date formats to propose for a column from the date-like values seen:
/// year first is ISO order; otherwise a first part above 12 means day first,
/// a second part above 12 month first, and if neither ever happens the
/// column is ambiguous and day first (the order most registers use) is
/// proposed with a warning. A column mixing both orders gets both formats,
/// the more frequent first.
public struct DateFormatGuess: Sendable {
    private struct Group: Sendable {
        var count = 0
        var separators: [Character: Int] = [:]
        var singleDigitParts = false
        var twoDigitYears = 0

        var separator: String {
            separators.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }.map { String($0.key) } ?? "-"
        }
    }

    private var yearFirst = Group()
    private var yearLast = Group()
    private var maxFirst = 0
    private var maxSecond = 0

    public var count: Int { yearFirst.count + yearLast.count }

    mutating func add(_ shape: DateShape) {
        if shape.yearFirst {
            yearFirst.count += 1
            yearFirst.separators[shape.separator, default: 0] += 1
            if shape.widths.contains(1) { yearFirst.singleDigitParts = true }
        } else {
            yearLast.count += 1
            yearLast.separators[shape.separator, default: 0] += 1
            if shape.widths[0] == 1 || shape.widths[1] == 1 { yearLast.singleDigitParts = true }
            if shape.widths[2] == 2 { yearLast.twoDigitYears += 1 }
            maxFirst = max(maxFirst, shape.parts[0])
            maxSecond = max(maxSecond, shape.parts[1])
        }
    }

    public struct Proposal: Equatable, Sendable {
        /// Formats to try in order, as `date:` takes them.
        public let formats: [String]
        /// Day and month could not be told apart from the values seen.
        public let ambiguous: Bool

        public var format: String { formats[0] }
    }

    public var proposal: Proposal? {
        guard count > 0 else { return nil }
        var formats: [(format: String, count: Int)] = []
        var ambiguous = false
        if yearLast.count > 0 {
            let day = yearLast.singleDigitParts ? "d" : "dd"
            let month = yearLast.singleDigitParts ? "M" : "MM"
            let year = yearLast.twoDigitYears * 2 > yearLast.count ? "yy" : "yyyy"
            let s = yearLast.separator
            if maxSecond > 12 && maxFirst <= 12 {
                formats.append(("\(month)\(s)\(day)\(s)\(year)", yearLast.count))
            } else {
                formats.append(("\(day)\(s)\(month)\(s)\(year)", yearLast.count))
                ambiguous = maxFirst <= 12
            }
        }
        if yearFirst.count > 0 {
            let s = yearFirst.separator
            let pattern = yearFirst.singleDigitParts ? "yyyy\(s)M\(s)d" : "yyyy\(s)MM\(s)dd"
            formats.append((pattern, yearFirst.count))
        }
        formats.sort { $0.count > $1.count }
        return Proposal(formats: formats.map(\.format), ambiguous: ambiguous)
    }
}
