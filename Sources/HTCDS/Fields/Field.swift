/// Whether a field is part of the current standard or kept for compatibility.
public enum FieldStatus: String, Sendable, Codable {
    case draft = "DRAFT"
    case deprecated = "DEPRECATED"
}

/// The external code list a field's values come from instead of a picklist.
public enum CodeList: String, Sendable, Codable {
    /// ISO 3166-1, written as alpha-2 (`RO`).
    case country
    /// ISO 639-2, written as the three-letter terminology code (`fra`).
    case language
}

/// One allowed value of a picklist: the system name to emit and the human label.
public struct PicklistValue: Sendable, Hashable, Codable {
    public let name: String
    public let label: String
    /// The standard's definition of the value, where its definitions give one.
    public let definition: String?

    public init(name: String, label: String, definition: String? = nil) {
        self.name = name
        self.label = label
        self.definition = definition
    }
}

/// Something the standard's definitions define for a field that its picklist
/// has no value for (the methods of control `Threats`, `RestrictsMovement`,
/// `UsesChildren`): legacy flags for it must be mapped deliberately.
public struct DefinitionWithoutValue: Sendable, Hashable, Codable {
    public let name: String
    public let definition: String
}

/// One field of the HTCDS 2.0 standard.
public struct Field: Sendable, Identifiable, Hashable {
    /// What a field holds, shared by all its copies: a field is copied into
    /// report events and tallies on the per-record path, and a struct of its
    /// fourteen references took fourteen atomic reference counts a copy.
    private struct Properties {
        let name: String
        let entity: Entity
        let shortName: String
        let label: String
        let type: FieldType
        let isCore: Bool
        let status: FieldStatus
        let section: String
        let description: String
        let notes: String
        let aliases: [String]
        let values: [PicklistValue]
        let codeList: CodeList?
        let definitionsWithoutValue: [DefinitionWithoutValue]
        let pattern: String?
        let valueIndex: LookupIndex<Int>
    }

    /// The one reference a copy of a field holds.
    private final class Shared: Sendable {
        let properties: Properties
        init(_ properties: Properties) { self.properties = properties }
    }

    private let shared: Shared
    private var properties: Properties { shared.properties }

    /// The full name (`prs_Gender`).
    public var name: String { properties.name }
    public var entity: Entity { properties.entity }
    /// The name without its prefix (`Gender`).
    public var shortName: String { properties.shortName }
    public var label: String { properties.label }
    public var type: FieldType { properties.type }
    public var isCore: Bool { properties.isCore }
    public var status: FieldStatus { properties.status }
    /// The heading the field list puts it under ("Referral Details").
    public var section: String { properties.section }
    public var description: String { properties.description }
    public var notes: String { properties.notes }
    /// Other spellings of the name in the official artefacts (Excel template, XLSForm).
    public var aliases: [String] { properties.aliases }
    /// The picklist's values in the standard's order; empty for other fields.
    public var values: [PicklistValue] { properties.values }
    /// Set for country and language fields, whose values come from ISO lists.
    public var codeList: CodeList? { properties.codeList }
    public var definitionsWithoutValue: [DefinitionWithoutValue] { properties.definitionsWithoutValue }
    /// The regular expression the standard's notes give for the value
    /// (`^\+?[1-9]\d{1,14}$`, E.164, for the phone fields).
    public var pattern: String? { properties.pattern }

    var valueIndex: LookupIndex<Int> { properties.valueIndex }

    public var id: String { name }
    public var isDeprecated: Bool { status == .deprecated }
    public var hasPicklist: Bool { !values.isEmpty }

    init(
        name: String, entity: Entity, shortName: String, label: String, type: FieldType,
        isCore: Bool, status: FieldStatus, section: String, description: String, notes: String,
        aliases: [String], values: [PicklistValue], codeList: CodeList?, pattern: String? = nil,
        definitionsWithoutValue: [DefinitionWithoutValue] = []
    ) {
        shared = Shared(Properties(
            name: name, entity: entity, shortName: shortName, label: label, type: type, isCore: isCore,
            status: status, section: section, description: description, notes: notes, aliases: aliases,
            values: values, codeList: codeList, definitionsWithoutValue: definitionsWithoutValue,
            pattern: pattern, valueIndex: Field.makeValueIndex(values)))
    }

    /// Finds a picklist value by its name or label, forgiving case, spacing,
    /// punctuation and non-breaking spaces ("transgender feminine",
    /// "Not Specified/Unknown", "Sexual Exploitation ").
    public func value(matching text: String) -> LookupResult<PicklistValue> {
        switch valueIndex.find(text) {
        case .found(let index): return .found(values[index])
        case .ambiguous(let indexes): return .ambiguous(indexes.map { values[$0] })
        case .notFound:
            return .notFound(suggestions: Suggestions.nearest(
                to: text, among: values.flatMap { [$0.name, $0.label] }))
        }
    }

    /// The value a text names, without computing suggestions on a miss: the
    /// form for hot paths, where a miss is reported by the caller.
    public func findValue(_ text: String) -> PicklistValue? {
        if case .found(let index) = valueIndex.find(text) { return values[index] }
        return nil
    }

    /// Fields are one per name in the standard.
    public static func == (lhs: Field, rhs: Field) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    private static func makeValueIndex(_ values: [PicklistValue]) -> LookupIndex<Int> {
        var index = LookupIndex<Int>()
        for (position, value) in values.enumerated() {
            index.add(value.name, position, tier: 0)
            index.add(value.label, position, tier: 0)
            // The industry names carry a letter tier ("A_AgricultureForestryAndFishing");
            // legacy data writes them without it.
            if let underscore = value.name.firstIndex(of: "_"),
               value.name.distance(from: value.name.startIndex, to: underscore) == 1 {
                index.add(String(value.name[value.name.index(after: underscore)...]), position, tier: 1)
            }
        }
        return index
    }
}
