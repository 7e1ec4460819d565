/// The HTCDS 2.0 standard as data that can be queried: its fields and their
/// picklists, the ISO code lists its country and language fields use, and the
/// official Excel template's layout. Everything else asks this type what a
/// field is and which values it allows.
public struct Standard: Sendable {
    public let name: String
    public let version: String
    /// "Human Trafficking Case Data Standard (HTCDS) by IOM, licensed under CC BY 4.0".
    public let attribution: String
    /// All fields, in the standard's order.
    public let fields: [Field]
    public let excelTemplate: ExcelTemplateLayout
    public let countries: CountryTable
    public let languages: LanguageTable

    private let nameIndex: [String: Int]
    private let forgivingNameIndex: LookupIndex<Int>
    private let labelIndex: LookupIndex<Int>

    /// The standard compiled into the package, loaded once.
    public static func bundled() throws -> Standard { try loaded.get() }

    private static let loaded = Result { try Standard.loadBundled() }

    private static func loadBundled() throws -> Standard {
        let document = try ResourceLoader.decode(StandardDocument.self, from: .standard)
        let countries = try ResourceLoader.countries(.countries)
        let languages = try ResourceLoader.languages(.languages)
        let fields = try document.fields.map { entry in
            guard let entity = Entity(rawValue: entry.entity),
                  let type = FieldType(resourceName: entry.type, lookupTarget: entry.lookupTarget) else {
                throw ResourceError(description: "field \(entry.name) has an unknown entity or type")
            }
            return Field(
                name: entry.name, entity: entity, shortName: entry.shortName, label: entry.label,
                type: type, isCore: entry.core, status: entry.status, section: entry.section,
                description: entry.description, notes: entry.notes, aliases: entry.aliases,
                values: entry.values, codeList: entry.codeList, pattern: entry.pattern,
                definitionsWithoutValue: entry.definedWithoutValue ?? [])
        }
        return Standard(
            name: document.standard, version: document.version, attribution: document.attribution,
            fields: fields,
            excelTemplate: ExcelTemplateLayout(
                names: document.excelTemplate.names, labels: document.excelTemplate.labels),
            countries: CountryTable(countries: countries,
                                    lookupKeys: try ResourceLoader.lookupKeys(.countryLookupKeys)),
            languages: LanguageTable(languages: languages,
                                     lookupKeys: try ResourceLoader.lookupKeys(.languageLookupKeys)))
    }

    init(
        name: String, version: String, attribution: String, fields: [Field],
        excelTemplate: ExcelTemplateLayout, countries: CountryTable, languages: LanguageTable
    ) {
        self.name = name
        self.version = version
        self.attribution = attribution
        self.fields = fields
        self.excelTemplate = excelTemplate
        self.countries = countries
        self.languages = languages
        var nameIndex: [String: Int] = [:]
        var forgiving = LookupIndex<Int>()
        var labels = LookupIndex<Int>()
        for (position, field) in fields.enumerated() {
            nameIndex[field.name] = position
            forgiving.add(field.name, position, tier: 0)
            for alias in field.aliases {
                nameIndex[alias] = position
                forgiving.add(alias, position, tier: 0)
            }
            labels.add(field.label, position, tier: 0)
        }
        self.nameIndex = nameIndex
        self.forgivingNameIndex = forgiving
        self.labelIndex = labels
    }

    /// The field with this exact name, or one of the official artefacts'
    /// variant spellings of it (`vic_TraffickinStatusDecisionMakingOrg`).
    public func field(named name: String) -> Field? {
        nameIndex[name].map { fields[$0] }
    }

    /// Finds a field by name, variant spelling or label, forgiving case, spacing
    /// and punctuation (`prs_first_name`, "Mailing Zip/Postal Code"). A label
    /// several entities share ("Longitude") is ambiguous unless `entity` is given.
    /// The one field a text names by name, forgiving spelling or label; nil
    /// otherwise, without the suggestions `resolveField` works out (for
    /// callers that ask of many names, such as `init` of every column).
    public func findField(_ text: String) -> Field? {
        if let field = field(named: text) { return field }
        for index in [forgivingNameIndex, labelIndex] {
            switch index.find(text) {
            case .found(let position): return fields[position]
            case .ambiguous: return nil
            case .notFound: continue
            }
        }
        return nil
    }

    public func resolveField(_ text: String, in entity: Entity? = nil) -> LookupResult<Field> {
        if let field = field(named: text), entity == nil || field.entity == entity {
            return .found(field)
        }
        for index in [forgivingNameIndex, labelIndex] {
            switch index.find(text) {
            case .found(let position) where entity == nil || fields[position].entity == entity:
                return .found(fields[position])
            case .ambiguous(let positions):
                let matches = positions.map { fields[$0] }.filter { entity == nil || $0.entity == entity }
                if matches.count == 1 { return .found(matches[0]) }
                if matches.count > 1 { return .ambiguous(matches) }
            default:
                continue
            }
        }
        let candidates = fields.filter { entity == nil || $0.entity == entity }
        let spellings = candidates.flatMap { field in
            ([field.name, field.label] + field.aliases).map { (spelling: $0, suggestion: field.name) }
        }
        return .notFound(suggestions: Suggestions.nearest(to: text, among: spellings))
    }

    /// The fields whose label is `label`, forgiving case and punctuation.
    public func fields(labelled label: String) -> [Field] {
        switch labelIndex.find(label) {
        case .found(let position): [fields[position]]
        case .ambiguous(let positions): positions.map { fields[$0] }
        case .notFound: []
        }
    }

    public func fields(in entity: Entity) -> [Field] {
        fields.filter { $0.entity == entity }
    }

    public var coreFields: [Field] { fields.filter(\.isCore) }
}
