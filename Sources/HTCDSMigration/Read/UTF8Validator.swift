/// Checks bytes for well-formed UTF-8 as they stream past, across chunk edges:
/// no overlong forms, no surrogates, nothing above U+10FFFF, no truncation.
struct UTF8Validator {
    private var remaining = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// Bytes seen so far; the offset of the first bad byte is kept.
    private(set) var offset = 0
    private(set) var firstInvalidOffset: Int?

    var isValid: Bool { firstInvalidOffset == nil }

    /// Whether `bytes` alone are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var validator = UTF8Validator()
        validator.consume(bytes)
        validator.finish()
        return validator.isValid
    }

    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard firstInvalidOffset == nil else {
            offset += bytes.count
            return
        }
        var index = 0
        let count = bytes.count
        let raw = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            let byte = bytes[index]
            if remaining == 0 {
                if byte < 0x80 {
                    index += 1
                    // Runs of ASCII (nearly all of most files) 32 bytes at a time, then eight.
                    if let raw {
                        while index + 32 <= count,
                              (raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                               | raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                               | raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                               | raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)) & 0x8080_8080_8080_8080 == 0 {
                            index += 32
                        }
                        while index + 8 <= count,
                              raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                            index += 8
                        }
                    }
                    continue
                }
                switch byte {
                case 0xC2...0xDF: remaining = 1
                case 0xE0: remaining = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: remaining = 2
                case 0xED: remaining = 2; upper = 0x9F
                case 0xF0: remaining = 3; lower = 0x90
                case 0xF1...0xF3: remaining = 3
                case 0xF4: remaining = 3; upper = 0x8F
                default:
                    firstInvalidOffset = offset + index
                    offset += count
                    return
                }
            } else {
                guard byte >= lower, byte <= upper else {
                    firstInvalidOffset = offset + index
                    offset += count
                    return
                }
                remaining -= 1
                lower = 0x80
                upper = 0xBF
            }
            index += 1
        }
        offset += count
    }

    /// Call at the end of the input: a sequence cut short is invalid.
    mutating func finish() {
        if remaining > 0, firstInvalidOffset == nil { firstInvalidOffset = offset }
    }
}
