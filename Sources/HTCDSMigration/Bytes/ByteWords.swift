/// Eight bytes looked at at once, as one little-endian word: where a scan
/// for a few kinds of byte (a CSV field's end, a character JSON escapes)
/// runs over text that mostly holds none of them.
enum ByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// `byte` in each of the word's bytes.
    static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

    /// The high bit of each byte of `word` that is zero, and maybe of bytes
    /// after a zero one (a borrow); the lowest one set is always a zero byte.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }

    /// The high bit of each byte of `word` below `limit` (at most 128), and
    /// maybe of bytes after one (a borrow); the lowest one set is always one.
    @inline(__always)
    static func bytesBelow(_ limit: UInt8, in word: UInt64) -> UInt64 {
        (word &- repeated(limit)) & ~word & highs
    }

    /// The offset, within the word, of the byte the lowest set high bit marks.
    @inline(__always)
    static func firstMarked(_ marks: UInt64) -> Int { marks.trailingZeroBitCount &>> 3 }

    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }
}

/// Three bytes to look for, eight at a time (`ByteWords`): a CSV field's end
/// (delimiter, LF, CR), a quoted field's next quote or line break, an XML
/// tag's end. Made once where the bytes are known, so that a scan repeats
/// no setup.
struct ByteStops {
    private let one: UInt8, two: UInt8, three: UInt8
    private let ones: UInt64, twos: UInt64, threes: UInt64

    init(_ one: UInt8, _ two: UInt8, _ three: UInt8) {
        (self.one, self.two, self.three) = (one, two, three)
        (ones, twos, threes) = (ByteWords.repeated(one), ByteWords.repeated(two), ByteWords.repeated(three))
    }

    /// The high bit of each byte of `word` that is one of the three, and
    /// maybe of bytes after one (a borrow: look at each marked byte); the
    /// lowest one set is always one of them.
    @inline(__always)
    func marks(in word: UInt64) -> UInt64 {
        ByteWords.zeroBytes(word ^ ones) | ByteWords.zeroBytes(word ^ twos) | ByteWords.zeroBytes(word ^ threes)
    }

    /// The offset of the first of the bytes from `start` on, or `bytes.count`
    /// when none comes: eight bytes at a time, the last few one at a time.
    @inline(__always)
    func first(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index &+ 8 <= bytes.count {
            let marks = marks(in: ByteWords.load(bytes, at: index))
            if marks != 0 { return index &+ ByteWords.firstMarked(marks) }
            index &+= 8
        }
        while index < bytes.count, bytes[index] != one, bytes[index] != two, bytes[index] != three { index &+= 1 }
        return index
    }
}
