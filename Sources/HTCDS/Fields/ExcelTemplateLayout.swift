/// The columns of the official "HTCDS Excel Spreadsheet v2.0" as published:
/// the hidden field-name row and the label row, quirks included (an unnamed
/// first column, a misspelt name, an empty name, labels shifted against names).
public struct ExcelTemplateLayout: Sendable {
    /// Row 1, byte for byte as published.
    public let names: [String]
    /// Row 2, as published.
    public let labels: [String]
}
