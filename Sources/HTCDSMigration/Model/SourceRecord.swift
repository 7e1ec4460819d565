/// One record as a reader yields it: its values in the order of the reader's
/// columns, and where it starts.
public struct SourceRecord: Sendable {
    public var location: SourceLocation
    /// One value per column of the reader; a short row is padded with `.null`.
    public var values: [SourceValue]
    /// The number of cells the row really had, when it differs from the
    /// header's (the reader reported it; the run's policy keeps or rejects it).
    public var raggedCellCount: Int?

    public init(location: SourceLocation, values: [SourceValue], raggedCellCount: Int? = nil) {
        self.location = location
        self.values = values
        self.raggedCellCount = raggedCellCount
    }
}
