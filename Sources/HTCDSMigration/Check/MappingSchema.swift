import HTCDS

/// The JSON Schema of mapping files, for editors (completion and checks as
/// one types: yaml-language-server reads `# yaml-language-server: $schema=`).
/// Made from the key lists the loader itself checks against, and from the
/// standard's fields, so the two cannot drift; a test compares it with the
/// committed Schemas/htcds-mapping.schema.json.
public enum MappingSchema {
    public static func json(standard: Standard) -> String {
        document(standard: standard).rendered()
    }

    static func document(standard: Standard) -> JSONDocument {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string("htcds mapping file (HTCDS \(standard.version))")),
            ("description", .string("A declarative mapping from a legacy source to HTCDS \(standard.version). "
                                    + "Every scalar is read as the text written.")),
            ("type", .string("object")),
            ("required", strings(["htcds", "source", "case_id", "fields"])),
            ("additionalProperties", .boolean(false)),
            ("properties", .object(MappingDocument.topLevelKeys.map { key in (key, topLevel(key, standard: standard)) })),
            ("$defs", .object([
                ("text", .object([("type", strings(["string", "number", "integer", "boolean"]))])),
                ("texts", .object([("anyOf", .array([ref("text"), .object([("type", .string("array")), ("items", ref("text"))])]))])),
                ("flag", .object([("anyOf", .array([.object([("type", .string("boolean"))]),
                                                     .object([("enum", strings(["true", "false", "yes", "no"]))])]))])),
                ("count", .object([("anyOf", .array([.object([("type", .string("integer"))]),
                                                      .object([("type", .string("string")), ("pattern", .string("^[0-9]+$"))])]))])),
                ("source", source()),
                ("entry", entry()),
                ("when", condition()),
                ("related", related()),
                ("test", test()),
            ])),
        ])
    }

    private static func topLevel(_ key: String, standard: Standard) -> JSONDocument {
        switch key {
        case "htcds":
            return described("The HTCDS version the mapping targets; write it quoted.",
                             .object([("anyOf", .array([.object([("const", .string(standard.version))]),
                                                         .object([("type", .string("number"))])]))]))
        case "source": return described("Where the records come from: a reader and its options.", ref("source"))
        case "case_id":
            return described("What identifies a case: a column, several columns joined with -, a template, or a generated id.",
                             .object([("anyOf", .array([ref("texts"), .object([
                                 ("type", .string("object")), ("additionalProperties", .boolean(false)),
                                 ("properties", .object([
                                     ("template", described("Text with column values put in: \"{Year}-{Number}\".", ref("text"))),
                                     ("generate", described("row: the record's ordinal; hash: SHA-256 of the from: cells.",
                                                            .object([("enum", strings(["row", "hash"]))]))),
                                     ("from", described("The columns a hash is made of.", ref("texts"))),
                                     ("prefix", described("Text put before the id.", ref("text"))),
                                 ])),
                             ])]))]))
        case "phone_country_code":
            return described("The calling code of phone numbers written without one (\"+44\"): its main region's numbering plan.", ref("text"))
        case "phone_region":
            return described("The country (ISO code or name) whose numbering plan reads phone numbers written without a calling code.", ref("text"))
        case "phone_region_from":
            return described("A column naming each record's country, for its phone numbers written without a calling code.", ref("text"))
        case "date_formats": return described("Date formats every date entry tries unless it gives its own.", ref("texts"))
        case "locale": return described("The language month names are read in (en, fr, es, pt, de, ru, ar, zh; fr-FR allowed).", ref("text"))
        case "fields": return described("One entry per HTCDS field: its column, columns, or an object with from: and transforms.",
                                        fields(standard.fields, standard: standard))
        case "related": return described("Related record sets (events, support plans, comments, perpetrators, organisations), by name.",
                                         .object([("type", .string("object")), ("additionalProperties", ref("related"))]))
        case "ignore": return described("Source columns deliberately not migrated.", ref("texts"))
        case "not_collected":
            return described("HTCDS fields the source never had: they leave the core-field warnings and are listed as acknowledged in reports.",
                             .object([("type", .string("array")), ("items", .object([("enum", strings(standard.fields.map(\.name)))]))]))
        case "tests": return described("Mapping tests: records given and the HTCDS values expected; run by htcds test.",
                                       .object([("type", .string("array")), ("items", ref("test"))]))
        default: return .object([])
        }
    }

    private static func source() -> JSONDocument {
        var properties: [(String, JSONDocument)] = [
            ("reader", .object([("enum", strings(ReaderRegistry.names))])),
            ("path", described("The input, relative to the mapping file.", ref("text"))),
            ("empty", described("Cell texts that mean empty in every entry.", ref("texts"))),
            ("decimal_comma", ref("flag")),
            ("max_record_bytes", described("The most bytes one record may take (default 64 MiB); a longer one stops the run at its line.",
                                           ref("count"))),
        ]
        var seen = Set(MappingDocument.commonSourceKeys)
        for reader in ReaderRegistry.all {
            for key in reader.optionKeys where seen.insert(key).inserted {
                properties.append((key, sourceOption(key)))
            }
        }
        // Each reader takes its own options only.
        let perReader: [JSONDocument] = ReaderRegistry.all.map { reader in
            .object([
                ("if", .object([("properties", .object([("reader", .object([("const", .string(reader.name))]))])),
                               ("required", strings(["reader"]))])),
                ("then", .object([("propertyNames", .object([("enum", strings(MappingDocument.commonSourceKeys + reader.optionKeys))]))])),
            ])
        }
        return .object([
            ("type", .string("object")),
            ("required", strings(["reader"])),
            ("additionalProperties", .boolean(false)),
            ("properties", .object(properties)),
            ("allOf", .array(perReader)),
        ])
    }

    private static func sourceOption(_ key: String) -> JSONDocument {
        switch key {
        case "encoding":
            return .object([("anyOf", .array([.object([("enum", strings(TextEncoding.allCases.map(\.rawValue)))]),
                                              .object([("type", .string("string"))])]))])
        case "header_row": return .object([("anyOf", .array([ref("count"), .object([("const", .string("auto"))])]))])
        case "data_row", "header_rows", "max_depth": return ref("count")
        case "namespaces": return described("Prefixes the record and column paths use, with their namespace URIs.",
                                            .object([("type", .string("object")), ("additionalProperties", ref("text"))]))
        case "ragged": return .object([("enum", strings(["keep", "reject"]))])
        case "merged": return .object([("enum", strings(["fill", "first"]))])
        case "sheet": return described("The sheet by name, or by position from 1.",
                                       .object([("anyOf", .array([ref("text"), ref("count")]))]))
        default: return ref("text")
        }
    }

    private static func entry() -> JSONDocument {
        let properties: [(String, JSONDocument)] = EntrySpecification.keys.map { key in
            let schema: JSONDocument = switch key {
            case "from", "empty", "ignore_values", "true_values", "false_values", "date": ref("texts")
            case "flags": .object([("type", .string("object")), ("additionalProperties", ref("text"))])
            case "when": ref("when")
            case "trim", "collapse_spaces", "decimal_comma": ref("flag")
            case "case": .object([("enum", strings(TextCleaning.LetterCase.allCases.map(\.rawValue)))])
            case "map": .object([("type", .string("object")), ("additionalProperties", ref("text"))])
            case "boolean": .object([("type", .string("object")), ("additionalProperties", .boolean(false)),
                                     ("properties", .object(EntrySpecification.booleanKeys.map { ($0, ref("texts")) }))])
            case "century_pivot": ref("count")
            default: ref("text")
            }
            return (key, schema)
        }
        return .object([("anyOf", .array([
            ref("text"),
            .object([("type", .string("array")), ("items", ref("text"))]),
            .object([("type", .string("object")), ("additionalProperties", .boolean(false)), ("properties", .object(properties))]),
        ]))])
    }

    /// The fields an entry may target, each with its label, and for
    /// picklists their value names offered for `map:` (labels work too).
    private static func fields(_ fields: [Field], standard: Standard) -> JSONDocument {
        var properties: [(String, JSONDocument)] = []
        for field in fields {
            var description = "\(field.label) (\(field.type.name))" + (field.isDeprecated ? ", deprecated" : "")
            if !field.description.isEmpty { description += ": " + field.description }
            var schema: [(String, JSONDocument)] = [("description", .string(description))]
            if field.hasPicklist {
                let names = JSONDocument.object([("anyOf", .array([.object([("enum", strings(field.values.map(\.name)))]),
                                                                   .object([("type", .string("string"))])]))])
                schema.append(("allOf", .array([ref("entry"), .object([("anyOf", .array([
                    .object([("type", .string("object")), ("properties", .object([
                        ("map", .object([("type", .string("object")), ("additionalProperties", names)])),
                        ("default", names), ("otherwise", names),
                    ]))]),
                    .object([("not", .object([("type", .string("object"))]))]),
                ]))])])))
            } else {
                schema.append(("$ref", .string("#/$defs/entry")))
            }
            properties.append((field.name, .object(schema)))
            for alias in field.aliases {
                properties.append((alias, .object([("description", .string("The official artefacts' spelling of \(field.name)")),
                                                   ("$ref", .string("#/$defs/entry"))])))
            }
        }
        return .object([("type", .string("object")), ("additionalProperties", .boolean(false)), ("properties", .object(properties))])
    }

    private static func condition() -> JSONDocument {
        .object([
            ("type", .string("object")),
            ("required", strings(["column"])),
            ("additionalProperties", .boolean(false)),
            ("properties", .object(ConditionSpecification.keys.map { key in
                (key, key == "empty" ? ref("flag") : key == "in" || key == "not_in" ? ref("texts") : ref("text"))
            })),
        ])
    }

    private static func related() -> JSONDocument {
        .object([
            ("type", .string("object")),
            ("required", strings(["entity", "fields"])),
            ("additionalProperties", .boolean(false)),
            ("properties", .object(RelatedSpecification.keys.map { key in
                let schema: JSONDocument = switch key {
                case "entity": .object([("enum", strings(RelatedEntity.allCases.map(\.rawValue)))])
                case "source": ref("source")
                case "groups", "ignore": ref("texts")
                case "rows": ref("flag")
                case "fields": .object([("type", .string("object")), ("additionalProperties", ref("entry"))])
                default: ref("text")
                }
                return (key, schema)
            })),
        ])
    }

    private static func test() -> JSONDocument {
        .object([
            ("type", .string("object")),
            ("additionalProperties", .boolean(false)),
            ("properties", .object(MappingTestRunner.testKeys.map { key in
                (key, key == "name" ? ref("text") : .object([("type", .string("object"))]))
            })),
        ])
    }

    private static func ref(_ name: String) -> JSONDocument { .object([("$ref", .string("#/$defs/\(name)"))]) }
    private static func strings(_ values: [String]) -> JSONDocument { .array(values.map(JSONDocument.string)) }

    private static func described(_ description: String, _ schema: JSONDocument) -> JSONDocument {
        guard case .object(let pairs) = schema else { return schema }
        return .object([("description", .string(description))] + pairs)
    }
}
