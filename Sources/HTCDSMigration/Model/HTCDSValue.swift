/// A calendar date without time or zone, written yyyy-mm-dd.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil unless the day exists in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.appendBytes(count: 10) { writeISO(to: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// yyyy-mm-dd: ten bytes at `bytes`.
    func writeISO(to bytes: UnsafeMutablePointer<UInt8>) {
        let digit = { (value: Int) in UInt8(ascii: "0") + UInt8(value % 10) }
        bytes[0] = digit(year / 1000); bytes[1] = digit(year / 100); bytes[2] = digit(year / 10); bytes[3] = digit(year)
        bytes[4] = UInt8(ascii: "-")
        bytes[5] = digit(month / 10); bytes[6] = digit(month)
        bytes[7] = UInt8(ascii: "-")
        bytes[8] = digit(day / 10); bytes[9] = digit(day)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A value ready for output, typed by the HTCDS field it fills.
/// Not `indirect`: a lookup's nested values sit in an array, which is a
/// reference already, and boxing every value cost an allocation per field.
public enum HTCDSValue: Sendable, Hashable {
    case text(String)
    /// A number in canonical decimal text (`12`, `-3.5`), written as a JSON number.
    case number(String)
    case boolean(Bool)
    case date(CalendarDate)
    /// Picklist value names of a multiselect, in the order found, without repeats.
    case list([String])
    /// A lookup to a related record, written as a nested object
    /// (`{"org_Name": "City Police", "org_Type": "LawEnforcement"}`): its fields in order.
    case reference([ReferenceKey])

    public struct ReferenceKey: Sendable, Hashable {
        public let key: String
        public let value: HTCDSValue

        public init(key: String, value: HTCDSValue) {
            self.key = key
            self.value = value
        }

        public init(key: String, text: String) {
            self.init(key: key, value: .text(text))
        }
    }
}

extension HTCDSValue {
    /// The same value in strings of its own, for a mapping thread to keep:
    /// threads that share the standard's strings fight over their reference
    /// counts (every retain is an atomic write to one cache line).
    var unshared: HTCDSValue {
        switch self {
        case .text(let text): .text(String(decoding: Array(text.utf8), as: UTF8.self))
        case .number(let text): .number(String(decoding: Array(text.utf8), as: UTF8.self))
        case .list(let items): .list(items.map { String(decoding: Array($0.utf8), as: UTF8.self) })
        case .reference(let keys): .reference(keys.map { ReferenceKey(key: String(decoding: Array($0.key.utf8), as: UTF8.self),
                                                                      value: $0.value.unshared) })
        case .boolean, .date: self
        }
    }
}
