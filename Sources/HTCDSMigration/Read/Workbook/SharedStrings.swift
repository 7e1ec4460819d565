/// An .xlsx workbook's shared-strings table (`xl/sharedStrings.xml`): the
/// text of every text cell, which a cell names by its index. Kept as one
/// run of UTF-8 bytes and where each string ends (8 bytes a string besides
/// its text): a million names take their bytes and 8 MB, not a million
/// Strings. Rich text's runs are joined; phonetic guides (`rPh`) are left out.
final class SharedStrings {
    private var bytes: [UInt8] = []
    /// `ends[i]`: where string i ends in `bytes` (it starts where i - 1 ends).
    private var ends: [Int] = []

    var count: Int { ends.count }

    /// The string at `index`; nil when the table has no such index.
    func string(at index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer { OOXMLEscapes.decoded(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    /// Reads the table from `member` of the workbook.
    static func read(_ member: String, of path: String, displayPath: String) throws -> SharedStrings {
        let table = SharedStrings()
        var inText = false
        var phoneticDepth = 0
        try WorkbookPart.read(member, of: path, displayPath: displayPath, started: { name, _ in
            if name == "t" { inText = phoneticDepth == 0 } else if name == "rPh" { phoneticDepth += 1 }
        }, ended: { name in
            if name == "t" {
                inText = false
            } else if name == "rPh" {
                phoneticDepth -= 1
            } else if name == "si" {
                table.ends.append(table.bytes.count)
            }
        }, text: { text in
            if inText { table.bytes.append(contentsOf: text) }
        })
        return table
    }
}
