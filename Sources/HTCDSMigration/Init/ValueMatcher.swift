import HTCDS

/// Proposes where each source value of a picklist or code-list column goes:
/// nowhere when the engine resolves it by itself (a value's name or label,
/// a country or language the tables know), a value map entry when one value
/// fits clearly, a commented suggestion when it is a guess.
struct ValueMatcher {
    let standard: Standard
    let field: Field

    enum Proposal: Equatable {
        /// The engine resolves the value as written.
        case resolves
        case map(String)
        case suggestion(String)
        case unknown
    }

    func propose(_ value: String) -> Proposal {
        if resolvesByItself(value) { return .resolves }
        if let synonym = LegacyNames.valueSynonyms[field.name]?[value.lowercased().trimmingCharacters(in: .whitespaces)] {
            return .map(synonym)
        }
        switch field.codeList {
        case .country?: return country(value)
        case .language?: return language(value)
        case nil: return picklist(value)
        }
    }

    func resolvesByItself(_ value: String) -> Bool {
        switch field.codeList {
        case .country?: standard.countries.find(value) != nil
        case .language?: standard.languages.find(value) != nil
        case nil: field.findValue(value) != nil
        }
    }

    /// By shared words with the values' labels and names.
    private func picklist(_ value: String) -> Proposal {
        let words = NameWords.stems(value)
        guard !words.isEmpty else { return .unknown }
        var scored = field.values.map { candidate -> (name: String, score: Double) in
            let label = NameWords.stems(candidate.label)
            var score = NameWords.similarity(words, label)
            // Every word of the value inside a longer label: "Agriculture" in "Agriculture, forestry and fishing".
            if Set(words).isSubset(of: label) { score = max(score, 0.7) }
            return (candidate.name, score)
        }
        scored.sort { $0.score > $1.score }
        guard let best = scored.first, best.score >= 0.4 else { return .unknown }
        let tied = scored.count > 1 && scored[1].score == best.score
        if tied { return .unknown }
        return best.score >= 0.66 ? .map(best.name) : .suggestion(best.name)
    }

    /// Demonyms and near spellings: "Romanian" -> Romania, "Vietnamese" -> Viet Nam.
    private func country(_ value: String) -> Proposal {
        let key = LookupKey(value).text
        guard key.count >= 5 else { return .unknown }
        let byPrefix = standard.countries.countries.filter { country in
            ([country.name] + (country.commonName.map { [$0] } ?? []) + country.aliases).contains { name in
                let nameKey = LookupKey(name).text
                return nameKey.count >= 4 && key.hasPrefix(nameKey) && key.count - nameKey.count <= 3
            }
        }
        if byPrefix.count == 1 { return .map(byPrefix[0].alpha2) }
        if case .notFound(let suggestions) = standard.countries.lookup(value), let first = suggestions.first,
           let country = standard.countries.find(first) {
            return .suggestion(country.alpha2)
        }
        return .unknown
    }

    private func language(_ value: String) -> Proposal {
        if case .notFound(let suggestions) = standard.languages.lookup(value), let first = suggestions.first,
           let language = standard.languages.find(first) {
            return .suggestion(language.alpha3)
        }
        return .unknown
    }
}
