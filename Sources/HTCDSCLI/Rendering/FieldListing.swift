import Foundation
import HTCDS

/// How `htcds fields` shows fields: a table grouped by entity, one field in
/// full, or JSON for tools.
struct FieldListing {
    let standard: Standard
    /// Whether details show the standard's definition under each value.
    var showsDefinitions = false

    /// Every given field, one line each, under its entity's heading.
    func table(_ fields: [Field]) -> String {
        let nameWidth = fields.map(\.name.count).max() ?? 0
        let typeWidth = fields.map { typeDescription($0).count }.max() ?? 0
        var out = "HTCDS \(standard.version): \(fields.count) fields (\(fields.filter(\.isCore).count) core)\n"
        for entity in Entity.allCases {
            let group = fields.filter { $0.entity == entity }
            guard !group.isEmpty else { continue }
            out += "\n\(entity.title) (\(entity.prefix)_)\n"
            for field in group {
                var line = "  " + padded(field.name, nameWidth)
                line += "  " + (field.isCore ? "core" : "    ")
                line += "  " + padded(typeDescription(field), typeWidth)
                line += "  " + field.label
                if field.isDeprecated { line += " (deprecated)" }
                out += line + "\n"
            }
        }
        out += "\n\(standard.attribution)\n"
        return out
    }

    /// Each given field in full: its facts, description and allowed values.
    func details(_ fields: [Field]) -> String {
        fields.map(detail).joined(separator: "\n")
    }

    private func detail(_ field: Field) -> String {
        var out = "\(field.name): \(field.label)\n"
        var facts: [(String, String)] = [
            ("entity", "\(field.entity.title) (\(field.entity.prefix)_)"),
            ("type", typeDescription(field)),
            ("core", field.isCore ? "yes" : "no"),
            ("status", field.status.rawValue),
        ]
        if !field.aliases.isEmpty {
            facts.append(("also spelt", field.aliases.joined(separator: ", ")))
        }
        if !field.description.isEmpty { facts.append(("description", field.description)) }
        if !field.notes.isEmpty { facts.append(("notes", field.notes)) }
        let width = facts.map(\.0.count).max()! + 1
        for (key, value) in facts {
            out += "  " + padded(key + ":", width) + " " + value + "\n"
        }
        switch field.codeList {
        case .country:
            out += "  values: ISO 3166-1 alpha-2 codes (\(standard.countries.countries.count) countries, e.g. RO);"
            out += " codes, names and translated names are converted\n"
        case .language:
            out += "  values: ISO 639-2/T codes (\(standard.languages.languages.count) languages, e.g. fra);"
            out += " 639-1 and 639-2/B codes and English names are converted\n"
        case nil where field.hasPicklist:
            out += "  values (\(field.values.count)):\n"
            let nameWidth = field.values.map(\.name.count).max()!
            for value in field.values {
                out += "    " + padded(value.name, nameWidth) + "  " + value.label + "\n"
                if showsDefinitions, let definition = value.definition {
                    out += "      " + definition + "\n"
                }
            }
        case nil:
            break
        }
        if !field.definitionsWithoutValue.isEmpty {
            let names = field.definitionsWithoutValue.map(\.name).joined(separator: ", ")
            out += "  defined without a value: \(names) (map such legacy flags to a value or to Other)\n"
            if showsDefinitions {
                for item in field.definitionsWithoutValue {
                    out += "    \(item.name)\n      \(item.definition)\n"
                }
            }
        }
        return out
    }

    /// The field type, with what a lookup points to or which code list applies.
    private func typeDescription(_ field: Field) -> String {
        switch field.codeList {
        case .country: field.type.name + " (ISO 3166-1)"
        case .language: field.type.name + " (ISO 639-2)"
        case nil: field.type.name
        }
    }

    private func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    // MARK: JSON

    /// One document for every selection, so tools parse a single shape.
    func json(_ fields: [Field]) throws -> String {
        let document = Document(
            standard: standard.name, version: standard.version, attribution: standard.attribution,
            fields: fields.map(FieldDocument.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    private struct Document: Encodable {
        let standard: String
        let version: String
        let attribution: String
        let fields: [FieldDocument]
    }

    private struct FieldDocument: Encodable {
        let name: String
        let entity: String
        let label: String
        let type: String
        let lookupTarget: String?
        let codeList: String?
        let core: Bool
        let status: String
        let section: String
        let description: String
        let aliases: [String]
        let values: [PicklistValue]
        let definitionsWithoutValue: [DefinitionWithoutValue]

        init(_ field: Field) {
            name = field.name
            entity = field.entity.prefix
            label = field.label
            if case .lookup(let target) = field.type {
                type = "Lookup"
                lookupTarget = target.rawValue
            } else {
                type = field.type.name
                lookupTarget = nil
            }
            codeList = field.codeList?.rawValue
            core = field.isCore
            status = field.status.rawValue
            section = field.section
            description = field.description
            aliases = field.aliases
            values = field.values
            definitionsWithoutValue = field.definitionsWithoutValue
        }
    }
}
