/// One case after mapping: its id, where it came from, and its HTCDS values
/// in the order of the plan's target fields (nil where empty).
public struct CaseRecord: Sendable {
    public let caseID: String
    public let location: SourceLocation
    public var values: [HTCDSValue?]
}
