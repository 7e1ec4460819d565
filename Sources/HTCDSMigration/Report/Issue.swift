/// How bad an issue is.
public enum Severity: String, Sendable, Comparable {
    case error, warning, info

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        let order: [Severity] = [.error, .warning, .info]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// Stable codes of everything the pipeline reports. Scripts read them from
/// the JSON report, so a code, once published, keeps its spelling.
public enum IssueCode: String, Sendable, CaseIterable {
    // reading
    case encodingDetected = "encoding-detected"
    case headerBlank = "header-blank"
    case headerDuplicate = "header-duplicate"
    case raggedRow = "ragged-row"
    case blankRows = "blank-rows"
    case xmlEntity = "xml-entity"
    case xmlWarning = "xml-warning"
    // records
    case caseIDBlank = "case-id-blank"
    case caseIDDuplicate = "case-id-duplicate"
    case recordRejected = "record-rejected"
    case relatedRecordRejected = "related-record-rejected"
    // values
    case invalidValue = "invalid-value"
    case unmappedValue = "unmapped-value"
    case spreadsheetDamage = "spreadsheet-damage"
    // mapping
    case deprecatedField = "deprecated-field"
}

/// One thing the pipeline noticed, with where it happened.
public struct Issue: Sendable, Hashable {
    public let code: IssueCode
    public let severity: Severity
    public let message: String
    public let location: SourceLocation?

    public init(_ code: IssueCode, _ severity: Severity, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
    }
}

/// Where stages hand their issues: the report implements it.
public protocol IssueSink: AnyObject {
    func report(_ issue: Issue)
}
