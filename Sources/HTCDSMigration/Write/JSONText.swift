/// Writes JSON text as bytes: strings escaped by hand (quote, backslash,
/// control characters), everything else UTF-8 as is. Never writes invalid JSON.
enum JSONText {
    static func appendString<Output: ByteOutput & ~Copyable>(_ text: String, to output: inout Output) {
        output.appendByte(UInt8(ascii: "\""))
        // In place where the bytes are contiguous, nearly always; `withUTF8` only for the
        // rest (it needs a copy of the String: a retain and release).
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscaping($0, to: &output) }
        if done == nil {
            var native = text
            native.withUTF8 { appendEscaping($0, to: &output) }
        }
        output.appendByte(UInt8(ascii: "\""))
    }

    /// UTF-8 bytes as a JSON string's content. Most text needs no escape:
    /// runs of safe bytes are copied at once, found eight bytes at a time.
    @inline(__always)
    private static func appendEscaping<Output: ByteOutput & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>,
                                                                      to output: inout Output) {
        let quotes = ByteWords.repeated(UInt8(ascii: "\"")), backslashes = ByteWords.repeated(UInt8(ascii: "\\"))
        var runStart = 0
        var index = 0
        while index < bytes.count {
            if index &+ 8 <= bytes.count {
                let word = ByteWords.load(bytes, at: index)
                let found = ByteWords.bytesBelow(0x20, in: word) | ByteWords.zeroBytes(word ^ quotes)
                    | ByteWords.zeroBytes(word ^ backslashes)
                if found == 0 {
                    index &+= 8
                    continue
                }
                index &+= ByteWords.firstMarked(found)
            }
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                output.appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscaped(byte, to: &output)
                runStart = index + 1
            }
            index += 1
        }
        output.appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }

    private static func appendEscaped<Output: ByteOutput & ~Copyable>(_ byte: UInt8, to output: inout Output) {
        output.appendByte(0x5C)
        switch byte {
        case UInt8(ascii: "\""): output.appendByte(0x22)
        case UInt8(ascii: "\\"): output.appendByte(0x5C)
        case 0x0A: output.appendByte(UInt8(ascii: "n"))
        case 0x0D: output.appendByte(UInt8(ascii: "r"))
        case 0x09: output.appendByte(UInt8(ascii: "t"))
        default:
            output.appendUTF8("u00")
            output.appendByte(hexDigit(byte >> 4))
            output.appendByte(hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }

    static func appendKey<Output: ByteOutput & ~Copyable>(_ key: String, to output: inout Output) {
        appendString(key, to: &output)
        output.appendByte(UInt8(ascii: ":"))
    }

    /// An HTCDS value in its JSON form: numbers as numbers, dates as ISO strings,
    /// checkboxes as booleans, multiselects as arrays, lookups as nested objects.
    static func appendValue<Output: ByteOutput & ~Copyable>(_ value: HTCDSValue, to output: inout Output) {
        switch value {
        case .text(let text): appendString(text, to: &output)
        case .number(let number): output.appendUTF8(number)
        case .boolean(let flag): output.appendUTF8(flag ? "true" : "false")
        case .date(let date):
            output.appendBytes(count: 12) { bytes in
                bytes[0] = UInt8(ascii: "\"")
                date.writeISO(to: bytes + 1)
                bytes[11] = UInt8(ascii: "\"")
            }
        case .list(let items):
            output.appendByte(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.appendByte(UInt8(ascii: ",")) }
                appendString(item, to: &output)
            }
            output.appendByte(UInt8(ascii: "]"))
        case .reference(let keys):
            output.appendByte(UInt8(ascii: "{"))
            for (index, key) in keys.enumerated() {
                if index > 0 { output.appendByte(UInt8(ascii: ",")) }
                appendKey(key.key, to: &output)
                appendValue(key.value, to: &output)
            }
            output.appendByte(UInt8(ascii: "}"))
        }
    }
}
