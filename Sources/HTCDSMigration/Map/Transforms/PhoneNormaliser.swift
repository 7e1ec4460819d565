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

    func normalise(_ text: String) -> Outcome { normalise(bytes: text.utf8) }

    func normalise(bytes text: some Sequence<UInt8>) -> Outcome {
        // Bytes: the digits and marks a number has are all ASCII, except the
        // non-breaking space (C2 A0) Excel and Word put between groups.
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var plus = false
        var bytes = text.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte)
            case UInt8(ascii: "+") where digits.isEmpty && !plus:
                plus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "/"):
                continue
            case 0xC2:
                guard bytes.next() == 0xA0 else { return .invalid("has characters a phone number cannot have") }
            case UInt8(ascii: "E"), UInt8(ascii: "e"):
                return .invalid("looks like Excel's scientific notation: the number's digits are lost")
            default:
                return .invalid("has characters a phone number cannot have")
            }
        }
        var international: [UInt8]
        if plus {
            international = digits
        } else if digits.count >= 2 && digits[0] == UInt8(ascii: "0") && digits[1] == UInt8(ascii: "0") {
            international = Array(digits.dropFirst(2))
        } else if let callingCode {
            international = Array(callingCode.utf8) + (digits.first == UInt8(ascii: "0") ? Array(digits.dropFirst()) : digits)
        } else {
            return .invalid("has no country calling code; write it with + or set phone_country_code")
        }
        guard let first = international.first, first != UInt8(ascii: "0"), (2...15).contains(international.count) else {
            return .invalid("is not an E.164 phone number (+, country code, up to 15 digits)")
        }
        return .number("+" + String(decoding: international, as: UTF8.self))
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
