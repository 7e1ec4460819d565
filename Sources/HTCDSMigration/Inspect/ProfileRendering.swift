/// A source profile for people (text) and for tools (JSON). Values of
/// personal-looking columns, and values that look like e-mail addresses or
/// phone numbers, are shown as "[masked]" unless `showValues` is set.
public struct ProfileRendering {
    let profile: SourceProfile
    let showValues: Bool
    /// How many distinct values a text listing shows for a column.
    static let listedValues = 12

    public init(_ profile: SourceProfile, showValues: Bool) {
        self.profile = profile
        self.showValues = showValues
    }

    public func text() -> String {
        var lines = ["\(profile.input) (\(profile.reader)\(profile.inputDescription.isEmpty ? "" : ", \(profile.inputDescription)"))"]
        if let likely = profile.likelyRecordPath {
            lines.append("likely record element: \(likely)  (source: record: \(likely))")
        }
        if !profile.sheets.isEmpty {
            lines.append("sheets (choose one with source: sheet: NAME):")
            for (position, sheet) in profile.sheets.enumerated() {
                lines.append("  \(position + 1). \(sheet.name)" + (sheet.dimension.map { "  cells \($0)" } ?? "")
                             + (sheet.hidden ? "  (hidden)" : "") + (sheet.isRead ? "  <- read" : ""))
            }
        }
        for table in profile.tables {
            let isXMLPaths = profile.describesPaths
            lines.append("")
            if isXMLPaths {
                lines.append("\(table.columns.count) paths (each: how often it occurs, how often it holds a value)")
            } else {
                lines.append((table.name.map { "table \($0): " } ?? "") + "\(table.records) records, \(table.columns.count) columns"
                             + (table.headerRow.map { $0 > 1 ? " (header: row \($0), found below title rows)" : "" } ?? ""))
            }
            let width = min(36, table.columns.map(\.name.count).max() ?? 0)
            for column in table.columns {
                lines.append(contentsOf: describe(column, of: isXMLPaths ? nil : table.records, width: width))
            }
        }
        if !profile.notes.isEmpty {
            lines.append("")
            lines.append(contentsOf: profile.notes)
        }
        if !showValues && profile.tables.contains(where: { $0.columns.contains(where: \.personal) }) {
            lines.append("")
            lines.append("[masked]: personal-looking columns and values are hidden; --show-values shows them")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ column: ColumnProfile, of records: Int?, width: Int) -> [String] {
        let name = column.name.padding(toLength: max(width, column.name.count), withPad: " ", startingAt: 0)
        var summary: String
        if let records {
            let percent = records == 0 ? 0 : (column.filled * 100 + records / 2) / records
            summary = "\(name)  filled \(column.filled)/\(records) (\(percent)%)"
        } else {
            summary = "\(name)  ×\(column.seen)" + (column.filled > 0 ? ", with a value \(column.filled)" : "")
        }
        if column.filled > 0 {
            summary += column.moreDistinctValues ? ", over \(ColumnProfile.distinctCap) distinct" : ", \(column.distinctCount) distinct"
        }
        if column.personal && !showValues { summary += "  [masked]" }
        var lines = [summary]
        guard column.filled > 0 else { return lines }
        var looks = column.kindCounts.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
        if let proposal = column.dateProposal {
            looks += "; dates as \(proposal.formats.joined(separator: " or "))"
                + (proposal.ambiguous ? " (day and month order unsure: no day above 12 seen)" : "")
        }
        lines.append("    looks like: \(looks)")
        let patterns = column.patterns.prefix(4).map { "\($0.pattern) ×\($0.count)" }
        if !patterns.isEmpty && column.kinds[.date] != column.filled {
            lines.append("    patterns:   \(patterns.joined(separator: ", "))" + (column.patterns.count > 4 ? ", …" : ""))
        }
        if column.hasFewValues || column.distinctCount <= Self.listedValues {
            let values = column.values.prefix(Self.listedValues).map { entry in
                (column.shown(entry.value, showValues: showValues).map { "\"\($0)\"" } ?? ReportRendering.mask) + " ×\(entry.count)"
            }
            if column.personal && !showValues { return lines }
            lines.append("    values:     \(values.joined(separator: ", "))" + (column.distinctCount > Self.listedValues ? ", …" : ""))
        }
        return lines
    }

    public func json() -> String {
        var root: [(String, JSONDocument)] = [
            ("input", .string(profile.input)),
            ("reader", .string(profile.reader)),
            ("inputDescription", .string(profile.inputDescription)),
        ]
        if let likely = profile.likelyRecordPath { root.append(("likelyRecordPath", .string(likely))) }
        if !profile.sheets.isEmpty {
            root.append(("sheets", .array(profile.sheets.map { sheet in
                .object([("name", .string(sheet.name)), ("hidden", .boolean(sheet.hidden)),
                         ("dimension", sheet.dimension.map(JSONDocument.string) ?? .null), ("read", .boolean(sheet.isRead))])
            })))
        }
        root.append(("tables", .array(profile.tables.map { table in
            .object([
                ("name", table.name.map(JSONDocument.string) ?? .null),
                ("records", .integer(table.records)),
                ("columns", .array(table.columns.map(columnJSON))),
            ] + (table.headerRow.map { [("headerRow", JSONDocument.integer($0))] } ?? []))
        })))
        root.append(("notes", .array(profile.notes.map(JSONDocument.string))))
        return JSONDocument.object(root).rendered()
    }

    private func columnJSON(_ column: ColumnProfile) -> JSONDocument {
        var pairs: [(String, JSONDocument)] = [
            ("name", .string(column.name)),
            ("seen", .integer(column.seen)),
            ("filled", .integer(column.filled)),
            ("distinct", .integer(column.distinctCount)),
            ("moreDistinct", .boolean(column.moreDistinctValues)),
            ("personal", .boolean(column.personal)),
            ("kinds", .object(column.kindCounts.map { ($0.kind.rawValue, .integer($0.count)) })),
            ("patterns", .array(column.patterns.prefix(20).map {
                .object([("pattern", .string($0.pattern)), ("count", .integer($0.count))])
            })),
        ]
        if let proposal = column.dateProposal {
            pairs.append(("dateFormats", .object([("formats", .array(proposal.formats.map(JSONDocument.string))),
                                                  ("ambiguous", .boolean(proposal.ambiguous)),
                                                 ("count", .integer(column.dateCount))])))
        }
        let listed = column.hasFewValues ? column.values : Array(column.values.prefix(Self.listedValues))
        pairs.append(("values", .array(listed.map { entry in
            .object([("value", .string(column.shown(entry.value, showValues: showValues) ?? ReportRendering.mask)),
                     ("count", .integer(entry.count))])
        })))
        return .object(pairs)
    }
}
