/// A number in a date or time style (.xlsx): whole days since the
/// workbook's epoch (`ExcelSerialDate`), the fraction the time of day.
enum SerialDateTime {
    enum Outcome {
        case value(SourceValue)
        /// No date (Excel's 1900-02-29, beyond 9999): said, and read as the number.
        case noDate(Finding)
    }

    static func value(_ written: String, system1904: Bool, timeOnly: Bool) -> Outcome {
        guard let number = Double(written), number.isFinite, number >= 0, number < 2_958_466 else {
            return .noDate(.excelSerialOutOfRange)
        }
        let whole = number.rounded(.down)
        let seconds = min(86_399, Int(((number - whole) * 86_400).rounded()))
        // A time of day alone (0.5 in an h:mm style) is that time, not a day of 1900.
        if timeOnly && whole == 0 { return .value(.text(SourceValue.clockTime(seconds))) }
        switch ExcelSerialDate.date(fromSerial: String(Int(whole)), system1904: system1904) {
        case .date(let date): return .value(.dateTime(date, secondsOfDay: number == whole ? nil : seconds))
        case .invalid(let problem): return .noDate(problem.finding)
        }
    }
}

/// An ISO 8601 date or date and time as workbooks write one (OpenDocument's
/// `office:date-value`, an .xlsx cell of type `d`): `2019-03-10`,
/// `2019-03-10T14:30:00`, with fractions of a second or a zone, which are
/// left out (the day is the one written).
enum ISODateTime {
    static func value(_ text: String) -> SourceValue? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = DecimalDigits.value(bytes[0..<4]), let month = DecimalDigits.value(bytes[5..<7]),
              let day = DecimalDigits.value(bytes[8..<10]),
              let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = DecimalDigits.value(bytes[11..<13]), let minute = DecimalDigits.value(bytes[14..<16]),
              let second = DecimalDigits.value(bytes[17..<19]),
              hour < 24, minute < 60, second < 60 else {
            return bytes.count == 10 ? .dateTime(date, secondsOfDay: nil) : nil
        }
        let seconds = hour * 3600 + minute * 60 + second
        return .dateTime(date, secondsOfDay: seconds == 0 ? nil : seconds)
    }
}
