import Testing
@testable import HTCDSMigration

@Suite struct DateFormatTests {
    @Test(arguments: [
        ("dd/MM/yyyy", "03/02/1990", "1990-02-03"),
        ("d/M/yyyy", "3/2/1990", "1990-02-03"),
        ("d/M/yyyy", "03/12/1990", "1990-12-03"),
        ("yyyy-MM-dd", "2019-05-14", "2019-05-14"),
        ("dd.MM.yyyy", "29.02.2000", "2000-02-29"),
        ("MM/dd/yyyy", "12/31/1999", "1999-12-31"),
        ("d MMM yyyy", "3 Feb 1990", "1990-02-03"),
        ("d MMMM yyyy", "3 february 1990", "1990-02-03"),
        ("dd-MMM-yy", "03-Sep-90", "1990-09-03"),
        ("dd-MMM-yy", "03-Sept-05", "2005-09-03"),
        ("dd/MM/yyyy HH:mm", "03/02/1990 14:30", "1990-02-03"),
    ])
    func parsesStrictly(pattern: String, text: String, expected: String) throws {
        let format = try DateFormat(pattern, centuryPivot: 1950)
        #expect(format.parse(text)?.description == expected)
    }

    @Test(arguments: [
        ("dd/MM/yyyy", "31/02/1990"),   // no such day
        ("dd/MM/yyyy", "29/02/1900"),   // 1900 was not a leap year
        ("dd/MM/yyyy", "3/2/1990"),     // dd is two digits
        ("dd/MM/yyyy", "12/13/1992"),   // month 13: day and month are never guessed
        ("d/M/yyyy", "1/3/90"),         // DateFormatter reads this as the year 90
        ("dd/MM/yyyy", "03/02/1990x"),
        ("dd/MM/yyyy", "1987"),
        ("yyyy-MM-dd", "2019-5-14"),
        ("dd/MM/yyyy", "00/00/1985"),
        ("dd/MM/yyyy HH:mm", "03/02/1990 24:00"),
        ("d MMM yyyy", "3 Fevrier 1990"),
    ])
    func refusesWhatDoesNotMatch(pattern: String, text: String) throws {
        #expect(try DateFormat(pattern, centuryPivot: nil).parse(text) == nil)
    }

    @Test func twoDigitYearsNeedAPivot() {
        #expect(throws: DateFormat.FormatError.needsPivot) { try DateFormat("dd/MM/yy", centuryPivot: nil) }
        let format = try! DateFormat("dd/MM/yy", centuryPivot: 1930)
        #expect(format.parse("01/01/29")?.year == 2029)
        #expect(format.parse("01/01/30")?.year == 1930)
    }

    @Test func badPatternsAreRefused() {
        #expect(throws: DateFormat.FormatError.unknownLetter("Q")) { try DateFormat("Q/MM/yyyy", centuryPivot: nil) }
        #expect(throws: DateFormat.FormatError.incomplete) { try DateFormat("MM/yyyy", centuryPivot: nil) }
    }

    @Test(arguments: [
        ("1", false, "1900-01-01"), ("59", false, "1900-02-28"), ("61", false, "1900-03-01"),
        ("32874", false, "1990-01-01"), ("45000.75", false, "2023-03-15"),
        ("0", true, "1904-01-01"), ("31412", true, "1990-01-01"),
    ])
    func readsExcelSerials(serial: String, system1904: Bool, expected: String) {
        #expect(ExcelSerialDate.date(fromSerial: serial, system1904: system1904) == .date(CalendarDateParse(expected)))
    }

    @Test func excelsNonExistentLeapDayIsInvalid() {
        #expect(ExcelSerialDate.date(fromSerial: "60", system1904: false) == .invalid(ValueProblem(.excelSerial60)))
        #expect(ValueProblem(.excelSerial60).code == .dateInvalid)
        #expect(ValueProblem(.excelSerial60).message == "serial 60 is Excel's 1900-02-29, a day that never existed")
        #expect(ExcelSerialDate.date(fromSerial: "0", system1904: false) != .date(CalendarDateParse("1900-01-01")))
        #expect(ExcelSerialDate.date(fromSerial: "abc", system1904: false) == .invalid(ValueProblem(.excelSerialNotANumber)))
        #expect(ValueProblem(.excelSerialNotANumber).message == "not an Excel serial date number")
        #expect(ExcelSerialDate.date(fromSerial: "9223372036854775807", system1904: true)
            == .invalid(ValueProblem(.excelSerialOutOfRange)))
        #expect(ValueProblem(.excelSerialOutOfRange).message == "the serial number is out of the range of dates")
        #expect(ExcelSerialDate.date(fromSerial: "2958465", system1904: false) == .date(CalendarDateParse("9999-12-31")))
    }
}

func CalendarDateParse(_ text: String) -> CalendarDate {
    let parts = text.split(separator: "-").map { Int($0)! }
    return CalendarDate(year: parts[0], month: parts[1], day: parts[2])!
}

@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("12", false, "12"), ("007", false, "7"), ("-3.50", false, "-3.5"), ("+2", false, "2"),
        ("0.0", false, "0"), ("-0", false, "0"), ("1,5", true, "1.5"), ("10.", false, nil),
        ("1,234", false, nil), ("1.234,5", true, nil), ("9.8E+08", false, nil), ("", false, nil),
        (" 12", false, nil), ("12 kg", false, nil),
    ] as [(String, Bool, String?)])
    func readsNumbersStrictly(text: String, decimalComma: Bool, expected: String?) {
        #expect(NumberParsing.canonical(text, decimalComma: decimalComma) == expected)
    }

    @Test func readsBooleanWords() {
        let words = BooleanWords(true: nil, false: nil)
        #expect(words.value("Yes") == true)
        #expect(words.value("n") == false)
        #expect(words.value("maybe") == nil)
        let custom = BooleanWords(true: ["oui"], false: ["non"])
        #expect(custom.value("OUI") == true)
        #expect(custom.value("yes") == nil)
    }

    @Test func checksEmailForm() {
        #expect(EmailForm.isValid("ana.1@example.org"))
        #expect(!EmailForm.isValid("no email"))
        #expect(!EmailForm.isValid("a@b"))
        #expect(!EmailForm.isValid("a@@b.org"))
        #expect(!EmailForm.isValid("@b.org"))
        #expect(!EmailForm.isValid("a@.org") && !EmailForm.isValid("a@b..org") && !EmailForm.isValid("a@b.org."))
        #expect(!EmailForm.isValid("a b@c.org") && !EmailForm.isValid("a@b\t.org"))
        #expect(EmailForm.isValid("first.last@sub.example.org"))
        #expect(EmailForm.isValid("lucía@example.org"))
        #expect(!EmailForm.isValid("lucía@example"))
        #expect(EmailForm.isValid("thị.lan@ví-dụ.vn") && EmailForm.isValid("ana@例え.jp"))
        #expect(!EmailForm.isValid("lucía\u{00A0}@example.org") && !EmailForm.isValid("lucía@exam\u{3000}ple.org"))
    }

    /// The bytes' test for a space agrees with `Character.isWhitespace` on
    /// every scalar of the Basic Multilingual Plane, alone and before an "a".
    @Test func findsUnicodeSpacesByTheirBytes() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = String(Character(scalar)) + "a"
            let expected = Character(scalar).isWhitespace
            text.withUTF8 { bytes in
                #expect(UnicodeSpace.isSpace(startingAt: 0, in: ByteView(bytes)) == expected, "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test func spotsSpreadsheetDamage() {
        #expect(SpreadsheetDamage.isScientificNotation("9.87826E+08"))
        #expect(SpreadsheetDamage.isScientificNotation("1E+11"))
        #expect(!SpreadsheetDamage.isScientificNotation("+987825707"))
        #expect(!SpreadsheetDamage.isScientificNotation("Case E+1"))
        #expect(SpreadsheetDamage.looksAutoConvertedToDate("1-Mar"))
        #expect(SpreadsheetDamage.looksAutoConvertedToDate("Mar-05"))
        #expect(!SpreadsheetDamage.looksAutoConvertedToDate("SP-001"))
    }

    @Test func cleansText() {
        var cleaning = TextCleaning()
        #expect(cleaning.apply("  Ana\u{00A0}") == "Ana")
        cleaning.collapseSpaces = true
        cleaning.letterCase = .title
        #expect(cleaning.apply(" ana   maria\tpopescu ") == "Ana Maria Popescu")
        let empty = EmptyTokens(["", "N/A", "-"])
        #expect(empty.isEmpty("n/a"))
        #expect(empty.isEmpty(""))
        #expect(!empty.isEmpty("none"))
    }
}

@Suite struct SplitTests {
    @Test func splitsOnOneByteAndKeepsEmptyParts() {
        #expect(FieldRule.split("a, b,,c", on: ",") == ["a", " b", "", "c"])
        #expect(FieldRule.split("", on: ",") == [""])
        #expect(FieldRule.split("Sexual Exploitation , forced criminality", on: ",") == ["Sexual Exploitation ", " forced criminality"])
        #expect(FieldRule.split("Roumanie;Moldavie", on: ";") == ["Roumanie", "Moldavie"])
        #expect(FieldRule.split("ä|ö", on: "|") == ["ä", "ö"])
        #expect(FieldRule.split("a and b", on: " and ") == ["a", "b"])
        #expect(FieldRule.split("x·y", on: "·") == ["x", "y"])
    }
}
