/// One cleaned item as the converters read it: its UTF-8 bytes, and its
/// text, which a converter asks for only when it needs a String (a value
/// of text, a table lookup). An item that came as a String keeps it; one
/// read from a row's bytes makes it when asked.
struct ItemText {
    let bytes: ByteView
    private let given: String?

    init(_ bytes: ByteView, text: String? = nil) {
        self.bytes = bytes
        given = text
    }

    /// The item as a String (made from the bytes each time it is asked, unless given).
    var text: String { given ?? bytes.string }

    /// Calls `body` with a String as an item.
    @inline(__always)
    static func with<Result>(_ text: String, _ body: (ItemText) throws -> Result) rethrows -> Result {
        try ByteView.with(text) { try body(ItemText($0, text: text)) }
    }
}
