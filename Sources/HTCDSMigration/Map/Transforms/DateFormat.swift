import HTCDS

/// A date format written with the usual pattern letters (`dd/MM/yyyy`,
/// `d MMM yyyy`, `yyyy-MM-dd HH:mm`; text in quotes is literal, as in
/// Unicode's patterns: `d 'de' MMMM 'de' yyyy`), parsed by our own strict parser:
/// `dd` is exactly two digits, `d` one or two, a day must exist in its month,
/// the whole text must match, and two-digit years need an explicit pivot.
/// Month names (`MMM`, `MMMM`) are CLDR's in the format's language (`locale:`),
/// full or abbreviated, as in a date or standing alone, any letter case:
/// tables loaded once, not a DateFormatter a value.
/// (Foundation's DateFormatter reads "1/3/90" as the year 90 and costs ~60 µs.)
struct DateFormat: Sendable {
    enum Token: Sendable, Equatable {
        case day(exactly2: Bool)
        case month(exactly2: Bool)
        /// A month's name in the table's language (nil: the bundled names failed to load).
        case monthName(MonthNameTable?)
        case year4
        case year2
        case hour(exactly2: Bool)
        case minute
        case second
        case literal(UInt8)
    }

    let pattern: String
    let tokens: [Token]
    /// Two-digit years `yy` are read into the hundred years starting here (1950: 50..99 -> 1950s, 00..49 -> 2000s).
    let centuryPivot: Int?

    enum FormatError: Error, Hashable, Sendable {
        case unknownLetter(Character)
        case needsPivot
        case incomplete
        case quoteNotClosed
    }

    init(_ pattern: String, centuryPivot: Int?, language: String = DateLanguage.english) throws(FormatError) {
        self.pattern = pattern
        self.centuryPivot = centuryPivot
        var tokens: [Token] = []
        let characters = Array(pattern)
        var index = 0
        var has = (day: false, month: false, year: false)
        func literal(_ character: Character) {
            for byte in String(character).utf8 { tokens.append(.literal(byte)) }
        }
        while index < characters.count {
            let letter = characters[index]
            // Text in quotes is literal ('de'); two quotes are one.
            if letter == "'" {
                if index + 1 < characters.count && characters[index + 1] == "'" {
                    literal("'")
                    index += 2
                    continue
                }
                index += 1
                while index < characters.count {
                    if characters[index] == "'" {
                        if index + 1 < characters.count && characters[index + 1] == "'" {
                            literal("'")
                            index += 2
                            continue
                        }
                        break
                    }
                    literal(characters[index])
                    index += 1
                }
                guard index < characters.count else { throw .quoteNotClosed }
                index += 1
                continue
            }
            var run = 1
            while index + run < characters.count && characters[index + run] == letter { run += 1 }
            switch (letter, run) {
            case ("d", 1), ("d", 2): tokens.append(.day(exactly2: run == 2)); has.day = true
            case ("M", 1), ("M", 2): tokens.append(.month(exactly2: run == 2)); has.month = true
            case ("M", 3), ("M", 4): tokens.append(.monthName(MonthNameTable.named(language))); has.month = true
            case ("y", 4): tokens.append(.year4); has.year = true
            case ("y", 2):
                guard centuryPivot != nil else { throw .needsPivot }
                tokens.append(.year2); has.year = true
            case ("H", 1), ("H", 2): tokens.append(.hour(exactly2: run == 2))
            case ("m", 2): tokens.append(.minute)
            case ("s", 2): tokens.append(.second)
            default:
                // Only ASCII letters are pattern letters; any other character is literal (年, 月, 日).
                if letter.isASCII && letter.isLetter { throw .unknownLetter(letter) }
                for _ in 0..<run { literal(letter) }
            }
            index += run
        }
        guard has.day && has.month && has.year else { throw .incomplete }
        self.tokens = tokens
    }

    /// The same format reading month names in `language`.
    func inLanguage(_ language: String) -> DateFormat {
        let readsNames = tokens.contains { if case .monthName(let table) = $0 { table?.language != language } else { false } }
        guard readsNames, let format = try? DateFormat(pattern, centuryPivot: centuryPivot, language: language) else { return self }
        return format
    }

    func parse(_ text: String) -> CalendarDate? {
        ByteView.with(text) { parse(bytes: $0) }
    }

    /// `parse` on UTF-8 bytes (a cell read as bytes).
    func parse(bytes: ByteView) -> CalendarDate? {
        var utf8 = bytes[...]
        var day = 0, month = 0, year = 0
        for (position, token) in tokens.enumerated() {
            switch token {
            case .day(let exactly2):
                guard let value = Self.digits(&utf8, min: exactly2 ? 2 : 1, max: 2) else { return nil }
                day = value
            case .month(let exactly2):
                guard let value = Self.digits(&utf8, min: exactly2 ? 2 : 1, max: 2) else { return nil }
                month = value
            case .monthName(let table):
                let dotFollows = position + 1 < tokens.count && tokens[position + 1] == .literal(UInt8(ascii: "."))
                guard let table, let value = Self.monthName(&utf8, in: table, dotFollows: dotFollows) else { return nil }
                month = value
            case .year4:
                guard let value = Self.digits(&utf8, min: 4, max: 4) else { return nil }
                year = value
            case .year2:
                guard let value = Self.digits(&utf8, min: 2, max: 2), let pivot = centuryPivot else { return nil }
                let candidate = pivot / 100 * 100 + value
                year = candidate < pivot ? candidate + 100 : candidate
            case .hour(let exactly2):
                guard let value = Self.digits(&utf8, min: exactly2 ? 2 : 1, max: 2), value < 24 else { return nil }
            case .minute, .second:
                guard let value = Self.digits(&utf8, min: 2, max: 2), value < 60 else { return nil }
            case .literal(let byte):
                guard utf8.first == byte else { return nil }
                utf8.removeFirst()
            }
        }
        guard utf8.isEmpty else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    private static func digits(_ bytes: inout Slice<ByteView>, min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, let byte = bytes.first, byte >= 0x30, byte <= 0x39 {
            value = value * 10 + Int(byte - 0x30)
            count += 1
            bytes.removeFirst()
        }
        // A longer run of digits than the token allows is not this format.
        if let byte = bytes.first, byte >= 0x30, byte <= 0x39 { return nil }
        return count >= min ? value : nil
    }

    /// A month's name at the start of `bytes`, in the format's language:
    /// the run of letters (any script) and dots there, or that run without
    /// its last dot (`févr.` and `févr`), that first when the pattern's own
    /// dot follows (`MMM.`).
    private static func monthName(_ bytes: inout Slice<ByteView>, in months: MonthNameTable, dotFollows: Bool) -> Int? {
        var end = bytes.startIndex
        while end < bytes.endIndex {
            let byte = bytes[end]
            let isLetter = byte >= 0x80 || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == UInt8(ascii: ".")
            guard isLetter else { break }
            end += 1
        }
        guard end > bytes.startIndex else { return nil }
        let word = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
        let withoutDot = word.hasSuffix(".") ? months.month(String(word.dropLast())) : nil
        if dotFollows, let month = withoutDot {
            bytes = bytes[(end - 1)...]
            return month
        }
        if let month = months.month(word) {
            bytes = bytes[end...]
            return month
        }
        if let month = withoutDot {
            bytes = bytes[(end - 1)...]
            return month
        }
        return nil
    }
}

/// CLDR's month names of one language, held by a format's month token (a
/// reference: copying a format, as every value's parse does, copies no table).
final class MonthNameTable: Sendable, Equatable {
    let language: String
    private let names: MonthNames

    private init(language: String, names: MonthNames) {
        self.language = language
        self.names = names
    }

    func month(_ spelling: String) -> Int? { names.month(spelling, language: language) }

    static func == (left: MonthNameTable, right: MonthNameTable) -> Bool { left.language == right.language }

    /// The table of `language`; nil if the bundled names cannot be loaded.
    static func named(_ language: String) -> MonthNameTable? {
        guard let names = try? MonthNames.bundled() else { return nil }
        return MonthNameTable(language: language, names: names)
    }
}

/// Excel's serial day numbers, for spreadsheets saved with dates as numbers.
enum ExcelSerialDate {
    enum Outcome: Equatable {
        case date(CalendarDate)
        case invalid(ValueProblem)
    }

    /// The 1900 system (Windows Excel): 1 is 1900-01-01; 60 is Excel's
    /// 1900-02-29, a day that never existed; from 61 on, days since 1899-12-30.
    /// The 1904 system (old Mac Excel): 0 is 1904-01-01.
    static func date(fromSerial text: String, system1904: Bool) -> Outcome {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Int(parts[0]), parts.count == 1 || parts[1].allSatisfy(\.isNumber) else {
            return .invalid(ValueProblem(.excelSerialNotANumber))
        }
        // Beyond 9999-12-31 (serial 2958465) there are no dates; refusing early
        // also keeps the day arithmetic far from overflow.
        guard whole <= 2_958_465 else { return .invalid(ValueProblem(.excelSerialOutOfRange)) }
        if system1904 {
            guard whole >= 0 else { return .invalid(ValueProblem(.excelSerialNotANumber)) }
            return fromDays(whole + daysFromCivil(1904, 1, 1))
        }
        guard whole >= 1 else { return .invalid(ValueProblem(.excelSerialBeforeFirst)) }
        if whole == 60 { return .invalid(ValueProblem(.excelSerial60)) }
        let offset = whole < 60 ? daysFromCivil(1899, 12, 31) : daysFromCivil(1899, 12, 30)
        return fromDays(whole + offset)
    }

    private static func fromDays(_ days: Int) -> Outcome {
        let (year, month, day) = civilFromDays(days)
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            return .invalid(ValueProblem(.excelSerialOutOfRange))
        }
        return .date(date)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Unix time, as databases and APIs store dates: seconds (or milliseconds)
/// since 1970-01-01 00:00 UTC, integral or with a fraction, negative before
/// 1970. The date is the UTC day the instant falls in.
enum UnixTimeDate {
    /// 9999-12-31 23:59:59 UTC: the last instant of the last day HTCDS dates can hold.
    private static let lastSecond = 253_402_300_799

    static func date(from text: String, milliseconds: Bool) -> ExcelSerialDate.Outcome {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Int(parts[0]), !parts[0].hasPrefix("+"),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit)) else {
            return .invalid(ValueProblem(.unixTimeNotANumber(milliseconds: milliseconds)))
        }
        // The whole units below the value: a negative value with a fraction is below its integer part.
        let hasFraction = parts.count == 2 && parts[1].contains { $0 != "0" }
        let units = parts[0].hasPrefix("-") && hasFraction ? whole - 1 : whole
        let seconds = milliseconds ? floorDivide(units, 1000) : units
        guard seconds <= lastSecond, seconds >= -62_135_596_800 else {
            return .invalid(ValueProblem(.unixTimeOutOfRange))
        }
        let days = floorDivide(seconds, 86_400)
        let (year, month, day) = ExcelSerialDate.civilFromDays(days)
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            return .invalid(ValueProblem(.unixTimeOutOfRange))
        }
        return .date(date)
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
