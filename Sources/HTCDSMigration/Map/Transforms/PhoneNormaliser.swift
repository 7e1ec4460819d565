import HTCDS

/// Phone numbers as registers write them, to the E.164 form the standard's
/// pattern expects (`^\+?[1-9]\d{1,14}$`), decided as libphonenumber decides
/// (`PhoneNumberParser`): "+44 (0)20 7946 0034" is +442079460034, "06 1234 5678"
/// written in Italy keeps its 0 (+390612345678), "8 912 345 67 89" in Russia
/// loses its trunk 8. This type reads the text around the digits: the
/// punctuation libphonenumber allows, digits of any script, a leading "+", and
/// an extension at the end, which is split off (HTCDS has no place for it).
struct PhoneNormaliser: Sendable {
    let parser: PhoneNumberParser
    /// Where numbers without "+" were written, unless a record says otherwise.
    let region: PhoneRegion
    /// Countries by code or name, for a record's region (`phone_region_from`).
    let countries: CountryTable

    /// A record's region as its cell names it; nil for an empty cell (the entry's region holds).
    func region(named text: String) -> PhoneRegion? {
        let name = TextCleaning.trimmed(text)
        if name.isEmpty { return nil }
        guard let country = countries.find(name), let plan = parser.plans.plan(region: country.alpha2) else {
            return .unrecognised
        }
        return .plan(plan)
    }

    enum Outcome: Equatable {
        case number(String, extensionDropped: Bool)
        case invalid(ValueProblem)
    }

    func normalise(_ text: String, region override: PhoneRegion? = nil) -> Outcome {
        let region = override ?? self.region
        // Most numbers are ASCII digits and punctuation: read them as bytes.
        var digits = PhoneDigits()
        var full = false
        var international = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if !digits.append(byte - UInt8(ascii: "0")) { full = true }
            case UInt8(ascii: "+") where digits.isEmpty:
                international = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "~"), UInt8(ascii: "\t"):
                continue
            default:
                return normaliseCarefully(text, region: region)
            }
        }
        return parse(full ? nil : digits, international: international, bare: text.utf8.count == 2,
                     extensionDropped: false, region: region)
    }

    /// The rest: letters (an extension, or not a number), digits of other
    /// scripts, Unicode punctuation, Excel's scientific notation.
    private func normaliseCarefully(_ text: String, region: PhoneRegion) -> Outcome {
        if SpreadsheetDamage.isScientificNotation(text) {
            return .invalid(ValueProblem(.excelScientificNotation(characters: nil)))
        }
        let scalars = Array(text.unicodeScalars)
        let numberEnd = PhoneExtension.start(in: scalars) ?? scalars.count
        var digits = PhoneDigits()
        var full = false
        var international = false
        for scalar in scalars[..<numberEnd] {
            if let digit = Self.digit(scalar) {
                if !digits.append(digit) { full = true }
            } else if scalar == "+" || scalar == "\u{FF0B}" {
                guard digits.isEmpty else { return .invalid(Self.notANumber) }
                international = true
            } else if !Self.isPunctuation(scalar) {
                return .invalid(Self.notANumber)
            }
        }
        return parse(full ? nil : digits, international: international,
                     bare: numberEnd == scalars.count && scalars.count == 2,
                     extensionDropped: numberEnd < scalars.count, region: region)
    }

    /// `bare`: the text is its two digits alone (libphonenumber's viability
    /// wants three digits, or two written alone).
    /// `digits`: nil when there were more than any number has.
    private func parse(_ digits: PhoneDigits?, international: Bool, bare: Bool, extensionDropped: Bool,
                       region: PhoneRegion) -> Outcome {
        guard let digits else { return .invalid(Self.describe(.tooLong, international: international, region: region)) }
        guard digits.count >= 3 || (digits.count == 2 && bare) else {
            return .invalid(ValueProblem(.phoneTooFewDigits))
        }
        switch parser.parse(digits: digits, international: international, region: region.plan) {
        case .valid(let e164):
            return .number(e164, extensionDropped: extensionDropped)
        case .invalid(let problem):
            return .invalid(Self.describe(problem, international: international, region: region))
        }
    }

    private static let notANumber = ValueProblem(.phoneNotANumber)

    private static func describe(_ problem: PhoneNumberParser.Problem, international: Bool,
                                 region: PhoneRegion) -> ValueProblem {
        switch problem {
        case .tooShort: ValueProblem(.phoneTooShort)
        case .tooLong: ValueProblem(.phoneTooLong)
        case .invalidLength: ValueProblem(.phoneInvalidLength)
        case .notValidForRegion: ValueProblem(.phoneNotValidForRegion)
        case .countryCodeUnknown:
            if international {
                ValueProblem(.phoneCountryCodeUnknown)
            } else {
                switch region {
                case .unrecognised: ValueProblem(.phoneRegionNotACountry)
                default: ValueProblem(.phoneWithoutCountryCode)
                }
            }
        }
    }

    /// A decimal digit of any script (libphonenumber reads them all).
    private static func digit(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.isASCII {
            let value = scalar.value
            return value >= 0x30 && value <= 0x39 ? UInt8(value - 0x30) : nil
        }
        guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue else { return nil }
        return UInt8(value)
    }

    /// libphonenumber's punctuation (its VALID_PUNCTUATION) and white space.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", ".", "/", "(", ")", "[", "]", "~", "\u{AD}", "\u{2010}"..."\u{2015}", "\u{2212}", "\u{30FC}",
             "\u{FF0D}"..."\u{FF0F}", "\u{FF08}", "\u{FF09}", "\u{FF3B}", "\u{FF3D}", "\u{2053}", "\u{223C}", "\u{FF5E}",
             "\u{200B}", "\u{2060}":
            return true
        default:
            return scalar.properties.isWhitespace
        }
    }
}

/// Where a phone number without "+" was written.
enum PhoneRegion: Sendable {
    /// No region: such a number is invalid.
    case none
    case plan(NumberingPlan)
    /// A record named a region that is no country with a numbering plan.
    case unrecognised

    var plan: NumberingPlan? {
        if case .plan(let plan) = self { return plan }
        return nil
    }
}

/// An extension written after a number ("ext. 12", "x 305", "#12"), found
/// as libphonenumber finds the common spellings: a marker, then one to twenty
/// digits at the end.
enum PhoneExtension {
    private static let markers = ["extension", "extn", "ext", "x", "#", "доб", "anexo"]

    /// Where the extension's marker starts (the separator before it included), or nil.
    static func start(in scalars: [Unicode.Scalar]) -> Int? {
        var end = scalars.count
        if end > 0 && scalars[end - 1] == "#" { end -= 1 }
        var digitsStart = end
        while digitsStart > 0, scalars[digitsStart - 1].properties.numericType == .decimal { digitsStart -= 1 }
        guard (1...20).contains(end - digitsStart) else { return nil }
        var markerEnd = digitsStart
        while markerEnd > 0, [" ", ":", ".", ",", "-", "\t"].contains(scalars[markerEnd - 1])
                || scalars[markerEnd - 1].properties.isWhitespace {
            markerEnd -= 1
        }
        let before = String(String.UnicodeScalarView(scalars[..<markerEnd])).lowercased()
        for marker in markers where before.hasSuffix(marker) {
            var start = markerEnd - marker.unicodeScalars.count
            // A marker that is a word of its own: "x" in "x 305", not in "fax".
            if start > 0, scalars[start - 1].properties.isAlphabetic { continue }
            while start > 0, scalars[start - 1].properties.isWhitespace || scalars[start - 1] == "," { start -= 1 }
            return start
        }
        return nil
    }
}
