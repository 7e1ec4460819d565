/// How a record's case id is made (`case_id:`): a column (the usual), several
/// columns joined with "-", a template (`{ template: "{Year}-{Number}" }`), or
/// generated for inputs that have no id: `{ generate: row }` (the record's
/// ordinal among the data records, from 1: stable while the file is
/// unchanged) or `{ generate: hash, from: [columns] }` (the first 12
/// hexadecimal digits of the SHA-256 of the chosen cells joined by U+001F:
/// the same record gets the same id in next month's export), each with an
/// optional `prefix:`.
struct CaseIDSpecification {
    enum Kind {
        case columns([Located<String>])
        case template(TemplateSpecification)
        case generatedRow
        case generatedHash(from: [Located<String>])
    }

    let kind: Kind
    let prefix: String
    let location: SourceLocation

    static let keys = ["template", "generate", "from", "prefix"]

    /// The columns the id is made of.
    var columns: [Located<String>] {
        switch kind {
        case .columns(let columns), .generatedHash(let columns): columns
        case .template(let template): template.columns
        case .generatedRow: []
        }
    }

    static func read(_ node: YAMLNode, diagnostics: MappingDiagnostics) throws -> CaseIDSpecification {
        if node.isScalar {
            return CaseIDSpecification(kind: .columns([Located(try node.text("case_id"), node.location)]), prefix: "",
                                       location: node.location)
        }
        if node.isSequence {
            return CaseIDSpecification(kind: .columns(try node.locatedTexts("case_id")), prefix: "", location: node.location)
        }
        let keyed = try node.keyed("case_id", allowed: keys, diagnostics: diagnostics)
        let prefix = try keyed["prefix"]?.text("prefix") ?? ""
        if let template = keyed["template"] {
            return CaseIDSpecification(kind: .template(try TemplateSpecification(template)), prefix: prefix, location: node.location)
        }
        guard let generate = keyed["generate"] else { throw MappingError(.caseIDNeedsSource, at: node.location) }
        switch try generate.text("generate") {
        case "row":
            return CaseIDSpecification(kind: .generatedRow, prefix: prefix, location: node.location)
        case "hash":
            guard let from = keyed["from"] else { throw MappingError(.caseIDHashNeedsColumns, at: generate.location) }
            return CaseIDSpecification(kind: .generatedHash(from: try from.locatedTexts("from")), prefix: prefix,
                                       location: node.location)
        case let written:
            throw MappingError(.caseIDGenerateUnknown(written: written), at: generate.location)
        }
    }
}

/// A case id made of a record, compiled against the input's columns.
struct CaseIDRule {
    enum Kind {
        case columns([Int])
        case template([FieldRule.TemplatePart])
        case row
        case hash([Int])
    }

    let kind: Kind
    let prefix: String
    /// What the id is made of, as messages say it: `column Case No`, `columns Year, Number`.
    let source: String

    /// The columns it reads.
    var columns: [Int] {
        switch kind {
        case .columns(let indexes), .hash(let indexes): indexes
        case .template(let parts): parts.compactMap { if case .column(let index) = $0 { index } else { nil } }
        case .row: []
        }
    }

    /// The record's case id, trimmed ("" when blank: every cell it reads is).
    func id(of record: SourceRecord) -> String {
        switch kind {
        case .columns(let indexes) where indexes.count == 1:
            let id = Self.cell(record, indexes[0])
            return id.isEmpty ? "" : prefix + id
        case .columns(let indexes):
            let parts = indexes.map { Self.cell(record, $0) }
            return parts.allSatisfy(\.isEmpty) ? "" : prefix + parts.joined(separator: "-")
        case .template(let parts):
            var id = ""
            var anyFilled = false
            for part in parts {
                switch part {
                case .literal(let text): id += text
                case .column(let index):
                    let cell = Self.cell(record, index)
                    anyFilled = anyFilled || !cell.isEmpty
                    id += cell
                }
            }
            return anyFilled ? prefix + TextCleaning.trimmed(id) : ""
        case .row:
            return prefix + String(record.location.record ?? 0)
        case .hash(let indexes):
            let cells = indexes.map { Self.cell(record, $0) }
            guard !cells.allSatisfy(\.isEmpty) else { return "" }
            // `hex` hashes its argument and writes the digest in hexadecimal.
            return prefix + String(SHA256.hex(Array(cells.joined(separator: "\u{1F}").utf8)).prefix(12))
        }
    }

    private static func cell(_ record: SourceRecord, _ index: Int) -> String {
        TextCleaning.trimmed(record.value(at: index).text ?? "")
    }
}
