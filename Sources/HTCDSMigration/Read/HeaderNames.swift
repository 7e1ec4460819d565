import Foundation

/// The columns' names from a header: the one place the CSV and workbook
/// readers make them, so that a header reads alike in every format.
enum HeaderNames {
    /// The names several header rows give together: each row's label carried
    /// right over the blank cells after it (a merged cell is written once),
    /// the rows' labels of a column joined with " / ".
    static func joined(_ rows: [[String]]) -> [String] {
        guard rows.count > 1 else { return rows.first ?? [] }
        let width = rows.map(\.count).max() ?? 0
        var labels = [[String]](repeating: [], count: width)
        for (number, row) in rows.enumerated() {
            var carried = ""
            for column in 0..<width {
                let cell = column < row.count ? row[column].trimmingCharacters(in: .whitespaces) : ""
                // Only labels above the last row are carried (the last row names each column).
                if !cell.isEmpty || number == rows.count - 1 { carried = cell }
                if !carried.isEmpty { labels[column].append(carried) }
            }
        }
        return labels.map { $0.joined(separator: " / ") }
    }

    /// Header names, trimmed; blank ones named by position and repeated ones
    /// numbered, each reported, so that every column can be addressed.
    /// (`droppingTrailingBlanks`: a spreadsheet's unnamed columns after the last named one are not columns.)
    static func named(_ cells: [String], droppingTrailingBlanks: Bool, at location: SourceLocation,
                      issues: IssueSink) -> [String] {
        var names = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        if droppingTrailingBlanks {
            while let last = names.last, last.isEmpty, names.count > 1 { names.removeLast() }
        }
        var seen: [String: Int] = [:]
        for index in names.indices {
            if names[index].isEmpty {
                names[index] = "Column \(index + 1)"
                issues.report(Issue(.headerBlank(column: index + 1, calledAs: names[index]), .warning, at: location))
            }
            let name = names[index]
            if let count = seen[name] {
                var suffix = count + 1
                while seen["\(name) (\(suffix))"] != nil || names.contains("\(name) (\(suffix))") { suffix += 1 }
                names[index] = "\(name) (\(suffix))"
                seen[name] = suffix
                issues.report(Issue(.headerDuplicate(column: index + 1, name: name, calledAs: names[index]), .warning, at: location))
            } else {
                seen[name] = 1
            }
        }
        return names
    }
}
