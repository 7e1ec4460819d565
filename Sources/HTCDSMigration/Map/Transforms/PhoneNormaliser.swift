/// Phone numbers to the E.164 form the standard's pattern expects
/// (`^\+?[1-9]\d{1,14}$`): "0712 345 678" with +254 becomes "+254712345678".
struct PhoneNormaliser {
    /// Digits of the default calling code ("254"), if the mapping gives one.
    let callingCode: String?

    enum Outcome: Equatable {
        case number(String)
        case invalid(String)
    }

    /// "+254", "254" or "00254" to "254"; nil unless 1 to 3 digits not starting with 0.
    static func callingCode(_ text: String) -> String? {
        var digits = Substring(TextCleaning.trimmed(text))
        if digits.hasPrefix("+") { digits = digits.dropFirst() } else if digits.hasPrefix("00") { digits = digits.dropFirst(2) }
        guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), digits.first != "0" else { return nil }
        return String(digits)
    }

    func normalise(_ text: String) -> Outcome {
        var digits = ""
        var plus = false
        // Bytes for ASCII text (nearly every number); characters otherwise.
        let characters: [Character] = text.utf8.allSatisfy({ $0 < 0x80 })
            ? text.utf8.map { Character(Unicode.Scalar($0)) } : Array(text)
        for character in characters {
            if character.isASCIIDigit {
                digits.append(character)
            } else if character == "+" && digits.isEmpty && !plus {
                plus = true
            } else if character == " " || character == "-" || character == "." || character == "(" || character == ")"
                        || character == "/" || character == "\u{00A0}" {
                continue
            } else if character == "E" || character == "e" {
                return .invalid("looks like Excel's scientific notation: the number's digits are lost")
            } else {
                return .invalid("has characters a phone number cannot have")
            }
        }
        var international: String
        if plus {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else if let callingCode {
            international = callingCode + (digits.hasPrefix("0") ? String(digits.dropFirst()) : digits)
        } else {
            return .invalid("has no country calling code; write it with + or set phone_country_code")
        }
        guard let first = international.first, first != "0", (2...15).contains(international.count) else {
            return .invalid("is not an E.164 phone number (+, country code, up to 15 digits)")
        }
        return .number("+" + international)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension YAMLNode {
    /// A `phone_country_code:` value, checked.
    func callingCode(_ what: String) throws -> Located<String> {
        let written = try text(what)
        guard PhoneNormaliser.callingCode(written) != nil else {
            throw MappingError("\(what) must be a calling code such as +254, not '\(written)'", at: location)
        }
        return Located(written, location)
    }
}
