/// The report as a short Markdown summary (`--report summary.md`) for pull
/// requests and issue trackers: the HTML page's sections in short form, as
/// tables GitHub and GitLab render. Values are masked as in the JSON report.
public struct ReportMarkdown {
    let rendering: ReportRendering
    private var report: MigrationReport { rendering.report }
    /// Rows a table lists before it says how many more there are.
    static let rowsListed = 20

    public init(_ rendering: ReportRendering) {
        self.rendering = rendering
    }

    public func text() -> String {
        var lines = ["# HTCDS migration report", ""]
        lines.append("**\(report.written) of \(report.read) records written, \(report.rejected) rejected**"
                     + " — input `\(Self.code(report.inputPath ?? "standard input"))`, mapping `\(Self.code(report.mappingPath ?? "—"))`"
                     + (report.mappingSHA256.map { " (SHA-256 `\($0.prefix(12))…`)" } ?? "")
                     + ", \(ToolVersion.name) \(ToolVersion.version), \(RunClock.iso8601(report.startedAt)).")
        lines.append("")
        if !report.relatedCounts.isEmpty {
            lines += table(["related set", "read", "linked", "rejected"], report.relatedCounts.map {
                ["\($0.name) (\($0.entity.rawValue))", "\($0.read)", "\($0.linked)", "\($0.rejected)"]
            })
        }
        lines.append("## Fields filled")
        lines.append("")
        lines += table(["field", "filled", "share"], report.fieldFill.map { fill in
            [fill.field.name + (fill.field.isCore ? " (core)" : ""), "\(fill.filled)",
             ReportHTML.percent(fill.filled, of: report.written) + "%"]
        }, listing: .max)
        let held = report.fieldFill.flatMap { fill in
            (fill.values ?? []).filter { $0.count > 0 }.map { value in
                [fill.field.name, rendering.text(value.name, of: fill.field, columns: []), "\(value.count)",
                 ReportHTML.percent(value.count, of: report.written) + "%"]
            }
        }
        if !held.isEmpty {
            lines.append("## Picklist values")
            lines.append("")
            lines += table(["field", "value", "cases", "share"], held, listing: .max)
        }
        let missing = rendering.missingCoreFields
        lines.append("## Core fields")
        lines.append("")
        lines.append(missing.isEmpty ? "Every core field is filled or acknowledged."
                     : "Never filled: " + missing.map { "`\($0.field)` (\($0.reason))" }.joined(separator: ", ") + ".")
        if !report.notCollected.isEmpty {
            lines.append("")
            lines.append("Acknowledged as never collected (`not_collected:`): " + report.notCollected.map { "`\($0)`" }.joined(separator: ", ") + ".")
        }
        lines.append("")
        let columns = rendering.unmappedColumns
        let values = rendering.sortedUnmappedValues
        if !columns.isEmpty || !values.isEmpty {
            lines.append("## Unmapped")
            lines.append("")
            if !columns.isEmpty {
                lines += table(["column", "records filling it"], columns.map { [($0.set.map { "\($0): " } ?? "") + $0.name, "\($0.filled)"] })
            }
            var rows: [[String]] = []
            for entry in values {
                for (value, tally) in entry.byCount {
                    rows.append([entry.field.name, rendering.text(value, of: entry.field, columns: entry.columns), "\(tally.count)"])
                }
            }
            if !rows.isEmpty { lines += table(["field", "value", "count"], rows) }
        }
        let invalid = rendering.sortedInvalidValues
        if !invalid.isEmpty {
            lines.append("## Invalid values")
            lines.append("")
            lines += table(["field", "code", "count", "first at"], invalid.map {
                [$0.field.name, $0.problem.code.rawValue, "\($0.count)", $0.examples.first?.location?.description ?? "—"]
            })
        }
        let codes = IssueCode.allCases.filter { report.issues[$0] != nil }
        if !codes.isEmpty {
            lines.append("## Other findings")
            lines.append("")
            lines += table(["code", "severity", "count"], codes.map { code in
                let tally = report.issues[code]!
                return [code.rawValue, tally.severity.rawValue, "\(tally.count)"]
            })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown table, at most `listing` rows, then how many more.
    private func table(_ head: [String], _ rows: [[String]], listing: Int = ReportMarkdown.rowsListed) -> [String] {
        var lines = ["| " + head.map(Self.cell).joined(separator: " | ") + " |",
                     "| " + head.map { _ in "---" }.joined(separator: " | ") + " |"]
        lines += rows.prefix(listing).map { "| " + $0.map(Self.cell).joined(separator: " | ") + " |" }
        if rows.count > listing { lines.append("| \(rows.count - listing) more |" + String(repeating: " |", count: head.count - 1)) }
        lines.append("")
        return lines
    }

    /// A table cell: its pipes escaped and its line breaks made spaces, its HTML characters escaped.
    static func cell(_ text: String) -> String {
        MarkupText.escaped(text).replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// Text inside backticks: a backtick in it would end them.
    static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'")
    }
}
