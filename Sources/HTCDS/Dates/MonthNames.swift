import Foundation

/// The names of the months in the languages the country names cover (CLDR,
/// as bundled in Resources/month-names.tsv): full and abbreviated, as in a
/// date (the genitive: марта) and standing alone (март), lower case, and an
/// abbreviation also without its dot.
public struct MonthNames: Sendable {
    /// By language (`fr`), each spelling's month (1-12).
    private let months: [String: [String: Int]]

    /// The languages it has names in (ISO 639-1).
    public var languages: [String] { months.keys.sorted() }

    /// The bundled names, loaded the first time they are asked for.
    public static func bundled() throws -> MonthNames { try loaded.get() }

    private static let loaded = Result { try MonthNames(resource: .monthNames) }

    /// The month a spelling names in `language`, whatever its letter case; nil if none.
    public func month(_ spelling: String, language: String) -> Int? {
        months[language]?[spelling.lowercased()]
    }

    /// Whether it has names in `language`.
    public func has(language: String) -> Bool { months[language] != nil }

    init(resource: EmbeddedResource) throws {
        var months: [String: [String: Int]] = [:]
        try ResourceLoader.eachLine(of: resource) { columns in
            guard columns.count == 3, let month = Int(columns[1]), (1...12).contains(month) else {
                throw ResourceError(description: "the resource \(resource.name) has a line it cannot read: \(columns)")
            }
            months[columns[0], default: [:]][columns[2]] = month
        }
        self.months = months
    }
}
