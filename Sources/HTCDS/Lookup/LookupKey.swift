/// The forgiving form of a name that lookups compare: letters and digits only,
/// lower-cased, accents dropped. "Not Specified/Unknown", "not specified unknown"
/// and "NotSpecified-Unknown\u{00A0}" share the key "notspecifiedunknown";
/// "Türkiye" and "Turkiye" share "turkiye".
public struct LookupKey: Hashable, Sendable {
    public let text: String

    public init(_ raw: some StringProtocol) {
        var scalars = String.UnicodeScalarView()
        // Compatibility decomposition splits accented letters into base letter and
        // combining mark (dropped below) and folds full-width and ligature forms.
        for scalar in String(raw).decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            default:
                continue  // spaces, punctuation, symbols, combining marks
            }
        }
        text = String(scalars)
    }

    public var isEmpty: Bool { text.isEmpty }
}
