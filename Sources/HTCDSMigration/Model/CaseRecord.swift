/// One case as it is written: its id, where it came from, its HTCDS values
/// in the order of the plan's target fields (nil where empty), and its
/// related records.
public struct CaseRecord: Sendable {
    public let caseID: String
    public let location: SourceLocation
    public var values: [HTCDSValue?]
    /// Related records, one list per related set of the mapping (organisations
    /// are not listed here: they fill the case's lookups).
    public var related: [[RelatedRecord]] = []

    init(caseID: String, location: SourceLocation, values: [HTCDSValue?], related: [[RelatedRecord]] = []) {
        self.caseID = caseID
        self.location = location
        self.values = values
        self.related = related
    }
}
