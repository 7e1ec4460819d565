/// Up to 32 digits (values 0 to 9) held inline, with the bounds of the part
/// in use: a number's digits go through the parse, sliced and rewritten,
/// without an allocation or a reference count. A slice keeps its indices, as
/// an ArraySlice does. Numbers of more digits are too long for any plan.
public struct PhoneDigits: RandomAccessCollection, Equatable, Sendable {
    public static let capacity = 32
    private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    public private(set) var startIndex = 0
    public private(set) var endIndex = 0

    public init() {}

    /// The digits, or nil when there are more than `capacity`.
    public init?(_ digits: some Sequence<UInt8>) {
        for digit in digits {
            guard endIndex < Self.capacity else { return nil }
            append(digit)
        }
    }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= startIndex && position < endIndex, "a digit outside the number")
        return withUnsafeBytes(of: storage) { $0[position] }
    }

    public subscript(bounds: Range<Int>) -> PhoneDigits {
        precondition(bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex, "digits outside the number")
        var slice = self
        slice.startIndex = bounds.lowerBound
        slice.endIndex = bounds.upperBound
        return slice
    }

    /// Appends a digit; false when the number is full.
    @discardableResult
    public mutating func append(_ digit: UInt8) -> Bool {
        guard endIndex < Self.capacity else { return false }
        let position = endIndex
        withUnsafeMutableBytes(of: &storage) { $0[position] = digit }
        endIndex += 1
        return true
    }

    public static func == (lhs: PhoneDigits, rhs: PhoneDigits) -> Bool { lhs.elementsEqual(rhs) }
}
