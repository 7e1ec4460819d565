import HTCDS

/// The HTCDS entities a case has many of, or refers to.
public enum RelatedEntity: String, Sendable, CaseIterable {
    case historicTraffickingEvent = "hte"
    case supportPlan = "spl"
    case caseComment = "cco"
    /// A perpetrator: a person (`prs_`) in the perpetrator context (`per_`).
    case perpetrator = "per"
    /// Organisations, referred to by the case's organisation lookups.
    case organisation = "org"

    /// The key the case's JSON object nests these records under.
    public var outputKey: String {
        switch self {
        case .historicTraffickingEvent: "historicTraffickingEvents"
        case .supportPlan: "supportPlans"
        case .caseComment: "caseComments"
        case .perpetrator: "perpetrators"
        case .organisation: "organisations"
        }
    }

    func accepts(_ field: Field) -> Bool {
        switch self {
        case .historicTraffickingEvent: field.entity == .historicTraffickingEvent
        case .supportPlan: field.entity == .supportPlan
        case .caseComment: field.entity == .caseComment
        case .perpetrator: field.entity == .person || field.entity == .perpetrator
        case .organisation: field.entity == .organisation
        }
    }

    var fieldDescription: String {
        switch self {
        case .perpetrator: "prs_ and per_ fields"
        default: "\(rawValue)_ fields"
        }
    }
}
