import HTCDS

/// Turns cleaned, mapped text into the value an HTCDS field takes. The type
/// always comes from the field, never from what the text looks like: "007"
/// and "+987825707" stay text in a text field.
final class ValueConverter: Sendable {
    /// What the field takes. Large tables stay out of the payloads (they live
    /// on the converter), so that switching on the kind copies nothing big.
    enum Kind {
        case text(checksSpreadsheetDamage: Bool)
        case email
        case phone(PhoneNormaliser)
        case number(decimalComma: Bool, range: ClosedRange<Double>?)
        case date(DateReading)
        case checkbox(BooleanWords)
        case picklist
        case country
        case language
        case lookup(key: String)
    }

    enum DateReading {
        case formats([DateFormat])
        case excelSerial(system1904: Bool)
        /// Seconds (or milliseconds) since 1970-01-01 UTC.
        case unixTime(milliseconds: Bool)

        /// The readings `date:` names instead of formats.
        static let named: [String: DateReading] = [
            "excel-serial": .excelSerial(system1904: false), "excel-serial-1904": .excelSerial(system1904: true),
            "unix": .unixTime(milliseconds: false), "unix-ms": .unixTime(milliseconds: true),
        ]
    }

    /// One item's result.
    enum ItemResult: Equatable {
        case value(HTCDSValue)
        /// A phone number whose extension was split off and dropped (HTCDS has no place for it).
        case valueDroppingExtension(HTCDSValue)
        /// Not a value of the picklist or code list: unmapped, not invalid.
        case unknown
        case invalid(ValueProblem)
    }

    /// A whole field's result.
    enum Conversion: Equatable {
        case value(HTCDSValue)
        case empty
        case invalid(ValueProblem)
    }

    let field: Field
    let kind: Kind
    private static let notEmail = ValueProblem(.emailInvalid)
    private let countries: CountryTable?
    private let languages: LanguageTable?

    /// Whether an item is found by its text in a table of names (the field's
    /// values, countries, languages, yes/no words).
    var looksUpText: Bool {
        switch kind {
        case .picklist, .country, .language, .checkbox: true
        case .text, .email, .phone, .number, .date, .lookup: false
        }
    }

    /// Whether values are checked for what Excel does to text it saves.
    var checksSpreadsheetDamage: Bool {
        if case .text(true) = kind { return true }
        return false
    }

    /// `phone`: the mapping's phone settings, under the entry's own.
    init(field: Field, entry: EntrySpecification, standard: Standard, phone: PhoneRegionSpecification,
         defaultDateFormats: [DateFormat]?, decimalComma: Bool) throws {
        self.field = field
        kind = try Self.kind(for: field, entry: entry, standard: standard, phone: phone,
                             defaultDateFormats: defaultDateFormats, decimalComma: decimalComma)
        countries = field.codeList == .country ? standard.countries : nil
        languages = field.codeList == .language ? standard.languages : nil
    }

    private init(field: Field, kind: Kind, countries: CountryTable?, languages: LanguageTable?) {
        self.field = field
        self.kind = kind
        self.countries = countries
        self.languages = languages
    }

    /// A converter of its own for another thread (see `MappingPlan.forWorker`).
    func cloned() -> ValueConverter {
        ValueConverter(field: field, kind: kind, countries: countries, languages: languages)
    }

    private static func kind(
        for field: Field, entry: EntrySpecification, standard: Standard, phone: PhoneRegionSpecification,
        defaultDateFormats: [DateFormat]?, decimalComma: Bool
    ) throws -> Kind {
        switch field.codeList {
        case .country: return .country
        case .language: return .language
        case nil: break
        }
        if field.isPhoneNumber {
            let plan = try entry.phone.over(phone).plan(standard: standard)
            return .phone(PhoneNormaliser(parser: PhoneNumberParser(plans: try NumberingPlans.bundled()),
                                          region: plan.map(PhoneRegion.plan) ?? .none, countries: standard.countries))
        }
        switch field.type {
        case .text where field.name.hasSuffix("_Email"):
            return .email
        case .text, .picklistOrText:
            return .text(checksSpreadsheetDamage: true)
        case .longText:
            return .text(checksSpreadsheetDamage: false)
        case .number:
            return .number(decimalComma: entry.decimalComma ?? decimalComma, range: nil)
        case .geolocation:
            let limit: Double = field.name.hasSuffix("Latitude") ? 90 : 180
            return .number(decimalComma: entry.decimalComma ?? decimalComma, range: -limit...limit)
        case .date:
            if let written = entry.dateFormats, written.count == 1, let reading = DateReading.named[written[0].value] {
                return .date(reading)
            }
            let language = entry.locale ?? DateLanguage.english
            let formats = entry.dateFormats.map { written in
                written.compactMap { try? DateFormat($0.value, centuryPivot: entry.centuryPivot, language: language) }
            } ?? defaultDateFormats?.map { $0.inLanguage(language) } ?? [try! DateFormat("yyyy-MM-dd", centuryPivot: nil)]
            return .date(.formats(formats))
        case .checkbox:
            return .checkbox(BooleanWords(true: entry.trueWords, false: entry.falseWords))
        case .picklist, .multiselectPicklist:
            return .picklist
        case .lookup(let target):
            return .lookup(key: target == .organisation ? "org_Name" : "name")
        }
    }

    /// A text as an item (a value map's target, a constant).
    func convertItem(_ text: String, phoneRegion: PhoneRegion? = nil) -> ItemResult {
        ItemText.with(text) { convert($0, phoneRegion: phoneRegion) }
    }

    /// What a cleaned item is as the field's value: the one conversion of
    /// every kind, reading the item's bytes where that decides and making
    /// its text only for a value of text or a lookup by text. `phoneRegion`:
    /// where this record's phone number was written, when a column says.
    func convert(_ item: ItemText, phoneRegion: PhoneRegion? = nil) -> ItemResult {
        switch kind {
        case .text(let checks):
            if checks, SpreadsheetDamage.isScientificNotation(item.bytes) {
                return .invalid(ValueProblem(.excelScientificNotation(characters: item.bytes.count)))
            }
            return .value(.text(item.text))
        case .email:
            return EmailForm.isValid(bytes: item.bytes) ? .value(.text(item.text)) : .invalid(Self.notEmail)
        case .phone(let normaliser):
            switch normaliser.normalise(item.text, region: phoneRegion) {
            case .number(let number, extensionDropped: false): return .value(.text(number))
            case .number(let number, extensionDropped: true): return .valueDroppingExtension(.text(number))
            case .invalid(let problem): return .invalid(problem)
            }
        case .number(let decimalComma, let range):
            guard let number = NumberParsing.canonical(item.text, decimalComma: decimalComma) else {
                return .invalid(ValueProblem(.notANumber(decimalComma: decimalComma)))
            }
            if let range, let value = Double(number), !range.contains(value) {
                return .invalid(ValueProblem(.numberOutOfRange(lower: Int(range.lowerBound), upper: Int(range.upperBound))))
            }
            return .value(.number(number))
        case .date(.excelSerial(let system1904)):
            switch ExcelSerialDate.date(fromSerial: item.text, system1904: system1904) {
            case .date(let date): return .value(.date(date))
            case .invalid(let reason): return .invalid(reason)
            }
        case .date(.unixTime(let milliseconds)):
            switch UnixTimeDate.date(from: item.text, milliseconds: milliseconds) {
            case .date(let date): return .value(.date(date))
            case .invalid(let reason): return .invalid(reason)
            }
        case .date(.formats(let formats)):
            for format in formats {
                if let date = format.parse(bytes: item.bytes) { return .value(.date(date)) }
            }
            return .invalid(ValueProblem(.dateFormat(patterns: formats.map(\.pattern))))
        case .checkbox(let words):
            guard let value = words.value(item.text) else {
                return .invalid(ValueProblem(.booleanUnknown(words: words.description)))
            }
            return .value(.boolean(value))
        case .picklist:
            guard let value = field.findValue(item.text) else { return .unknown }
            return .value(.text(value.name))
        case .country:
            guard let country = countries?.find(item.text) else { return .unknown }
            return .value(.text(country.alpha2))
        case .language:
            guard let language = languages?.find(item.text) else { return .unknown }
            return .value(.text(language.alpha3))
        case .lookup(let key):
            return .value(.reference([HTCDSValue.ReferenceKey(key: key, text: item.text)]))
        }
    }

    /// Puts converted items together: a list for a multiselect, one value otherwise.
    func assemble(first: HTCDSValue?, others: [HTCDSValue]) -> Conversion {
        guard let first else { return .empty }
        if others.isEmpty {
            if field.type == .multiselectPicklist, case .text(let name) = first { return .value(.list([name])) }
            return .value(first)
        }
        return assemble([first] + others)
    }

    func assemble(_ values: [HTCDSValue]) -> Conversion {
        guard !values.isEmpty else { return .empty }
        if field.type == .multiselectPicklist {
            var names: [String] = []
            for case .text(let name) in values where !names.contains(name) { names.append(name) }
            return .value(.list(names))
        }
        let distinct = values.reduce(into: [HTCDSValue]()) { if !$0.contains($1) { $0.append($1) } }
        guard distinct.count == 1 else {
            return .invalid(ValueProblem(.picklistSeveralValues))
        }
        return .value(distinct[0])
    }

    /// Converts a whole list of items (used for constants, checked once).
    func convert(_ items: [String]) -> Conversion {
        var values: [HTCDSValue] = []
        for item in items {
            switch convertItem(item) {
            case .value(let value), .valueDroppingExtension(let value): values.append(value)
            case .unknown: return .invalid(ValueProblem(.picklistValueUnknown(field: field.name)))
            case .invalid(let reason): return .invalid(reason)
            }
        }
        return assemble(values)
    }
}

/// The plain form of an e-mail address: one @, a local part, a dotted domain, no spaces.
/// Decided on the UTF-8 bytes: "@" and "." never occur inside a longer
/// character's bytes, and a space is found by its bytes (`UnicodeSpace`), so
/// an address with "ü" or "ñ" is decided without walking its Characters.
enum EmailForm {
    static func isValid(_ text: String) -> Bool {
        ByteView.with(text) { isValid(bytes: $0) }
    }

    static func isValid(bytes: ByteView) -> Bool {
        var at: Int?
        var lastDot: Int?
        var previous: UInt8 = 0
        for offset in bytes.indices {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "@"):
                guard at == nil, offset > 0 else { return false }
                at = offset
            case UInt8(ascii: "."):
                if at != nil {
                    // An empty label: "a@.b", "a@b..c".
                    if previous == UInt8(ascii: "@") || previous == UInt8(ascii: ".") { return false }
                    lastDot = offset
                }
            default:
                if UnicodeSpace.isSpace(startingAt: offset, in: bytes) { return false }
            }
            previous = byte
        }
        guard at != nil, let lastDot else { return false }
        return lastDot < bytes.count - 1
    }
}

/// Unicode's White_Space characters (what `Character.isWhitespace` asks of
/// a character's first scalar) recognised by their UTF-8 bytes.
enum UnicodeSpace {
    static func isSpace(startingAt offset: Int, in bytes: ByteView) -> Bool {
        let byte = bytes[offset]
        if byte < 0x80 { return byte == 0x20 || (0x09...0x0D).contains(byte) }
        func next(_ distance: Int) -> UInt8? { offset + distance < bytes.count ? bytes[offset + distance] : nil }
        switch byte {
        case 0xC2: return next(1) == 0x85 || next(1) == 0xA0                          // U+0085, U+00A0
        case 0xE1: return next(1) == 0x9A && next(2) == 0x80                          // U+1680
        case 0xE2:
            guard let second = next(1), let third = next(2) else { return false }
            if second == 0x80 {                                                       // U+2000–200A, 2028, 2029, 202F
                return (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF
            }
            return second == 0x81 && third == 0x9F                                    // U+205F
        case 0xE3: return next(1) == 0x80 && next(2) == 0x80                          // U+3000
        default: return false
        }
    }
}

/// What Excel does to CSVs it saves: long digit strings in scientific
/// notation (`9.87826E+08`), codes turned into dates (`1-Mar`, `Mar-05`).
enum SpreadsheetDamage {
    static func isScientificNotation(_ text: String) -> Bool {
        ByteView.with(text) { isScientificNotation($0) }
    }

    /// Digits, at most one `.` or `,` among them, `E` or `e`, `+`, digits.
    static func isScientificNotation(_ bytes: ByteView) -> Bool {
        // Asked of every text value: most have no "+" and are done at once.
        guard let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }),
              e > 0, e + 2 < bytes.count, bytes[e + 1] == UInt8(ascii: "+") else { return false }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        var separators = 0
        for byte in bytes[..<e] where !isDigit(byte) {
            guard byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") else { return false }
            separators += 1
        }
        return isDigit(bytes[0]) && separators <= 1 && bytes[(e + 2)...].allSatisfy(isDigit)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }

    static func looksAutoConvertedToDate(_ text: String) -> Bool {
        // Asked of every text value: most are not 4 to 6 bytes long.
        guard (4...6).contains(text.utf8.count) else { return false }
        return ByteView.with(text) { looksAutoConvertedToDate($0) }
    }

    /// "1-Mar", "12-Sep", "Mar-05": what Excel makes of codes such as "1-3" or "3-5".
    static func looksAutoConvertedToDate(_ bytes: ByteView) -> Bool {
        // "1-Mar" to "Mar-05": 4 to 6 bytes with one dash; most texts are not.
        guard (4...6).contains(bytes.count), let dash = bytes.firstIndex(of: UInt8(ascii: "-")),
              !bytes[(dash + 1)...].contains(UInt8(ascii: "-")) else { return false }
        let first = bytes[..<dash], second = bytes[(dash + 1)...]
        let isNumber = { (part: Slice<ByteView>) in (1...2).contains(part.count) && part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        let isMonth = { (part: Slice<ByteView>) in
            part.count == 3 && months.contains { month in zip(part, month).allSatisfy { byte, letter in
                (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == letter } }
        }
        return (isNumber(first) && isMonth(second)) || (isMonth(first) && isNumber(second))
    }
}
