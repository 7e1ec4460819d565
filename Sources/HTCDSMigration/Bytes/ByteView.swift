/// UTF-8 bytes lent for the length of a call: a cell of a row, a memo key,
/// a String's contiguous storage. The mapping rules read cells through it
/// without making Strings.
///
/// Invariant: whoever makes a view owns the bytes and keeps them alive and
/// unchanged while the view is used (a row while it is mapped, a String
/// inside `with(_:_:)`, an arena until its next append); a view is never
/// stored beyond the call it is passed to. Only the types in this folder make
/// views from pointers.
struct ByteView: RandomAccessCollection {
    let buffer: UnsafeBufferPointer<UInt8>

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    var startIndex: Int { 0 }
    var endIndex: Int { buffer.count }

    @inline(__always)
    subscript(position: Int) -> UInt8 { buffer[position] }

    /// Bytes `range` of this view.
    @inline(__always)
    func part(_ range: Range<Int>) -> ByteView { ByteView(UnsafeBufferPointer(rebasing: buffer[range])) }

    /// The bytes as a String (they are valid UTF-8 wherever a view is made).
    var string: String { String(decoding: buffer, as: UTF8.self) }

    /// The bytes are contiguous: generic code that asks (`String(decoding:as:)`,
    /// `elementsEqual`) reads them at once, not a byte at a time through
    /// the subscript (making a cell's String that way cost some 700 instructions).
    @inline(__always)
    func withContiguousStorageIfAvailable<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        try body(buffer)
    }

    /// Calls `body` with a String's UTF-8 bytes (in place when contiguous).
    @inline(__always)
    static func with<Result>(_ text: String, _ body: (ByteView) throws -> Result) rethrows -> Result {
        var text = text
        return try text.withUTF8 { try body(ByteView($0)) }
    }
}
