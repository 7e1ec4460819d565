/// Turns a stream of bytes in one encoding into UTF-8, chunk by chunk. A
/// UTF-16 code unit or surrogate pair cut by a chunk edge waits for the next chunk.
struct UTF8Transcoder {
    enum Source {
        case utf8
        case utf16(bigEndian: Bool)
        case windows1252
        case latin1
    }

    let source: Source
    private var pending: [UInt8] = []
    private var highSurrogate: UInt16?
    /// Code units that could not be decoded (unpaired surrogates), replaced by U+FFFD.
    private(set) var replacements = 0

    init(_ source: Source) {
        self.source = source
    }

    mutating func transcode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        switch source {
        case .utf8:
            output.append(contentsOf: input)
        case .latin1:
            for byte in input { Self.appendScalar(UInt32(byte), to: &output) }
        case .windows1252:
            for byte in input {
                if byte < 0x80 {
                    output.append(byte)
                } else if byte < 0xA0 {
                    Self.appendScalar(Self.windows1252High[Int(byte - 0x80)], to: &output)
                } else {
                    Self.appendScalar(UInt32(byte), to: &output)
                }
            }
        case .utf16(let bigEndian):
            var bytes = input[...]
            if !pending.isEmpty, let first = bytes.first {
                let unit = bigEndian ? UInt16(pending[0]) << 8 | UInt16(first) : UInt16(first) << 8 | UInt16(pending[0])
                pending.removeAll()
                bytes = bytes.dropFirst()
                appendUTF16(unit, to: &output)
            }
            var index = bytes.startIndex
            while index + 1 < bytes.endIndex {
                let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
                appendUTF16(bigEndian ? a << 8 | b : b << 8 | a, to: &output)
                index += 2
            }
            if index < bytes.endIndex { pending.append(bytes[index]) }
        }
    }

    /// Call at the end of the input: a lone half of a pair or an odd byte becomes U+FFFD.
    mutating func finish(into output: inout [UInt8]) {
        if highSurrogate != nil || !pending.isEmpty {
            highSurrogate = nil
            pending.removeAll()
            replacements += 1
            Self.appendScalar(0xFFFD, to: &output)
        }
    }

    private mutating func appendUTF16(_ unit: UInt16, to output: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(unit) {
                let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                Self.appendScalar(scalar, to: &output)
                return
            }
            replacements += 1
            Self.appendScalar(0xFFFD, to: &output)
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF:
            replacements += 1
            Self.appendScalar(0xFFFD, to: &output)
        default: Self.appendScalar(UInt32(unit), to: &output)
        }
    }

    static func appendScalar(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Windows-1252's 0x80...0x9F. The five bytes it leaves undefined (0x81,
    /// 0x8D, 0x8F, 0x90, 0x9D) decode to the C1 controls of the same number, as
    /// browsers do, rather than failing the file.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
