import Foundation
import Testing
import Yams
@testable import HTCDSMigration

/// The committed schema is the one the engine's key lists make, every shipped
/// mapping validates against it, and keys the engine rejects it rejects too.
/// No Swift package validates JSON Schema, so `SchemaSubsetValidator` below
/// checks the keywords the schema uses (and a test keeps it to those).
@Suite struct MappingSchemaTests {
    static let committedPath = "Schemas/htcds-mapping.schema.json"

    var schema: [String: Any] {
        get throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path(Self.committedPath)))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    @Test func theCommittedSchemaIsTheGeneratedOne() throws {
        let generated = MappingSchema.json(standard: testStandard)
        if ProcessInfo.processInfo.environment["HTCDS_UPDATE_GOLDEN"] == "1" {
            try Data(generated.utf8).write(to: URL(fileURLWithPath: Repository.path(Self.committedPath)))
        }
        let committed = try String(contentsOfFile: Repository.path(Self.committedPath), encoding: .utf8)
        #expect(committed == generated, "regenerate with: swift run htcds schema > \(Self.committedPath)")
    }

    @Test func theValidatorKnowsEveryKeywordTheSchemaUses() throws {
        var used = Set<String>()
        func walk(_ value: Any, underProperties: Bool) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if !underProperties { used.insert(key) }
                    // Names under properties and $defs are names, not keywords.
                    walk(child, underProperties: !underProperties && (key == "properties" || key == "$defs"))
                }
            } else if let array = value as? [Any] {
                array.forEach { walk($0, underProperties: false) }
            }
        }
        walk(try schema, underProperties: false)
        #expect(used.isSubset(of: SchemaSubsetValidator.keywords), "\(used.subtracting(SchemaSubsetValidator.keywords))")
    }

    @Test(arguments: ShippedMappingTests.mappings)
    func shippedMappingsValidate(mapping: String) throws {
        let text = try String(contentsOfFile: Repository.path("Mappings/" + mapping), encoding: .utf8)
        let errors = SchemaSubsetValidator(root: try schema).errors(of: try YAMLInstance.load(text))
        #expect(errors.isEmpty, "\(errors)")
    }

    /// Each change makes a key the engine refuses; the schema must refuse it too.
    @Test(arguments: [
        ("case_id: \"Case No\"", "case_id: \"Case No\"\ncolour: blue"),                 // unknown top-level key
        ("  reader: csv", "  reader: csv\n  record: /x"),                               // option of another reader
        ("  delimiter: auto", "  delimiter: auto\n  sheet: 1"),                        // unknown source key
        ("    from: Date Referred", "    from: Date Referred\n    formats: [x]"),      // unknown entry key
        ("  prs_FirstName: First Name", "  prs_FirstNames: First Name"),               // not a field
        ("  cas_Status:\n    from: Case Status", "  cas_Status:\n    from: Case Status\n    when: { column: Sex, is: F }"),
        ("    given: { Case No: SP-T2", "    gives: { Case No: SP-T2"),                 // unknown test key
    ])
    func keysTheEngineRejectsTheSchemaRejects(_ original: String, _ changed: String) throws {
        let text = try String(contentsOfFile: Repository.path("Mappings/safe-passage-register.yaml"), encoding: .utf8)
        #expect(text.contains(original))
        let broken = text.replacingOccurrences(of: original, with: changed)
        let errors = SchemaSubsetValidator(root: try schema).errors(of: try YAMLInstance.load(broken))
        #expect(!errors.isEmpty, "the schema accepts: \(changed)")
        let engineRefuses: Bool
        do {
            _ = try MappingDocument.parse(text: broken, path: "m.yaml", directory: URL(fileURLWithPath: "/"),
                                          standard: testStandard)
            if changed.contains("gives:") {
                // Tests are read when run, not when the mapping loads.
                let folder = TemporaryFolder()
                folder.write("m.yaml", broken.replacingOccurrences(of: "../Samples/", with: Repository.path("Samples") + "/"))
                let result = try MappingTestRunner.run(mappingPath: folder.path("m.yaml"), standard: testStandard)
                engineRefuses = !result.failures.isEmpty
            } else {
                engineRefuses = false
            }
        } catch {
            engineRefuses = true
        }
        #expect(engineRefuses, "the engine accepts: \(changed)")
    }

    @Test func theMappingReferenceDescribesEveryKey() throws {
        let reference = try String(contentsOfFile: Repository.path("docs/mapping-reference.md"), encoding: .utf8)
        let keys = MappingDocument.topLevelKeys + MappingDocument.commonSourceKeys + ReaderRegistry.all.flatMap(\.optionKeys)
            + EntrySpecification.keys + ConditionSpecification.keys + RelatedSpecification.keys + MappingTestRunner.testKeys
            + CaseIDSpecification.keys
        let missing = Set(keys).filter { !reference.contains("| `\($0)` |") && !reference.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/mapping-reference.md lacks \(missing.sorted())")
    }

    @Test func relatedSetsValidateAndTheirUnknownKeysDoNot() throws {
        let text = try String(contentsOfFile: Repository.path("Mappings/hope-shelter-sqlite.yaml"), encoding: .utf8)
        let validator = SchemaSubsetValidator(root: try schema)
        #expect(validator.errors(of: try YAMLInstance.load(text)).isEmpty)
        let broken = text.replacingOccurrences(of: "    entity: hte", with: "    entity: hte\n    linked_by: x")
        #expect(broken != text)
        #expect(!validator.errors(of: try YAMLInstance.load(broken)).isEmpty)
    }
}

/// A YAML document as an editor's JSON view of it (YAML 1.2 core schema:
/// plain true/false are booleans, plain numbers numbers, quoted scalars text).
enum YAMLInstance {
    static func load(_ text: String) throws -> Any {
        guard let node = try Yams.compose(yaml: text) else { return NSNull() }
        return value(node)
    }

    static func value(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return scalar.string }
            let text = scalar.string
            if ["true", "True", "TRUE"].contains(text) { return true }
            if ["false", "False", "FALSE"].contains(text) { return false }
            if ["", "~", "null", "Null", "NULL"].contains(text) { return NSNull() }
            if text.range(of: #"^[-+]?[0-9]+$"#, options: .regularExpression) != nil, let number = Int(text) { return number }
            if text.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil,
               let number = Double(text) { return number }
            return text
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, child) in mapping { object[key.scalar?.string ?? "\(key)"] = value(child) }
            return object
        case .sequence(let sequence):
            return sequence.map(value)
        case .alias:
            return NSNull()
        }
    }
}

/// Checks an instance against the JSON Schema keywords our schema uses.
struct SchemaSubsetValidator {
    static let keywords: Set<String> = [
        "$schema", "title", "description", "$defs", "$ref", "type", "enum", "const", "properties", "required",
        "additionalProperties", "propertyNames", "items", "anyOf", "allOf", "not", "if", "then", "pattern",
    ]

    let root: [String: Any]

    func errors(of instance: Any) -> [String] {
        var errors: [String] = []
        check(instance, against: root, at: "$", errors: &errors)
        return errors
    }

    private func check(_ instance: Any, against schema: [String: Any], at path: String, errors: inout [String]) {
        if let reference = schema["$ref"] as? String {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            if let target = (root["$defs"] as? [String: Any])?[name] as? [String: Any] {
                check(instance, against: target, at: path, errors: &errors)
            } else {
                errors.append("\(path): unresolved \(reference)")
            }
        }
        if let types = schema["type"] {
            let allowed = (types as? [String]) ?? [(types as? String) ?? ""]
            if !allowed.contains(where: { Self.isType(instance, $0) }) {
                errors.append("\(path): not \(allowed.joined(separator: " or "))")
                return
            }
        }
        if let values = schema["enum"] as? [Any], !values.contains(where: { Self.equal($0, instance) }) {
            errors.append("\(path): not one of \(values)")
        }
        if let value = schema["const"], !Self.equal(value, instance) { errors.append("\(path): not \(value)") }
        if let pattern = schema["pattern"] as? String, let text = instance as? String,
           text.range(of: pattern, options: .regularExpression) == nil {
            errors.append("\(path): does not match \(pattern)")
        }
        if let object = instance as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                errors.append("\(path): lacks \(name)")
            }
            for (name, value) in object {
                if let property = properties[name] as? [String: Any] {
                    check(value, against: property, at: "\(path).\(name)", errors: &errors)
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool {
                        if !allowed { errors.append("\(path): unknown key \(name)") }
                    } else if let additional = additional as? [String: Any] {
                        check(value, against: additional, at: "\(path).\(name)", errors: &errors)
                    }
                }
                if let names = schema["propertyNames"] as? [String: Any] {
                    check(name, against: names, at: "\(path) key \(name)", errors: &errors)
                }
            }
        }
        if let array = instance as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { check(item, against: items, at: "\(path)[\(index)]", errors: &errors) }
        }
        for sub in schema["allOf"] as? [[String: Any]] ?? [] { check(instance, against: sub, at: path, errors: &errors) }
        if let options = schema["anyOf"] as? [[String: Any]] {
            let passes = options.contains { option in
                var found: [String] = []
                check(instance, against: option, at: path, errors: &found)
                return found.isEmpty
            }
            if !passes { errors.append("\(path): fits none of anyOf") }
        }
        if let negated = schema["not"] as? [String: Any] {
            var found: [String] = []
            check(instance, against: negated, at: path, errors: &found)
            if found.isEmpty { errors.append("\(path): matches what not: forbids") }
        }
        if let condition = schema["if"] as? [String: Any], let then = schema["then"] as? [String: Any] {
            var found: [String] = []
            check(instance, against: condition, at: path, errors: &found)
            if found.isEmpty { check(instance, against: then, at: path, errors: &errors) }
        }
    }

    private static func isType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": value is Bool
        case "integer": value is Int
        case "number": value is Int || value is Double
        case "null": value is NSNull
        default: false
        }
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        if let a = a as? String, let b = b as? String { return a == b }
        if let a = a as? Bool, let b = b as? Bool { return a == b }
        if let a = a as? Int, let b = b as? Int { return a == b }
        return false
    }
}

/// The table of codes in docs/ names every code htcds reports, and no other.
@Suite struct CodeTableTests {
    @Test func docsListEveryCode() throws {
        let table = try String(contentsOfFile: Repository.path("docs/codes.md"), encoding: .utf8)
        let listed = table.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { row in
            row.split(separator: "`").dropFirst().first.map(String.init)
        }
        let codes = IssueCode.allCases.map(\.rawValue)
        #expect(Set(codes).subtracting(listed).isEmpty, "docs/codes.md lacks \(Set(codes).subtracting(listed).sorted())")
        #expect(Set(listed).subtracting(codes).isEmpty, "docs/codes.md lists unknown \(Set(listed).subtracting(codes).sorted())")
    }
}
