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
    case xmlDoctype = "xml-doctype"
    case pathNeverSeen = "path-never-seen"
    // records
    case caseIDBlank = "case-id-blank"
    case caseIDDuplicate = "case-id-duplicate"
    case recordRejected = "record-rejected"
    case relatedRecordRejected = "related-record-rejected"
    // values
    case invalidValue = "invalid-value"
    case unmappedValue = "unmapped-value"
    case spreadsheetDamage = "spreadsheet-damage"
    case phoneExtensionDropped = "phone-extension-dropped"
    // why a value is invalid (`ValueProblem`)
    case dateFormat = "date-format"
    case dateInvalid = "date-invalid"
    case numberInvalid = "number-invalid"
    case numberOutOfRange = "number-out-of-range"
    case booleanUnknown = "boolean-unknown"
    case emailInvalid = "email-invalid"
    case phoneNotANumber = "phone-not-a-number"
    case phoneTooShort = "phone-too-short"
    case phoneTooLong = "phone-too-long"
    case phoneInvalidLength = "phone-invalid-length"
    case phoneCountryCodeUnknown = "phone-country-code-unknown"
    case phoneNotValidForRegion = "phone-not-valid-for-region"
    case picklistValueUnknown = "picklist-value-unknown"
    case picklistSeveralValues = "picklist-several-values"
    case excelScientificNotation = "excel-scientific-notation"
    case excelErrorCell = "excel-error-cell"
    case controlCharacter = "control-character"
    case blobValue = "blob-value"
    case lookupUnmatched = "lookup-unmatched"
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

/// Why a value failed its field's rules: a stable code for scripts and the
/// words for people. The words never quote the value (it may be personal).
/// A class: a rule's outcome carries one, and a reference is copied with one
/// retain where a struct of a code and a String was copied through witnesses.
public final class ValueProblem: Sendable, Hashable, CustomStringConvertible {
    public let code: IssueCode
    public let message: String

    public init(_ code: IssueCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (lhs: ValueProblem, rhs: ValueProblem) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// Where stages hand their issues: the report implements it.
public protocol IssueSink: AnyObject {
    func report(_ issue: Issue)
}
