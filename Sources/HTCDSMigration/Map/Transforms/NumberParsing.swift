/// Numbers as written in registers, read strictly: an optional sign, digits,
/// and one decimal separator (a point, or a comma when the mapping says so).
/// No thousands separators and no exponent: "1,234" and "9.8E+08" are not read
/// as numbers. The result is canonical decimal text for a JSON number.
enum NumberParsing {
    static func canonical(_ text: String, decimalComma: Bool) -> String? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        var whole: [UInt8] = []
        var fraction: [UInt8] = []
        var seenSeparator = false
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                if seenSeparator { fraction.append(byte) } else { whole.append(byte) }
            } else if byte == separator && !seenSeparator {
                seenSeparator = true
            } else {
                return nil
            }
        }
        guard !whole.isEmpty, !seenSeparator || !fraction.isEmpty else { return nil }
        while whole.count > 1 && whole.first == UInt8(ascii: "0") { whole.removeFirst() }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        var result = String(decoding: whole, as: UTF8.self)
        if !fraction.isEmpty { result += "." + String(decoding: fraction, as: UTF8.self) }
        if negative && result != "0" { result = "-" + result }
        return result
    }
}

/// The words a checkbox reads as true or false, ignoring case.
struct BooleanWords {
    static let defaultTrue = ["true", "yes", "y", "1", "x"]
    static let defaultFalse = ["false", "no", "n", "0"]

    private let truths: Set<String>
    private let falsehoods: Set<String>
    /// The ASCII words, lowercased, as bytes (a cell is compared without a String).
    private let asciiTruths: [[UInt8]]
    private let asciiFalsehoods: [[UInt8]]
    let description: String

    init(true trueWords: [String]?, false falseWords: [String]?) {
        let trueWords = trueWords ?? Self.defaultTrue
        let falseWords = falseWords ?? Self.defaultFalse
        truths = Set(trueWords.map { $0.lowercased() })
        falsehoods = Set(falseWords.map { $0.lowercased() })
        asciiTruths = truths.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) }
        asciiFalsehoods = falsehoods.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) }
        description = "true: \(trueWords.joined(separator: ", ")); false: \(falseWords.joined(separator: ", "))"
    }

    /// `value` of a cleaned cell's bytes as 1 (true) or 2 (false); nil when
    /// the bytes are neither word in ASCII (the String path decides, and says).
    func state(bytes: ByteView) -> UInt8? {
        if Self.contains(asciiTruths, bytes) { return 1 }
        if Self.contains(asciiFalsehoods, bytes) { return 2 }
        return nil
    }

    private static func contains(_ words: [[UInt8]], _ bytes: ByteView) -> Bool {
        for word in words where word.count == bytes.count {
            var same = true
            for (byte, expected) in zip(bytes, word) where (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != expected {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }

    func value(_ text: String) -> Bool? {
        let key = text.lowercased()
        if truths.contains(key) { return true }
        if falsehoods.contains(key) { return false }
        return nil
    }
}
