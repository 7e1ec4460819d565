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

struct CountryDocument: Decodable {
    let countries: [Country]
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
}
