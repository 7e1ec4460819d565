/// A language of ISO 639-2.
public struct Language: Sendable, Hashable, Codable {
    /// The terminology code HTCDS writes (`fra`).
    public let alpha3: String
    /// The bibliographic code, where it differs (`fre`).
    public let bibliographic: String?
    /// The ISO 639-1 two-letter code, where there is one (`fr`).
    public let alpha2: String?
    /// English names ("Spanish", "Castilian").
    public let names: [String]
}

/// ISO 639-2 with lookups by two- or three-letter code or English name.
public struct LanguageTable: Sendable {
    public let languages: [Language]
    private let index: LookupIndex<Int>

    init(languages: [Language], lookupKeys: [ByteKey: String] = [:]) {
        self.languages = languages
        var index = LookupIndex<Int>(knownKeys: lookupKeys,
                                     capacity: languages.reduce(0) { $0 + 3 + $1.names.count })
        for (position, language) in languages.enumerated() {
            for code in [language.alpha3, language.bibliographic, language.alpha2].compactMap({ $0 }) {
                index.add(code, position, tier: 0)
            }
            for name in language.names { index.add(name, position, tier: 1) }
        }
        self.index = index
    }

    /// Finds a language by ISO 639-1 or 639-2 (T or B) code or English name.
    public func lookup(_ text: String) -> LookupResult<Language> {
        switch index.find(text) {
        case .found(let position): return .found(languages[position])
        case .ambiguous(let positions): return .ambiguous(positions.map { languages[$0] })
        case .notFound:
            return .notFound(suggestions: Suggestions.nearest(to: text, among: languages.flatMap(\.names)))
        }
    }

    /// The language a text names, without suggestions on a miss (for hot paths).
    public func find(_ text: String) -> Language? {
        if case .found(let position) = index.find(text) { return languages[position] }
        return nil
    }

    /// The language with this 639-2/T code, exactly as HTCDS writes it.
    public func language(alpha3 code: String) -> Language? {
        languages.first { $0.alpha3 == code }
    }
}
