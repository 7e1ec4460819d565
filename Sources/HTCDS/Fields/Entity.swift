/// The tables of HTCDS 2.0, named by the prefix every field name starts with.
public enum Entity: String, CaseIterable, Sendable, Codable, Comparable {
    case organisation = "org"
    case person = "prs"
    case victim = "vic"
    case perpetrator = "per"
    case `case` = "cas"
    case caseComment = "cco"
    case historicTraffickingEvent = "hte"
    case supportPlan = "spl"
    case consent = "con"

    /// The prefix as written in field names, without the underscore (`prs`).
    public var prefix: String { rawValue }

    public var title: String {
        switch self {
        case .organisation: "Organisation"
        case .person: "Person"
        case .victim: "Person - victim context"
        case .perpetrator: "Person - perpetrator context"
        case .case: "Case (with referral details)"
        case .caseComment: "Case comment"
        case .historicTraffickingEvent: "Historic trafficking event"
        case .supportPlan: "Support plan"
        case .consent: "Consent"
        }
    }

    /// Finds an entity by its prefix (`prs`, `prs_`) or its case name (`person`).
    public init?(lenient text: String) {
        let key = LookupKey(text).text
        guard let match = Entity.allCases.first(where: {
            $0.rawValue == key || LookupKey(String(describing: $0)).text == key
        }) else { return nil }
        self = match
    }

    /// The order of the standard's field list.
    public static func < (lhs: Entity, rhs: Entity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
