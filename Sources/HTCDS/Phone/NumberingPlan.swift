/// One region's telephone numbering plan, from libphonenumber's metadata:
/// its calling code, the prefixes a number written there may start with,
/// the lengths its numbers have and the patterns of its valid numbers.
/// A class: a number's parse passes plans around, and a struct this size
/// retained each of its tables at every copy.
public final class NumberingPlan: Sendable {
    /// ISO 3166-1 alpha-2, or "001" for a calling code of no region (+800, +882 ...).
    public let region: String
    public let callingCode: Int
    /// The calling code's digits (values 0 to 9), for numbers that start with it.
    let callingCodeDigits: [UInt8]
    /// Lengths of its national significant numbers, ascending.
    let possibleLengths: [Int]
    /// Lengths only dialled locally (without an area code), ascending.
    let localOnlyLengths: [Int]
    /// The international dialling prefix ("00", "011"), if it has one.
    let internationalPrefix: DigitPrefixPattern?
    /// The national (trunk) prefix and carrier codes a number may begin with.
    let nationalPrefix: DigitPrefixPattern?
    /// How a national prefix with capture groups rewrites the number ("9\1"), if it does.
    let nationalPrefixTransform: [TransformPart]?
    /// The general shape of its national numbers (no lengths checked).
    let generalPattern: DigitAutomaton
    /// Its valid numbers: the general shape and lengths, and those of one number type.
    let validNumber: DigitAutomaton
    /// The first digits that tell its numbers apart from others of the same calling code.
    let leadingDigits: DigitAutomaton?

    init(region: String, callingCode: Int, callingCodeDigits: [UInt8], possibleLengths: [Int], localOnlyLengths: [Int],
         internationalPrefix: DigitPrefixPattern?, nationalPrefix: DigitPrefixPattern?,
         nationalPrefixTransform: [TransformPart]?, generalPattern: DigitAutomaton, validNumber: DigitAutomaton,
         leadingDigits: DigitAutomaton?) {
        self.region = region
        self.callingCode = callingCode
        self.callingCodeDigits = callingCodeDigits
        self.possibleLengths = possibleLengths
        self.localOnlyLengths = localOnlyLengths
        self.internationalPrefix = internationalPrefix
        self.nationalPrefix = nationalPrefix
        self.nationalPrefixTransform = nationalPrefixTransform
        self.generalPattern = generalPattern
        self.validNumber = validNumber
        self.leadingDigits = leadingDigits
    }

    enum TransformPart: Sendable, Equatable {
        case digits([UInt8])
        case group(Int)
    }

    /// libphonenumber's `_test_number_length` for a number of any type.
    func lengthVerdict(of length: Int) -> LengthVerdict {
        if localOnlyLengths.contains(length) { return .possibleLocalOnly }
        guard let minimum = possibleLengths.first, let maximum = possibleLengths.last else { return .invalidLength }
        if length == minimum { return .possible }
        if length < minimum { return .tooShort }
        if length > maximum { return .tooLong }
        return possibleLengths.dropFirst().contains(length) ? .possible : .invalidLength
    }

    enum LengthVerdict {
        case possible, possibleLocalOnly, tooShort, tooLong, invalidLength
    }
}
