/// A JSON value with its keys in a chosen order, printed the same way every
/// time, for the report that scripts read.
indirect enum JSONDocument: Equatable {
    case object([(String, JSONDocument)])
    case array([JSONDocument])
    case string(String)
    case integer(Int)
    /// A finite number with a fraction (a fill rate, seconds); written as Swift prints it, which JSON reads.
    case number(Double)
    case boolean(Bool)
    case null

    static func == (lhs: JSONDocument, rhs: JSONDocument) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    /// Two-space indentation, one key a line, a final newline.
    func rendered() -> String {
        var output: [UInt8] = []
        render(into: &output, indent: 0)
        output.append(0x0A)
        return String(decoding: output, as: UTF8.self)
    }

    private func render(into output: inout [UInt8], indent: Int) {
        func newline(_ depth: Int) {
            output.append(0x0A)
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        switch self {
        case .object(let pairs):
            guard !pairs.isEmpty else { output.append(contentsOf: "{}".utf8); return }
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONText.appendString(key, to: &output)
                output.append(contentsOf: ": ".utf8)
                value.render(into: &output, indent: indent + 1)
            }
            newline(indent)
            output.append(UInt8(ascii: "}"))
        case .array(let items):
            guard !items.isEmpty else { output.append(contentsOf: "[]".utf8); return }
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.render(into: &output, indent: indent + 1)
            }
            newline(indent)
            output.append(UInt8(ascii: "]"))
        case .string(let text): JSONText.appendString(text, to: &output)
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .number(let number): output.append(contentsOf: (number.isFinite ? String(number) : "null").utf8)
        case .boolean(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: output.append(contentsOf: "null".utf8)
        }
    }
}
