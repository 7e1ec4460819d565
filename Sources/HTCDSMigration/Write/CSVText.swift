/// Writes CSV rows: fields quoted when they hold the delimiter, a quote, a
/// line break or surrounding spaces; quotes doubled; rows end with CRLF.
enum CSVText {
    static func appendRow(_ fields: [String], to output: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendField(field, to: &output)
        }
        output.append(contentsOf: [0x0D, 0x0A])
    }

    static func appendField(_ field: String, to output: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in
            // Bytes, not Characters: a space first or last is a space byte there
            // (a space with a combining mark after it is quoted too).
            var needsQuotes = bytes.first == 0x20 || bytes.last == 0x20
            if !needsQuotes {
                for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                    needsQuotes = true
                    break
                }
            }
            guard needsQuotes else {
                output.append(contentsOf: bytes)
                return
            }
            output.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { output.append(byte) }
                output.append(byte)
            }
            output.append(UInt8(ascii: "\""))
        }
    }

    /// An HTCDS value as a spreadsheet cell: multiselects joined with `;`,
    /// dates ISO, checkboxes TRUE/FALSE, lookups by their name.
    static func cell(_ value: HTCDSValue?) -> String {
        switch value {
        case nil: ""
        case .text(let text): text
        case .number(let number): number
        case .boolean(let flag): flag ? "TRUE" : "FALSE"
        case .date(let date): date.description
        case .list(let items): items.joined(separator: ";")
        // A lookup's cell is the related record's first field (an organisation's name).
        case .reference(let keys): keys.first.map { cell($0.value) } ?? ""
        }
    }
}
