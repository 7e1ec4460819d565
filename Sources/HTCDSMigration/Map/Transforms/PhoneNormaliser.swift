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
        // Put together in a buffer on the stack: a number is short, and this
        // runs for every phone cell of a register.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> Outcome in
            // buffer[0] is "+", then the calling code if one is added, then the digits.
            var count = 1
            var plus = false
            var digitsStart = 1
            var bytes = text.makeIterator()
            var digits = 0
            while let byte = bytes.next() {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    // Longer than any number: not one (E.164 has at most 15 digits).
                    guard count < 60 else { return .invalid("is not an E.164 phone number (+, country code, up to 15 digits)") }
                    buffer[count] = byte
                    count += 1
                    digits += 1
                case UInt8(ascii: "+") where digits == 0 && !plus:
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
            buffer[0] = UInt8(ascii: "+")
            if plus {
                // As written.
            } else if digits >= 2 && buffer[1] == UInt8(ascii: "0") && buffer[2] == UInt8(ascii: "0") {
                digitsStart = 3
            } else if let callingCode {
                // The calling code, then the number without its trunk 0.
                let trunk = digits > 0 && buffer[1] == UInt8(ascii: "0") ? 1 : 0
                let code = Array(callingCode.utf8)
                let rest = count - 1 - trunk
                // Moved right (the code is longer than the trunk 0), so from the end.
                for offset in stride(from: rest - 1, through: 0, by: -1) {
                    buffer[1 + code.count + offset] = buffer[1 + trunk + offset]
                }
                for (offset, byte) in code.enumerated() { buffer[1 + offset] = byte }
                count = 1 + code.count + rest
            } else {
                return .invalid("has no country calling code; write it with + or set phone_country_code")
            }
            let international = UnsafeBufferPointer(rebasing: buffer[digitsStart..<count])
            guard let first = international.first, first != UInt8(ascii: "0"), (2...15).contains(international.count) else {
                return .invalid("is not an E.164 phone number (+, country code, up to 15 digits)")
            }
            // "+" and the digits: shift the plus next to them when "00" was dropped.
            buffer[digitsStart - 1] = UInt8(ascii: "+")
            return .number(String(decoding: UnsafeBufferPointer(rebasing: buffer[(digitsStart - 1)..<count]), as: UTF8.self))
        }
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
