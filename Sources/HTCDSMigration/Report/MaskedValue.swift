/// A masked value as the report and the terminal show it: what kind of value
/// it was, never the value, so that `unknown` in a birth-date column can be
/// understood without revealing a real date: `[masked: a word, 7 letters]`.
enum MaskedValue {
    static func describe(_ value: String) -> String {
        "[masked: " + kind(of: value) + "]"
    }

    private static func kind(of value: String) -> String {
        let characters = value.count
        if value.isEmpty { return "empty" }
        if value.allSatisfy(\.isNumber) { return count(characters, "a number of", "digit") }
        let bytes = Array(value.utf8)
        if ValueShape.looksLikeEmail(bytes) { return "an e-mail address" }
        if DateShape(value) != nil { return "a date, \(characters) characters" }
        if ValueShape.looksLikePhone(bytes) { return "a phone number" }
        let words = value.split(whereSeparator: { $0.isWhitespace })
        if words.count == 1, value.allSatisfy(\.isLetter) { return count(characters, "a word,", "letter") }
        if words.count > 1 { return "\(words.count) words, \(characters) characters" }
        return count(characters, "a text of", "character")
    }

    private static func count(_ number: Int, _ prefix: String, _ unit: String) -> String {
        "\(prefix) \(number) \(unit)\(number == 1 ? "" : "s")"
    }
}
