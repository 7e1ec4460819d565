/// One record as a reader yields it: its values in the order of the reader's
/// columns, and where it starts.
public struct SourceRecord: Sendable {
    public var location: SourceLocation
    /// One value per column of the reader; a short row is padded with `.null`.
    public var values: [SourceValue]
    /// The number of cells the row really had, when it differs from the
    /// header's (the reader reported it; the run's policy keeps or rejects it).
    public var raggedCellCount: Int?
    /// Records nested in this one (repeated XML elements), one list per group
    /// the run asked the reader for, each with its own columns and location.
    public var groups: [[SourceRecord]]

    public init(location: SourceLocation, values: [SourceValue], raggedCellCount: Int? = nil,
                groups: [[SourceRecord]] = []) {
        self.location = location
        self.values = values
        self.raggedCellCount = raggedCellCount
        self.groups = groups
    }
}
