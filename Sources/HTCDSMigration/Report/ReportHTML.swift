import Foundation

/// The report as one self-contained HTML page (`--report report.html`) for
/// the person who decides whether a migration is done: no network, no
/// script, no font or image; its CSS inline, with a print stylesheet and a
/// layout that narrows to a phone. Written as XHTML-compatible markup (no
/// `<main>`, `<section>` or `<svg>`, every element closed) so that an XML
/// parser reads it. Values are masked as in the JSON report (`ReportRendering`).
public struct ReportHTML {
    let rendering: ReportRendering
    private var report: MigrationReport { rendering.report }

    public init(_ rendering: ReportRendering) {
        self.rendering = rendering
    }

    public func page() -> String {
        var page = HTMLText()
        page.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        page.raw("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        page.element("title", "HTCDS migration report: " + (report.inputPath ?? "standard input"))
        page.raw("\n<style>\n" + Self.style + "</style>\n</head>\n<body>\n<div class=\"page\">\n")
        summary(&page)
        run(&page)
        records(&page)
        fields(&page)
        picklistValues(&page)
        coreFields(&page)
        unmapped(&page)
        invalid(&page)
        findings(&page)
        page.raw("<p class=\"foot\">Made by \(ToolVersion.name) \(HTMLText.escaped(ToolVersion.version)) from the HTCDS \(ToolVersion.standard) standard "
                 + "(IOM, CC BY 4.0). Values of personal fields are masked"
                 + (rendering.showValues ? " only where the run was not told to show them (--show-values was given)." : ".")
                 + "</p>\n</div>\n</body>\n</html>\n")
        return page.text
    }

    // MARK: - Sections

    private func summary(_ page: inout HTMLText) {
        page.element("h1", "HTCDS migration report")
        let balanced = report.read == report.written + report.rejected
        page.raw("<p class=\"lede\">")
        page.text("\(report.written) of \(report.read) records written, \(report.rejected) rejected"
                  + (balanced ? "" : " (the counts do not add up)") + ". ")
        let missing = rendering.missingCoreFields.count
        page.text(missing == 0 ? "Every core field is filled or acknowledged." : "\(missing) core field\(missing == 1 ? "" : "s") never filled.")
        page.raw("</p>\n")
    }

    private func run(_ page: inout HTMLText) {
        page.element("h2", "The run")
        var rows: [(String, String)] = [
            ("Input", report.inputPath ?? "standard input"),
            ("Encoding or sheet", report.encoding ?? "—"),
            ("Mapping", report.mappingPath ?? "—"),
            ("Mapping SHA-256", report.mappingSHA256 ?? "—"),
            ("Tool", "\(ToolVersion.name) \(ToolVersion.version), HTCDS \(ToolVersion.standard)"),
            ("Started", RunClock.iso8601(report.startedAt)),
            ("Duration", String(format: "%.3f s", report.duration)),
        ]
        if let header = report.issues[.headerRowDetected]?.examples.first?.location?.description {
            rows.append(("Header found at", header))
        }
        page.raw("<table class=\"facts\">\n")
        for (name, value) in rows {
            page.raw("<tr><th scope=\"row\">")
            page.text(name)
            page.raw("</th><td class=\"wrap\">")
            page.text(value)
            page.raw("</td></tr>\n")
        }
        page.raw("</table>\n")
    }

    private func records(_ page: inout HTMLText) {
        page.element("h2", "Records")
        countBar(&page, label: "cases", parts: [("written", report.written, "ok"), ("rejected", report.rejected, "bad")],
                 total: report.read)
        for set in report.relatedCounts {
            countBar(&page, label: "\(set.name) (\(set.entity.rawValue))",
                     parts: [("linked", set.linked, "ok"), ("rejected", set.rejected, "bad")], total: set.read)
        }
    }

    /// A labelled bar of parts of a total, and the numbers beside it.
    private func countBar(_ page: inout HTMLText, label: String, parts: [(String, Int, String)], total: Int) {
        page.raw("<div class=\"count\"><div class=\"label\">")
        page.text("\(label): \(total) read, " + parts.map { "\($0.1) \($0.0)" }.joined(separator: ", "))
        page.raw("</div><div class=\"bar\">")
        for (name, count, kind) in parts where count > 0 && total > 0 {
            page.raw("<span class=\"\(kind)\" style=\"width: \(Self.percent(count, of: total))%\" title=\"")
            page.text("\(count) \(name)")
            page.raw("\"></span>")
        }
        page.raw("</div></div>\n")
    }

    private func fields(_ page: inout HTMLText) {
        page.element("h2", "Fields filled")
        let fill = report.fieldFill
        guard !fill.isEmpty else { page.element("p", "The mapping fills no field."); return }
        shareTable(&page, head: "field", rows: fill.map { ($0.field.name, $0.field.isCore, $0.filled) })
    }

    /// How many written cases hold each value of each picklist field filled.
    private func picklistValues(_ page: inout HTMLText) {
        let picklists = report.fieldFill.filter { $0.values != nil && $0.filled > 0 }
        guard !picklists.isEmpty else { return }
        page.element("h2", "Picklist values")
        page.element("p", "Written cases holding each value (a multiselect's case holds several).")
        for fill in picklists {
            let values = fill.values ?? []
            page.element("h3", fill.field.name)
            shareTable(&page, head: "value", rows: values.filter { $0.count > 0 }.map {
                (rendering.text($0.name, of: fill.field, columns: []), false, $0.count)
            })
            let unheld = values.filter { $0.count == 0 }.map { rendering.text($0.name, of: fill.field, columns: []) }
            if !unheld.isEmpty {
                page.raw("<p class=\"wrap\">")
                page.text("Held by no case: " + unheld.joined(separator: ", ") + ".")
                page.raw("</p>\n")
            }
        }
    }

    /// Rows of a name (tagged core, or not), a count of written cases, and its share as a bar.
    private func shareTable(_ page: inout HTMLText, head: String, rows: [(name: String, core: Bool, count: Int)]) {
        page.raw("<table class=\"fill\">\n<tr><th scope=\"col\">")
        page.text(head)
        page.raw("</th><th scope=\"col\">cases</th><th scope=\"col\" class=\"barcol\">share of written cases</th></tr>\n")
        for row in rows {
            let share = Self.percent(row.count, of: report.written)
            page.raw("<tr><td class=\"wrap\">")
            page.text(row.name)
            if row.core { page.raw(" <span class=\"tag\">core</span>") }
            page.raw("</td><td class=\"num\">")
            page.text("\(row.count)")
            page.raw("</td><td class=\"barcol\"><div class=\"bar\"><span class=\"ok\" style=\"width: \(share)%\"></span></div>")
            page.raw("<span class=\"share\">\(share)%</span></td></tr>\n")
        }
        page.raw("</table>\n")
    }

    private func coreFields(_ page: inout HTMLText) {
        page.element("h2", "Core fields")
        let missing = rendering.missingCoreFields
        if missing.isEmpty {
            page.element("p", "Every core field is filled in some record, or acknowledged as never collected.")
        } else {
            page.element("p", "Never filled (map them, or list those the source never had under not_collected:):")
            list(&page, missing.map { "\($0.field): \($0.reason)" })
        }
        if !report.notCollected.isEmpty {
            page.element("p", "Acknowledged: the mapping says the source never had these (not_collected:):")
            list(&page, report.notCollected, columns: true)
        }
    }

    private func unmapped(_ page: inout HTMLText) {
        page.element("h2", "Unmapped columns and values")
        let columns = rendering.unmappedColumns
        let values = rendering.sortedUnmappedValues
        guard !columns.isEmpty || !values.isEmpty else { page.element("p", "Every column is used or ignored, and every value mapped."); return }
        if !columns.isEmpty {
            table(&page, head: ["column", "records filling it"], rows: columns.map { column in
                [column.set.map { "\($0): " } .map { $0 + column.name } ?? column.name, "\(column.filled)"]
            })
        }
        if !values.isEmpty {
            var rows: [[String]] = []
            for entry in values {
                for (value, tally) in entry.byCount {
                    rows.append([entry.field.name, rendering.text(value, of: entry.field, columns: entry.columns), "\(tally.count)",
                                 tally.becameOther ? "became Other" : "left empty"])
                }
                if entry.otherValuesCount > 0 { rows.append([entry.field.name, "(more values not listed)", "\(entry.otherValuesCount)", ""]) }
            }
            table(&page, head: ["field", "value", "count", "outcome"], rows: rows)
        }
    }

    private func invalid(_ page: inout HTMLText) {
        page.element("h2", "Invalid values")
        let tallies = rendering.sortedInvalidValues
        guard !tallies.isEmpty else { page.element("p", "No invalid value."); return }
        table(&page, head: ["field", "code", "reason", "count", "first at"], rows: tallies.map { tally in
            [tally.field.name, tally.problem.code.rawValue, tally.reason, "\(tally.count)",
             tally.examples.first?.location?.description ?? "—"]
        })
    }

    private func findings(_ page: inout HTMLText) {
        page.element("h2", "Other findings")
        let codes = IssueCode.allCases.filter { report.issues[$0] != nil }
        guard !codes.isEmpty else { page.element("p", "None."); return }
        table(&page, head: ["code", "severity", "count", "first"], rows: codes.map { code in
            let tally = report.issues[code]!
            let first = tally.examples.first
            return [code.rawValue, tally.severity.rawValue, "\(tally.count)",
                    (first?.message ?? "") + (first?.location.map { " (\($0))" } ?? "")]
        })
    }

    // MARK: - Parts

    private func table(_ page: inout HTMLText, head: [String], rows: [[String]]) {
        page.raw("<table>\n<tr>")
        for name in head {
            page.raw("<th scope=\"col\">")
            page.text(name)
            page.raw("</th>")
        }
        page.raw("</tr>\n")
        for row in rows {
            page.raw("<tr>")
            for cell in row {
                page.raw(Int(cell) != nil ? "<td class=\"num\">" : "<td class=\"wrap\">")
                page.text(cell)
                page.raw("</td>")
            }
            page.raw("</tr>\n")
        }
        page.raw("</table>\n")
    }

    /// `columns`: a list of short names, set in columns where the page is wide enough.
    private func list(_ page: inout HTMLText, _ items: [String], columns: Bool = false) {
        page.raw(columns ? "<ul class=\"names\">\n" : "<ul>\n")
        for item in items { page.element("li", item) }
        page.raw("</ul>\n")
    }

    /// A share in percent, one decimal place, as CSS takes it.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? percent(Double(part) / Double(whole)) : "0"
    }

    /// A share (0...1) in percent, one decimal place, without the sign: `94.9`, `100`.
    static func percent(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    static let style = """
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; background: #fff; }
        .page { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0; }
        h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
        h3 { font-size: 1rem; margin: 1.2rem 0 0.3rem; overflow-wrap: anywhere; }
        .lede { font-size: 1.05rem; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; table-layout: auto; }
        th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
        th { font-weight: 600; background: #f6f8fa; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.wrap, p.wrap, .facts td { overflow-wrap: anywhere; word-break: break-word; }
        .facts th { width: 11rem; }
        .bar { display: flex; height: 0.9rem; background: #eaeef2; border-radius: 3px; overflow: hidden; }
        .bar span { display: block; height: 100%; }
        .ok { background: #2da44e; }
        .bad { background: #cf222e; }
        .count { margin: 0.6rem 0; }
        .count .label { margin-bottom: 0.2rem; }
        .barcol { width: 40%; }
        table.fill { table-layout: fixed; }
        table.fill th:nth-child(2) { width: 4.5rem; text-align: right; }
        .barcol .bar { display: inline-flex; width: calc(100% - 4rem); vertical-align: middle; }
        .share { display: inline-block; width: 3.5rem; text-align: right; font-variant-numeric: tabular-nums; }
        .tag { font-size: 0.75rem; background: #ddf4ff; color: #0969da; border-radius: 3px; padding: 0 0.3rem; }
        .foot { margin-top: 3rem; font-size: 0.85rem; color: #57606a; }
        ul.names { columns: 17rem; column-gap: 2rem; }
        ul.names li { overflow-wrap: anywhere; }
        td { overflow-wrap: anywhere; }
        @media (max-width: 40rem) {
          .page { padding: 0.75rem; }
          .facts th { width: auto; }
          .barcol { width: 33%; }
          table.fill th:nth-child(2) { width: 3.3rem; }
          .barcol .bar { width: calc(100% - 3.2rem); }
          .share { width: 3rem; }
          th, td { padding: 0.25rem 0.3rem; }
        }
        @media print {
          body { font-size: 10pt; }
          .page { max-width: none; padding: 0; }
          h2, h3 { break-after: avoid; }
          tr { break-inside: avoid; }
          .bar, .ok, .bad, .tag, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}

/// Text for an HTML page: what is written as text is escaped; markup is
/// written as it is.
struct HTMLText {
    private(set) var text = ""

    mutating func raw(_ markup: String) { text += markup }

    mutating func text(_ value: String) { text += Self.escaped(value) }

    /// `<name>text</name>` and a line break.
    mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>" + Self.escaped(value) + "</\(name)>\n"
    }

    /// The characters HTML and XML reserve escaped, and control characters
    /// (which XML 1.0 cannot hold) replaced.
    static func escaped(_ value: String) -> String {
        MarkupText.escaped(value)
    }
}
