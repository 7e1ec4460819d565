/// Non-negative whole numbers written in ASCII digits, as workbook parts and
/// XML attributes write row numbers, style indexes and dates' parts.
enum DecimalDigits {
    /// The number `bytes` write: one to `maxDigits` digits and nothing else; nil otherwise.
    @inline(__always)
    static func value<Bytes: Collection<UInt8>>(_ bytes: Bytes, maxDigits: Int = 18) -> Int? {
        guard !bytes.isEmpty, bytes.count <= maxDigits else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
