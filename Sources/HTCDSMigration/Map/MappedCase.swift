/// A record mapped to a case: its id, where it came from, and why its
/// values failed, if any did (each `field: why`, with the problem's code). Its values stay where mapping
/// left them (`MappingScratch.values`) until they are taken or encoded.
struct MappedCase: Sendable {
    let caseID: String
    let location: SourceLocation
    /// `CaseIDRegistry.hash(caseID)`, made on the thread that maps the case
    /// (not the one that checks for duplicates in order).
    let caseIDHash: UInt64
    var invalid: [RejectionReason]

    init(caseID: String, location: SourceLocation, invalid: [RejectionReason]) {
        self.caseID = caseID
        self.location = location
        caseIDHash = CaseIDRegistry.hash(caseID)
        self.invalid = invalid
    }
}
