/// What a related-record field points to.
public enum LookupTarget: String, Sendable, Codable {
    case organisation, person, user
}

/// The field types of the HTCDS 2.0 field list.
public enum FieldType: Sendable, Hashable {
    case text
    case longText
    case number
    case date
    case checkbox
    case geolocation
    case picklist
    case multiselectPicklist
    case picklistOrText
    case lookup(LookupTarget)

    /// The type as the standard's field list writes it.
    public var name: String {
        switch self {
        case .text: "Text"
        case .longText: "Long Text"
        case .number: "Number"
        case .date: "Date"
        case .checkbox: "Checkbox"
        case .geolocation: "Geolocation"
        case .picklist: "Picklist"
        case .multiselectPicklist: "Multiselect Picklist"
        case .picklistOrText: "Picklist or Text"
        case .lookup(let target): "Lookup [to \(target.rawValue)]"
        }
    }

    /// Reads the type as written in the generated resource.
    init?(resourceName: String, lookupTarget: LookupTarget?) {
        switch resourceName {
        case "Text": self = .text
        case "Long Text": self = .longText
        case "Number": self = .number
        case "Date": self = .date
        case "Checkbox": self = .checkbox
        case "Geolocation": self = .geolocation
        case "Picklist": self = .picklist
        case "Multiselect Picklist": self = .multiselectPicklist
        case "Picklist or Text": self = .picklistOrText
        case "Lookup":
            guard let lookupTarget else { return nil }
            self = .lookup(lookupTarget)
        default: return nil
        }
    }

    /// Whether a value of this type is a list.
    public var isMultiValued: Bool { self == .multiselectPicklist }
}
