/// How bad an issue is.
public enum Severity: String, Sendable, Comparable {
    case error, warning, info

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        let order: [Severity] = [.error, .warning, .info]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// One thing the pipeline noticed, with where it happened.
public struct Issue: Sendable, Hashable {
    public let code: IssueCode
    public let severity: Severity
    public let message: String
    public let location: SourceLocation?
    /// For a rejected record: the codes of why, each once, in order (the
    /// message gives each reason's words).
    public let reasons: [IssueCode]

    public init(_ code: IssueCode, _ severity: Severity, _ message: String, at location: SourceLocation? = nil,
                reasons: [IssueCode] = []) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
        self.reasons = reasons
    }

    /// A finding, its code and words from it (`Finding`).
    public init(_ finding: Finding, _ severity: Severity, at location: SourceLocation? = nil) {
        self.init(finding.code, severity, finding.message, at: location)
    }
}

/// Why a record is rejected (`Finding`): the rejects file gives its words;
/// the report, its code as well.
public struct RejectionReason: Sendable, Hashable, CustomStringConvertible {
    public let finding: Finding

    public init(_ finding: Finding) {
        self.finding = finding
    }

    /// A field's invalid value: `field: why`.
    init(field: String, _ problem: ValueProblem) {
        self.init(.invalidField(field: field, problem.finding))
    }

    public var code: IssueCode { finding.code }
    public var message: String { finding.message }
    public var description: String { message }

    /// The codes of `reasons`, each once, in order.
    static func codes(_ reasons: [RejectionReason]) -> [IssueCode] {
        reasons.reduce(into: []) { codes, reason in if !codes.contains(reason.code) { codes.append(reason.code) } }
    }
}

/// Why a value failed its field's rules (`Finding`): a stable code for
/// scripts and the words for people, which never quote the value. A class: a
/// rule's outcome carries one, and a reference is copied with one retain
/// where a struct of a code and a String was copied through witnesses.
public final class ValueProblem: Sendable, Hashable, CustomStringConvertible {
    public let finding: Finding
    public let code: IssueCode
    public let message: String

    public init(_ finding: Finding) {
        self.finding = finding
        code = finding.code
        message = finding.message
    }

    public static func == (lhs: ValueProblem, rhs: ValueProblem) -> Bool {
        lhs.finding == rhs.finding
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(finding)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// Where stages hand their issues: the report implements it.
public protocol IssueSink: AnyObject {
    func report(_ issue: Issue)
}
