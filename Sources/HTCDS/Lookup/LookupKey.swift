/// The forgiving form of a name that lookups compare: letters and digits only,
/// lower-cased, accents dropped. "Not Specified/Unknown", "not specified unknown"
/// and "NotSpecified-Unknown\u{00A0}" share the key "notspecifiedunknown";
/// "Türkiye" and "Turkiye" share "turkiye".
public struct LookupKey: Hashable, Sendable {
    public let text: String

    public init(_ raw: some StringProtocol) {
        // Most legacy values are ASCII: keep letters and digits, lower-cased,
        // without the Unicode machinery below (a hot path of every mapping).
        if let ascii = Self.asciiKey(raw.utf8) {
            text = ascii
            return
        }
        var utf8: [UInt8] = []
        // Compatibility decomposition splits accented letters into base letter and
        // combining mark (dropped below) and folds full-width and ligature forms.
        for scalar in String(raw).decomposedStringWithCompatibilityMapping.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                // Most letters of most scripts have no case: a String made for
                // each one's lower-case mapping was half of building the
                // country table, once per run.
                if properties.changesWhenLowercased {
                    for lowered in properties.lowercaseMapping.unicodeScalars {
                        UTF8.encode(lowered) { utf8.append($0) }
                    }
                } else {
                    UTF8.encode(scalar) { utf8.append($0) }
                }
            default:
                continue  // spaces, punctuation, symbols, combining marks
            }
        }
        text = String(decoding: utf8, as: UTF8.self)
    }

    public var isEmpty: Bool { text.isEmpty }

    private static func asciiKey(_ utf8: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
            case 0x80...: return nil
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
