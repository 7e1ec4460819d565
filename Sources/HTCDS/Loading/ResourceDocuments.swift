import Foundation

// The shapes of the files in Resources/, written by
// Scripts/generate-standard-resources.py. Only the loader sees them.

struct StandardDocument: Decodable {
    struct FieldEntry: Decodable {
        let name: String
        let entity: String
        let shortName: String
        let label: String
        let type: String
        let lookupTarget: LookupTarget?
        let core: Bool
        let status: FieldStatus
        let section: String
        let description: String
        let notes: String
        let aliases: [String]
        let values: [PicklistValue]
        let codeList: CodeList?
        let pattern: String?
        let definedWithoutValue: [DefinitionWithoutValue]?
    }

    struct TemplateEntry: Decodable {
        let names: [String]
        let labels: [String]
    }

    let standard: String
    let version: String
    let attribution: String
    let fields: [FieldEntry]
    let excelTemplate: TemplateEntry
}

struct LanguageDocument: Decodable {
    let languages: [Language]
}

/// Why the bundled standard could not be loaded: a broken build, never bad input.
public struct ResourceError: Error, CustomStringConvertible {
    public let description: String
}

enum ResourceLoader {
    static func decode<Document: Decodable>(_ type: Document.Type, from file: String) throws -> Document {
        guard let url = Bundle.module.url(forResource: file, withExtension: "json", subdirectory: "Resources") else {
            throw ResourceError(description: "the bundled resource \(file).json is missing")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(contentsOf: url))
        } catch {
            throw ResourceError(description: "the bundled resource \(file).json cannot be read: \(error)")
        }
    }

    /// The lookup keys made when a code list was generated, by name (its
    /// `NAME<TAB>KEY` lines).
    static func lookupKeys(_ file: String) throws -> [String: String] {
        var keys: [String: String] = [:]
        for columns in try tabSeparatedLines(file) {
            guard columns.count == 2 else {
                throw ResourceError(description: "the bundled resource \(file).tsv has a line without one tab")
            }
            keys[columns[0]] = columns[1]
        }
        return keys
    }

    /// The countries of `iso-3166-1.tsv`: a `country` line each (codes and
    /// English names), followed by its `alias` and `translation` lines.
    static func countries(_ file: String) throws -> [Country] {
        var countries: [Country] = []
        var current: (columns: [String], aliases: [String], translations: [String: [String]])?
        func finishCountry() {
            guard let (columns, aliases, translations) = current else { return }
            countries.append(Country(
                alpha2: columns[0], alpha3: columns[1], numeric: columns[2], name: columns[3],
                officialName: columns[4].isEmpty ? nil : columns[4], commonName: columns[5].isEmpty ? nil : columns[5],
                aliases: aliases, translations: translations))
        }
        for columns in try tabSeparatedLines(file) {
            switch (columns[0], columns.count) {
            case ("country", 7):
                finishCountry()
                current = (Array(columns.dropFirst()), [], [:])
            case ("alias", 2) where current != nil:
                current!.aliases.append(columns[1])
            case ("translation", 3) where current != nil:
                current!.translations[columns[1], default: []].append(columns[2])
            default:
                throw ResourceError(description: "the bundled resource \(file).tsv has a line it cannot read: \(columns)")
            }
        }
        finishCountry()
        return countries
    }

    /// A bundled `.tsv` file's lines (not empty, not `#` comments), split at tabs.
    /// Split as bytes: splitting the text as Characters (grapheme by grapheme,
    /// in eight scripts) cost as much as the keys it saves.
    private static func tabSeparatedLines(_ file: String) throws -> [[String]] {
        guard let url = Bundle.module.url(forResource: file, withExtension: "tsv", subdirectory: "Resources") else {
            throw ResourceError(description: "the bundled resource \(file).tsv is missing")
        }
        let bytes = [UInt8](try Data(contentsOf: url))
        var lines: [[String]] = []
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            if lineEnd > lineStart && bytes[lineStart] != UInt8(ascii: "#") {
                lines.append(bytes[lineStart..<lineEnd].split(separator: 0x09, omittingEmptySubsequences: false)
                    .map { String(decoding: $0, as: UTF8.self) })
            }
            lineStart = lineEnd + 1
        }
        return lines
    }
}
