/// A country of ISO 3166-1, with the names legacy registers write it by.
public struct Country: Sendable, Hashable, Codable {
    /// The code HTCDS writes (`RO`).
    public let alpha2: String
    public let alpha3: String
    public let numeric: String
    /// The ISO short name in English ("Moldova, Republic of").
    public let name: String
    public let officialName: String?
    public let commonName: String?
    /// Curated names legacy data uses ("UK", "Ivory Coast") and the XLSForm's labels.
    public let aliases: [String]
    /// Names by gettext locale (`de`, `pt_BR`, `zh_CN` ...), short name first.
    public let translations: [String: [String]]
}

/// ISO 3166-1 with lookups by code, English name, alias or translated name.
public struct CountryTable: Sendable {
    public let countries: [Country]
    private let index: LookupIndex<Int>

    /// `lookupKeys`: keys made ahead for names that are not ASCII (the rest are made here).
    init(countries: [Country], lookupKeys: [ByteKey: String] = [:]) {
        self.countries = countries
        // Texts to add: two codes and up to three English names a country, its aliases and translations.
        let names = countries.reduce(0) { count, country in
            count + 5 + country.aliases.count + country.translations.values.reduce(0) { $0 + $1.count }
        }
        var index = LookupIndex<Int>(knownKeys: lookupKeys, capacity: names)
        // Tiers: codes, then English names and aliases, then the translation of
        // the short name, then translations of official and common names, which
        // clash more often (one country's common name is another's short name).
        for (position, country) in countries.enumerated() {
            index.add(country.alpha2, position, tier: 0)
            index.add(country.alpha3, position, tier: 0)
            for english in [country.name, country.officialName, country.commonName].compactMap({ $0 }) {
                index.add(english, position, tier: 1)
            }
            for alias in country.aliases { index.add(alias, position, tier: 1) }
            for names in country.translations.values {
                for (order, name) in names.enumerated() {
                    index.add(name, position, tier: order == 0 ? 2 : 3)
                }
            }
        }
        self.index = index
    }

    /// Finds a country by alpha-2 or alpha-3 code, English, official or common
    /// name, curated alias, or its name in Arabic, Chinese, French, German,
    /// Portuguese, Russian or Spanish; forgiving case, accents and punctuation.
    public func lookup(_ text: String) -> LookupResult<Country> {
        switch index.find(text) {
        case .found(let position): return .found(countries[position])
        case .ambiguous(let positions): return .ambiguous(positions.map { countries[$0] })
        case .notFound:
            let names = countries.flatMap { [$0.name] + ($0.commonName.map { [$0] } ?? []) + $0.aliases }
            return .notFound(suggestions: Suggestions.nearest(to: text, among: names))
        }
    }

    /// The country a text names, without suggestions on a miss (for hot paths).
    public func find(_ text: String) -> Country? {
        if case .found(let position) = index.find(text) { return countries[position] }
        return nil
    }

    /// The country with this alpha-2 code, exactly as HTCDS writes it.
    public func country(alpha2 code: String) -> Country? {
        countries.first { $0.alpha2 == code }
    }
}
