/// What a source value looks like, for the person about to write a mapping.
/// Only a profile: the mapping, never this guess, decides a value's type.
public enum ValueKind: String, CaseIterable, Sendable {
    case integer, decimal, date, yesNo = "yes/no", email, phone, code, text
}

enum ValueShape {
    /// Words legacy registers use for yes and no, in the languages of the
    /// registers we meet; "1" and "0" count as numbers.
    static let yesNoWords: Set<String> = [
        "yes", "no", "y", "n", "true", "false", "x", "oui", "non", "si", "sí", "sim", "não", "nao", "ja", "nein",
        "да", "нет", "نعم", "لا", "是", "否",
    ]

    static func kind(of text: String) -> ValueKind {
        let bytes = Array(text.utf8)
        if yesNoWords.contains(text.lowercased()) { return .yesNo }
        if isInteger(bytes) { return .integer }
        if isDecimal(bytes) { return .decimal }
        if DateShape(text) != nil { return .date }
        if looksLikeEmail(bytes) { return .email }
        if looksLikePhone(bytes) { return .phone }
        if isCode(bytes) { return .code }
        return .text
    }

    /// The value's pattern, digits as 9 and letters as A or a (runs of letters
    /// kept to one), for values with digits in them: "SP-014" -> "AA-999",
    /// "12/09/1978" -> "99/99/9999". Text without digits has no useful pattern.
    static func pattern(of text: String) -> String? {
        guard text.utf8.contains(where: isDigit), text.utf8.count <= 40 else { return nil }
        var pattern = ""
        for character in text {
            if character.isNumber && character.isASCII { pattern.append("9") }
            else if character.isLetter { pattern.append(character.isUppercase ? "A" : "a") }
            else { pattern.append(character) }
        }
        return pattern
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isInteger(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if body.first == UInt8(ascii: "-") { body = body.dropFirst() }
        return !body.isEmpty && body.count <= 18 && body.allSatisfy(isDigit) && !(body.count > 1 && body.first == 0x30)
    }

    private static func isDecimal(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if body.first == UInt8(ascii: "-") { body = body.dropFirst() }
        let points = body.filter { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }.count
        guard points == 1, let first = body.first, let last = body.last, isDigit(first), isDigit(last) else { return false }
        return body.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
    }

    static func looksLikeEmail(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0,
              !bytes.contains(UInt8(ascii: " ")) else { return false }
        let domain = bytes[(at + 1)...]
        guard let dot = domain.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return dot > at + 1 && dot < bytes.count - 1
    }

    /// Seven or more digits written with only what phone numbers carry.
    static func looksLikePhone(_ bytes: [UInt8]) -> Bool {
        var digits = 0
        for byte in bytes {
            if isDigit(byte) { digits += 1; continue }
            switch byte {
            case UInt8(ascii: "+"), UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "."): continue
            default: return false
            }
        }
        return digits >= 7 && digits <= 15
    }

    /// Short identifiers and codes: "RO", "VNM", "SP-014", "A1", and digits
    /// with a leading zero ("007"), which are not numbers.
    private static func isCode(_ bytes: [UInt8]) -> Bool {
        guard bytes.count <= 12, !bytes.isEmpty else { return false }
        if bytes.first == 0x30 && bytes.allSatisfy(isDigit) { return true }
        let hasUpper = bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
        return hasUpper && bytes.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || isDigit($0) || $0 == UInt8(ascii: "-")
                                              || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "/") }
    }
}
