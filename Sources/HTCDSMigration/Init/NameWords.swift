/// Column names, field labels and picklist values as words to compare:
/// camelCase and snake_case split, lowercased, and reduced to rough stems so
/// that "Restricted" meets "Restricts" and "Threats" meets "threat".
enum NameWords {
    /// Words that carry no meaning when names are compared.
    static let stopWords: Set<String> = ["of", "the", "a", "an", "and", "or", "by", "to", "in", "for", "is", "has", "at"]

    static func split(_ name: String) -> [String] {
        var spaced = ""
        var previousLower = false
        for character in name {
            if character.isUppercase && previousLower { spaced.append(" ") }
            spaced.append(character)
            previousLower = character.isLowercase || character.isNumber
        }
        return spaced.lowercased()
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "'" }).map(String.init)
    }

    /// Meaningful stems of a name, in order, without repeats.
    static func stems(_ name: String) -> [String] {
        var seen = Set<String>()
        return split(name).flatMap { $0.split(separator: "-").map(String.init) }
            .filter { !stopWords.contains($0) }
            .map(stem)
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    static func stem(_ word: String) -> String {
        var word = word
        for suffix in ["ation", "ies", "ing", "ed", "es", "s", "y", "e"] where word.count > suffix.count + 3 && word.hasSuffix(suffix) {
            word.removeLast(suffix.count)
            break
        }
        if word == "labor" { return "labour" }
        return word
    }

    /// Dice's coefficient of two stem sets: 1 for the same words, 0 for none shared.
    static func similarity(_ a: [String], _ b: [String]) -> Double {
        similarity(Set(a), Set(b))
    }

    /// The same on words gathered already (a column's against every field's).
    static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var common = 0
        for word in small where large.contains(word) { common += 1 }
        return 2 * Double(common) / Double(a.count + b.count)
    }
}
