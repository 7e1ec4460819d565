import HTCDS

/// Matches source columns to HTCDS fields for `htcds init`: by the field's
/// name, spelling variants and label, by the curated legacy names, and by
/// shared words; yes/no flag columns are matched to a value of a picklist
/// ("Debt?", "meansOfControlDebtBondage" -> vic_MethodsOfControl DebtBondage).
struct ColumnMatcher {
    let standard: Standard
    /// The candidate fields with the stems of their label and short name, made once:
    /// a register can have thousands of columns.
    private let candidateWords: [(field: Field, label: Set<String>, short: Set<String>)]
    /// The flag fields with their labels' stems and their values' labels' stems.
    private let flagWords: [(field: Field, words: Set<String>, values: [(name: String, words: [String])])]

    /// The entities whose fields columns are matched to: a case's, or a related set's.
    let entities: Set<Entity>

    init(standard: Standard, entities: Set<Entity> = ColumnMatcher.caseEntities) {
        self.standard = standard
        self.entities = entities
        candidateWords = standard.fields.filter { entities.contains($0.entity) && !$0.isDeprecated }.map { field in
            (field, Set(NameWords.stems(field.label)), Set(NameWords.stems(field.shortName)))
        }
        flagWords = Self.flagFields.compactMap { standard.field(named: $0) }.map { field in
            (field, Set(NameWords.stems(field.label)), field.values.map { ($0.name, NameWords.stems($0.label)) })
        }
    }

    struct Match: Equatable {
        let field: String
        let score: Double
    }

    struct FlagMatch: Equatable {
        let field: String
        let value: String
        /// Other values fitted as well: the choice is a guess.
        let unsure: Bool
    }

    /// The entities a case record holds; related records are not guessed.
    static let caseEntities: Set<Entity> = [.person, .victim, .case, .consent]

    /// Multiselect (and one single) picklists that exports keep as one yes/no column per value.
    static let flagFields = ["vic_MethodsOfControl", "vic_TypeOfExploitation", "vic_TypeOfSexExploitation",
                             "vic_MethodOfRecruitment", "vic_ForcedLabourIndustry"]

    /// Words flag column names start with that only say "this is a flag of ...".
    static let leadingFlagWords: Set<String> = ["mean", "type", "method", "flag", "has", "is", "was"]

    /// The best field for a column name, or nil below the threshold.
    func match(_ name: String) -> Match? {
        if let field = standard.findField(name), entities.contains(field.entity) {
            return Match(field: field.name, score: 1)
        }
        if let legacy = LegacyNames.field(for: name),
           legacy == LegacyNames.caseID || standard.field(named: legacy).map({ entities.contains($0.entity) }) == true {
            return Match(field: legacy, score: 0.95)
        }
        let words = Set(NameWords.stems(name))
        var best: Match?
        for (field, label, short) in candidateWords {
            let score = 0.9 * max(NameWords.similarity(words, label), NameWords.similarity(words, short))
            if score >= 0.6, score > (best?.score ?? 0) { best = Match(field: field.name, score: score) }
        }
        return best
    }

    /// For a column of flags: the picklist value its name names
    /// ("meansOfControlSexualAbuse" -> vic_MethodsOfControl SexualAbuse).
    func flag(_ name: String) -> FlagMatch? {
        let words = Array(NameWords.stems(name).drop { Self.leadingFlagWords.contains($0) })
        var scored: [(field: String, value: String, score: Double)] = []
        for (field, fieldWords, values) in flagWords {
            let rest = words.filter { !fieldWords.contains($0) }
            // The name names the field ("control", "labour"): a hint, not a rule.
            let namesField = rest.count < words.count ? 0.2 : 0
            for (valueName, valueWords) in values where valueName != "Other" || rest == ["other"] {
                let common = Set(rest).intersection(valueWords).count
                guard common > 0 else { continue }
                // All of the name's own words found in the value, and few words of the value left over.
                let score = Double(common) / Double(Set(rest).union(valueWords).count)
                    + (common == Set(rest).count ? 0.5 : 0) + namesField
                scored.append((field.name, valueName, score))
            }
        }
        scored.sort { $0.score > $1.score }
        guard let best = scored.first, best.score >= 0.3 else { return nil }
        // A tie, or a name with words the value lacks ("Documents Taken?" for "Withholds documents").
        let unsure = best.score < 0.5 || (scored.count > 1 && scored[1].score == best.score)
        return FlagMatch(field: best.field, value: best.value, unsure: unsure)
    }
}
