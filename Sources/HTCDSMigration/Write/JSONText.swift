/// Writes JSON text as bytes: strings escaped by hand (quote, backslash,
/// control characters), everything else UTF-8 as is. Never writes invalid JSON.
enum JSONText {
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most text needs no escape: copy runs of safe bytes at once.
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscaped(byte, to: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            return true
        }
        if done == nil {
            for byte in text.utf8 {
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    appendEscaped(byte, to: &output)
                } else {
                    output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x00..<0x20:
            output.append(contentsOf: Array("\\u00".utf8))
            output.append(hexDigit(byte >> 4))
            output.append(hexDigit(byte & 0x0F))
        default: output.append(byte)
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }

    static func appendKey(_ key: String, to output: inout [UInt8]) {
        appendString(key, to: &output)
        output.append(UInt8(ascii: ":"))
    }

    /// An HTCDS value in its JSON form: numbers as numbers, dates as ISO strings,
    /// checkboxes as booleans, multiselects as arrays, lookups as nested objects.
    static func appendValue(_ value: HTCDSValue, to output: inout [UInt8]) {
        switch value {
        case .text(let text): appendString(text, to: &output)
        case .number(let number): output.append(contentsOf: number.utf8)
        case .boolean(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .date(let date):
            output.append(count: 12) { bytes in
                bytes[0] = UInt8(ascii: "\"")
                date.writeISO(to: bytes + 1)
                bytes[11] = UInt8(ascii: "\"")
            }
        case .list(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendString(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .reference(let keys):
            output.append(UInt8(ascii: "{"))
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendKey(key.key, to: &output)
                appendValue(key.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
