/// Which of an .xlsx workbook's cell styles show a number as a date or a
/// time (`xl/styles.xml`): a cell holds a date as a number of days, and only
/// its style's number format says it is one.
struct CellStyles {
    enum Shown: Equatable {
        case number
        /// A date, or a date and time (the format names a day, month or year).
        case date
        /// A time of day only (hours, minutes or seconds, no day).
        case time
    }

    /// By style index (a cell's `s`); styles past the end show numbers.
    private(set) var shown: [Shown] = []

    func shown(style: Int) -> Shown {
        style >= 0 && style < shown.count ? shown[style] : .number
    }

    /// The built-in formats Excel does not write out: 14-22 and 45-47 are
    /// dates and times; 27-36 and 50-58 are East Asian dates.
    static func builtIn(_ id: Int) -> Shown {
        switch id {
        case 14...17, 22, 27...36, 50...58: .date
        case 18...21, 45...47: .time
        default: .number
        }
    }

    /// What a format code shows: its first section, without quoted text,
    /// escaped characters and bracketed parts (colours, locales, `[h]`
    /// elapsed hours, which are durations), names a day, month or year
    /// (a date) or only hours and seconds (a time). `m` alone is minutes
    /// next to hours or seconds, else a month.
    static func shown(code: String) -> Shown {
        var letters: Set<Character> = []
        var quoted = false, bracketed = false, escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            if quoted { if character == "\"" { quoted = false }; continue }
            if bracketed { if character == "]" { bracketed = false }; continue }
            switch character {
            case "\"": quoted = true
            case "[":
                bracketed = true
            case "\\", "_", "*": escaped = true
            case ";": return classify(letters)
            default: letters.insert(Character(character.lowercased()))
            }
        }
        return classify(letters)
    }

    private static func classify(_ letters: Set<Character>) -> Shown {
        if letters.contains("y") || letters.contains("d") { return .date }
        let clock = letters.contains("h") || letters.contains("s")
        if letters.contains("m") && !clock { return .date }
        return clock ? .time : .number
    }

    /// Reads the styles from `member` of the workbook.
    static func read(_ member: String, of path: String, displayPath: String) throws -> CellStyles {
        var codes: [Int: String] = [:]
        var styles = CellStyles()
        var inCellFormats = false
        try WorkbookPart.read(member, of: path, displayPath: displayPath, started: { name, attributes in
            if name == "numFmt", let id = attributes.integer("numFmtId"), let code = attributes.text("formatCode") {
                codes[id] = code
            } else if name == "cellXfs" {
                inCellFormats = true
            } else if name == "xf", inCellFormats {
                let id = attributes.integer("numFmtId") ?? 0
                styles.shown.append(codes[id].map(Self.shown(code:)) ?? Self.builtIn(id))
            }
        }, ended: { name in
            if name == "cellXfs" { inCellFormats = false }
        })
        return styles
    }
}
