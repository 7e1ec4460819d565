/// One cell of a source record as the reader found it. CSV gives text; later
/// readers give typed values (SQLite integers and reals) and lists (repeated
/// XML elements). Types are never inferred from how text looks.
public enum SourceValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case real(Double)
    /// A workbook's date cell (a number in a date style, an OpenDocument
    /// date): a date whatever the mapping's `date:` formats say, its time of
    /// day (seconds) when it has one.
    case dateTime(SheetDateTime)
    /// A spreadsheet error cell (`#N/A`, `#VALUE!`): reported, never mapped.
    case spreadsheetError(String)
    /// Repeated values (an XML element that occurs several times in a record).
    case list([String])
    /// Binary data (an SQLite BLOB of this many bytes): reported, never guessed at.
    case blob(Int)
    case null

    /// The value as text, as a transform reads it.
    public var text: String? {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .list(let items): items.isEmpty ? nil : items.joined(separator: "; ")
        case .dateTime(let value):
            // ISO 8601, as a text field or a template takes it.
            value.secondsOfDay.map { value.date.description + "T" + Self.clockTime($0) } ?? value.date.description
        case .spreadsheetError, .blob, .null: nil
        }
    }

    /// hh:mm:ss of a second of the day.
    static func clockTime(_ seconds: Int) -> String {
        let parts = [seconds / 3600, seconds / 60 % 60, seconds % 60]
        return parts.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
    }
}

extension SourceValue {
    /// A workbook's date cell: `dateTime(SheetDateTime(date, secondsOfDay:))`.
    static func dateTime(_ date: CalendarDate, secondsOfDay: Int?) -> SourceValue {
        .dateTime(SheetDateTime(date, secondsOfDay: secondsOfDay))
    }
}

/// A workbook's date, with its time of day when it has one, in 8 bytes: a
/// `SourceValue` is as large as its largest case, and every cell of every
/// record is one (a CalendarDate's three Ints doubled them all).
public struct SheetDateTime: Sendable, Hashable {
    /// Days since 1970-01-01.
    private let days: Int32
    /// Seconds into the day; -1 for a date alone.
    private let seconds: Int32

    public init(_ date: CalendarDate, secondsOfDay: Int?) {
        days = Int32(ExcelSerialDate.daysFromCivil(date.year, date.month, date.day))
        seconds = secondsOfDay.map { Int32($0) } ?? -1
    }

    public var date: CalendarDate {
        let (year, month, day) = ExcelSerialDate.civilFromDays(Int(days))
        return CalendarDate(year: year, month: month, day: day)!
    }

    public var secondsOfDay: Int? { seconds < 0 ? nil : Int(seconds) }
}
