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

    /// The lookup keys made when a code list was generated, by name (its
    /// names that are not ASCII: `name<TAB>key`, a line each).
    static func lookupKeys(_ file: String) throws -> [String: String] {
        guard let url = Bundle.module.url(forResource: file, withExtension: "tsv", subdirectory: "Resources") else {
            throw ResourceError(description: "the bundled resource \(file).tsv is missing")
        }
        // Split as bytes: splitting the text as Characters (grapheme by
        // grapheme, in eight scripts) cost as much as the keys it saves.
        let bytes = [UInt8](try Data(contentsOf: url))
        var keys: [String: String] = [:]
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            guard let tab = bytes[lineStart..<lineEnd].firstIndex(of: 0x09) else {
                throw ResourceError(description: "the bundled resource \(file).tsv has a line without a tab")
            }
            keys[String(decoding: bytes[lineStart..<tab], as: UTF8.self)] =
                String(decoding: bytes[(tab + 1)..<lineEnd], as: UTF8.self)
            lineStart = lineEnd + 1
        }
        return keys
    }
}
