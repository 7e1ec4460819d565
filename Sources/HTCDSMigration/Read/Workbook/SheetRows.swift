/// One row of a sheet as a workbook format's reader found it: the common
/// ground of .xlsx and .ods, which `SheetRecordReader` makes records of.
struct SheetRow {
    /// 1-based, as the spreadsheet shows it.
    var number: Int
    /// The cells that hold something, by 0-based column, in column order.
    var cells: [(column: Int, value: SourceValue)] = []
    var hidden = false
    /// Merged ranges whose top-left cell is in this row.
    var merges: [MergedRange] = []

    init(number: Int) {
        self.number = number
    }
}

/// Cells merged into one: the top-left holds the value, the others show it.
struct MergedRange: Equatable {
    /// 1-based row and 0-based column of the top-left cell.
    var row: Int
    var column: Int
    var rows: Int
    var columns: Int

    /// From a reference such as `A1:AC1`; nil when it is not one.
    init?(reference: String) {
        let corners = reference.split(separator: ":")
        guard corners.count == 2, let first = CellReference(String(corners[0])), let last = CellReference(String(corners[1])),
              last.row >= first.row, last.column >= first.column else { return nil }
        self.init(row: first.row, column: first.column, rows: last.row - first.row + 1, columns: last.column - first.column + 1)
    }

    init(row: Int, column: Int, rows: Int, columns: Int) {
        self.row = row
        self.column = column
        self.rows = rows
        self.columns = columns
    }
}

/// A cell's address (`C17`): its 1-based row and 0-based column.
struct CellReference: Equatable {
    var row: Int
    var column: Int

    init?(_ text: String) {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "A") + 1)
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "a") + 1)
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        self.row = row
        self.column = column - 1
    }

    /// The column of a reference that may lack its row (`C` of `C17`); nil if it starts with no letter.
    static func column(ofReference bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0, letters = 0
        for byte in bytes {
            let upper = byte & ~0x20
            guard upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(upper - UInt8(ascii: "A") + 1)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : column - 1
    }
}

/// A workbook format's rows of one sheet, in order.
protocol SheetRowSource: AnyObject {
    /// The sheet's name.
    var sheetName: String { get }
    /// Columns (0-based) the sheet hides, known before its first row.
    var hiddenColumns: [Int] { get }
    /// The next row that has anything (a cell, or a merge), nil at the end.
    func nextRow() throws -> SheetRow?
    /// Merged ranges found after the rows (an .xlsx lists them at the
    /// sheet's end), once `nextRow` has returned nil.
    var mergesListedAfterRows: [MergedRange] { get }
}
