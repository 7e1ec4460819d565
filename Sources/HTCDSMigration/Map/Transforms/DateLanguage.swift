import HTCDS

/// The language a date's month names are read in: `locale:` on an entry or
/// the mapping (`fr`, `fr-FR`, `pt_BR`: the language is what counts), one of
/// those CLDR's bundled month names cover.
enum DateLanguage {
    static let english = "en"

    static func read(_ node: YAMLNode) throws -> String {
        let written = try node.text("locale")
        let language = String(written.lowercased().prefix { $0 != "-" && $0 != "_" })
        let known = (try? MonthNames.bundled().languages) ?? [english]
        guard known.contains(language) else {
            throw MappingError(.localeUnknown(written: written, languages: known), at: node.location)
        }
        return language
    }
}
