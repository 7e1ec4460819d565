/// One case after mapping: its id, where it came from, and its HTCDS values
/// in the order of the plan's target fields (nil where empty).
public struct CaseRecord: Sendable {
    public let caseID: String
    public let location: SourceLocation
    public var values: [HTCDSValue?]
    /// `CaseIDRegistry.hash(caseID)`, made with the case (on the thread that
    /// maps it, not the one that checks for duplicates in order).
    let caseIDHash: UInt64
    /// Related records, one list per related set of the mapping (organisations
    /// are not listed here: they fill the case's lookups).
    public var related: [[RelatedRecord]] = []
    /// The writer's rendering of `values`, made ahead by a mapping worker when
    /// nothing after mapping changes them (see `FieldRendering`).
    var renderedFields: [UInt8]?
    /// Or the writer's whole line, when nothing is added to it later (in
    /// the lines of the cases mapped with it: one allocation a chunk of
    /// cases, not one a case, each freed on whichever thread settles it and
    /// fought for the allocator's lock of the thread that made it).
    var renderedLine: RenderedLine?
    /// With `renderedFields` or `renderedLine`: the slots that had a value
    /// (the values themselves are let go on the mapping thread that made them).
    var filledSlots: SlotSet?

    init(caseID: String, location: SourceLocation, values: [HTCDSValue?]) {
        self.caseID = caseID
        self.location = location
        self.values = values
        caseIDHash = CaseIDRegistry.hash(caseID)
    }

    /// A case with what rendering it on a mapping thread made. (Not through
    /// `init(caseID:location:values:)`: delegating, it cost three retains
    /// and 200 instructions a case.)
    init(caseID: String, location: SourceLocation, values: [HTCDSValue?], rendering: Rendering) {
        self.caseID = caseID
        self.location = location
        self.values = values
        caseIDHash = CaseIDRegistry.hash(caseID)
        renderedFields = rendering.fields
        renderedLine = rendering.line
        filledSlots = rendering.filledSlots
    }

    /// What rendering a case's fields on a mapping thread made of it.
    struct Rendering {
        var fields: [UInt8]?
        var line: RenderedLine?
        var filledSlots: SlotSet?
    }
}
