/// The options of the `xlsx` and `ods` readers (`source:`).
struct WorkbookOptions: Sendable {
    /// The sheet to read; nil: the first visible one.
    var sheet: SheetChoice?
    /// The row that names the columns; nil: found (`header_row: auto`).
    var headerRow: Int?
    var headerRows = 1
    var dataRow: Int?
    /// `merged: fill`: each cell of a merged range reads as its first cell.
    var fillsMerged = false
    var ragged: CSVDialect.RaggedPolicy = .keep

    var detectsHeaderRow: Bool { headerRow == nil && dataRow == nil }

    static let optionKeys = ["sheet", "header_row", "header_rows", "data_row", "merged", "ragged"]

    init() {}

    /// The options from a mapping's `source:` section.
    init(_ options: KeyedNode) throws {
        if let node = options["sheet"] {
            if let position = node.node.scalar.flatMap({ Int($0.string) }) {
                guard position >= 1 else { throw MappingError(.sheetPositionInvalid, at: node.location) }
                sheet = .position(position)
            } else {
                sheet = .name(try node.text("sheet"))
            }
        }
        (headerRow, headerRows, dataRow) = try CSVDialect.headerOptions(options)
        if let node = options["merged"] {
            let written = try node.text("merged")
            guard ["fill", "first"].contains(written) else { throw MappingError(.mergedPolicyUnknown(written: written), at: node.location) }
            fillsMerged = written == "fill"
        }
        ragged = try CSVDialect.raggedPolicy(options) ?? ragged
    }
}
