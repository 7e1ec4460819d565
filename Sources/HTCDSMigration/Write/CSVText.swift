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
        let needsQuotes = field.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
        } || field.first == " " || field.last == " "
        guard needsQuotes else {
            output.append(contentsOf: field.utf8)
            return
        }
        output.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { output.append(byte) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
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
