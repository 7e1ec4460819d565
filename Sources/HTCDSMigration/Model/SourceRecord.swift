/// One record as a reader yields it: its values in the order of the reader's
/// columns, and where it starts.
public struct SourceRecord: Sendable {
    public var location: SourceLocation
    /// The values: made by the reader (XML, SQLite, tests), or a delimited
    /// row's cells kept as bytes and made into values only when asked.
    private var storage: Storage
    /// The number of cells the row really had, when it differs from the
    /// header's (the reader reported it; the run's policy keeps or rejects it).
    public var raggedCellCount: Int?
    /// Records nested in this one (repeated XML elements), one list per group
    /// the run asked the reader for, each with its own columns and location.
    public var groups: [[SourceRecord]]

    // Unchecked: `RowCells` is immutable once made, but a ManagedBuffer cannot say so.
    private enum Storage: @unchecked Sendable {
        case values([SourceValue])
        /// Text cells, as many as the reader's columns.
        case row(RowCells)
    }

    public init(location: SourceLocation, values: [SourceValue], raggedCellCount: Int? = nil,
                groups: [[SourceRecord]] = []) {
        self.location = location
        storage = .values(values)
        self.raggedCellCount = raggedCellCount
        self.groups = groups
    }

    /// A row's text cells, one per column.
    init(location: SourceLocation, row: RowCells, raggedCellCount: Int? = nil) {
        self.location = location
        storage = .row(row)
        self.raggedCellCount = raggedCellCount
        groups = []
    }

    /// One value per column of the reader; a short row is padded with `.null`.
    /// Makes every cell a value: the per-record path asks `value(at:)` or `row`.
    public var values: [SourceValue] {
        get {
            switch storage {
            case .values(let values): values
            case .row(let row): (0..<row.count).map { row.value($0) }
            }
        }
        set { storage = .values(newValue) }
    }

    public var valueCount: Int {
        switch storage {
        case .values(let values): values.count
        case .row(let row): row.count
        }
    }

    public func value(at index: Int) -> SourceValue {
        switch storage {
        case .values(let values): values[index]
        case .row(let row): row.value(index)
        }
    }

    /// Whether the reader made the values (typed cells: a workbook's dates), not kept a row of text cells.
    /// (Asked of every record by date rules: no reference to the row is taken.)
    var holdsValues: Bool {
        if case .values = storage { return true }
        return false
    }

    /// The cells as bytes, when the reader kept them so.
    var row: RowCells? {
        if case .row(let row) = storage { return row }
        return nil
    }

    /// Adds one to `counts[i]` for each column i (up to `counts.count`) that
    /// has something in it: a row's cells read straight from its memory, not
    /// asked cell by cell (every cell of every record is counted).
    func countFilled(into counts: UnsafeMutableBufferPointer<Int>) {
        switch storage {
        case .values(let values):
            for index in 0..<min(values.count, counts.count) where MigrationReport.isFilled(values[index]) { counts[index] += 1 }
        case .row(let row):
            withExtendedLifetime(row) {
                let view = row.view
                for index in 0..<min(row.count, counts.count) where view.ends[index] & ~RowCells.absent > view.starts[index] {
                    counts[index] += 1
                }
            }
        }
    }

    /// Whether column `index` has something in it.
    func isFilled(_ index: Int) -> Bool {
        switch storage {
        case .values(let values): MigrationReport.isFilled(values[index])
        case .row(let row): row.cellLength(index) > 0
        }
    }
}
