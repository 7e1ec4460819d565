import HTCDS

/// One entry under `fields:` as written: where an HTCDS field's value comes
/// from and the transforms on the way. Checked against the field's type here;
/// bound to the input's columns by the compiler.
struct EntrySpecification {
    enum Origin {
        case columns([Located<String>])
        case constant(Located<String>)
        case template(TemplateSpecification)
        case flags([(column: Located<String>, value: String)])
    }

    let field: Field
    let keyLocation: SourceLocation
    var origin: Origin = .columns([])
    var join = " "
    var condition: ConditionSpecification?
    var cleaning = TextCleaning()
    var empty: [String]?
    var split: String?
    var valueMap: ValueMapSpecification?
    var trueWords: [String]?
    var falseWords: [String]?
    var dateFormats: [Located<String>]?
    var centuryPivot: Int?
    /// The language month names are read in (`locale: fr`); English unless given.
    var locale: String?
    var decimalComma: Bool?
    var phone = PhoneRegionSpecification()
    /// `organisation:`: the related set of organisations a lookup's value is the key of.
    var organisationSet: Located<String>?

    static let keys = [
        "from", "value", "template", "flags", "join", "when", "trim", "collapse_spaces", "case", "empty",
        "split", "map", "map_file", "default", "ignore_values", "otherwise", "keep_original_in",
        "true_values", "false_values", "boolean", "date", "century_pivot", "locale", "decimal_comma",
        "organisation",
    ] + PhoneRegionSpecification.keys

    static let booleanKeys = ["true", "false"]

    /// The columns this entry reads, for checks and for the unmapped-columns report.
    var columns: [Located<String>] {
        var result: [Located<String>] = []
        switch origin {
        case .columns(let columns): result = columns
        case .constant: break
        case .template(let template): result = template.columns
        case .flags(let flags): result = flags.map(\.column)
        }
        if let condition { result.append(condition.column) }
        if let column = phone.regionFrom { result.append(column) }
        return result
    }

    static func parse(
        key: YAMLNode, value: YAMLNode, standard: Standard, diagnostics: MappingDiagnostics
    ) throws -> EntrySpecification {
        let name = try key.text("a field name")
        guard let field = standard.field(named: name) else {
            throw MappingError.fieldUnknown(name, standard: standard, at: key.location)
        }
        if field.isDeprecated {
            diagnostics.warn(.fieldDeprecated(field: field.name, version: standard.version), at: key.location)
        }
        var entry = EntrySpecification(field: field, keyLocation: key.location)
        if value.isScalar {
            entry.origin = .columns([Located(try value.text("a column"), value.location)])
        } else if value.isSequence {
            entry.origin = .columns(try value.locatedTexts("the columns"))
        } else {
            let keyed = try value.keyed("the entry \(name)", allowed: keys, diagnostics: diagnostics)
            try entry.read(keyed, standard: standard, diagnostics: diagnostics)
        }
        try entry.checkFitsField(standard: standard, diagnostics: diagnostics)
        return entry
    }

    private mutating func read(_ keyed: KeyedNode, standard: Standard, diagnostics: MappingDiagnostics) throws {
        let origins = ["from", "value", "template", "flags"].filter { keyed.has($0) }
        guard origins.count == 1 else {
            throw MappingError(origins.isEmpty ? .entryNeedsOrigin(field: field.name)
                                                : .entryHasSeveralOrigins(field: field.name, origins: origins), at: keyed.node.location)
        }
        if let node = keyed["from"] { origin = .columns(try node.locatedTexts("from")) }
        if let node = keyed["value"] { origin = .constant(Located(try node.text("value"), node.location)) }
        if let node = keyed["template"] { origin = .template(try TemplateSpecification(node)) }
        if let node = keyed["flags"] {
            origin = .flags(try node.pairs("flags").map { pair in
                (Located(try pair.key.text("a flag column"), pair.key.location), try pair.value.text("a flag's value"))
            })
        }
        if let node = keyed["join"] { join = try node.text("join") }
        if let node = keyed["when"] { condition = try ConditionSpecification(node, diagnostics: diagnostics) }
        if let node = keyed["trim"] { cleaning.trim = try node.boolean("trim") }
        if let node = keyed["collapse_spaces"] { cleaning.collapseSpaces = try node.boolean("collapse_spaces") }
        if let node = keyed["case"] {
            let written = try node.text("case")
            guard let letterCase = TextCleaning.LetterCase(rawValue: written) else {
                throw MappingError(.letterCaseUnknown(written: written), at: node.location)
            }
            cleaning.letterCase = letterCase
        }
        if let node = keyed["empty"] { empty = try node.texts("empty") }
        if let node = keyed["split"] {
            split = try node.text("split")
            if split!.isEmpty { throw MappingError(.splitNeedsSeparator, at: node.location) }
        }
        valueMap = try ValueMapSpecification.read(keyed, field: field, standard: standard, diagnostics: diagnostics)
        if let node = keyed["true_values"] { trueWords = try node.texts("true_values") }
        if let node = keyed["false_values"] { falseWords = try node.texts("false_values") }
        if let node = keyed["boolean"] {
            let words = try node.keyed("boolean", allowed: Self.booleanKeys, diagnostics: diagnostics)
            trueWords = try words["true"]?.texts("boolean true")
            falseWords = try words["false"]?.texts("boolean false")
        }
        if let node = keyed["date"] { dateFormats = try node.locatedTexts("date") }
        if let node = keyed["century_pivot"] { centuryPivot = try node.integer("century_pivot", range: 1000...9899) }
        if let node = keyed["locale"] { locale = try DateLanguage.read(node) }
        if let node = keyed["decimal_comma"] { decimalComma = try node.boolean("decimal_comma") }
        phone = try PhoneRegionSpecification.read(keyed, standard: standard)
        if let node = keyed["organisation"] {
            guard field.type == .lookup(.organisation) else {
                throw MappingError(.organisationOnNonLookup(field: field.name, type: field.type.name), at: node.location)
            }
            organisationSet = Located(try node.text("organisation"), node.location)
        }
        try checkKeysFitType(keyed)
        if let formats = dateFormats, !(formats.count == 1 && ValueConverter.DateReading.named[formats[0].value] != nil) {
            for format in formats {
                _ = diagnostics.attempt { try MappingCompiler.dateFormat(format, centuryPivot: centuryPivot) }
            }
        }
    }

    /// Transforms that only make sense for some field types.
    private func checkKeysFitType(_ keyed: KeyedNode) throws {
        let type = field.type
        func refuse(_ key: String, _ why: MappingFinding.KeyMismatch) throws {
            if let node = keyed.values[key]?.key {
                throw MappingError(.keyDoesNotFit(key: key, field: field.name, why), at: node.location)
            }
        }
        // Several values for a single-value picklist are reported per record,
        // so split and flags are allowed there; elsewhere they make no sense.
        if !field.hasPicklist && field.codeList == nil {
            try refuse("split", .takesNoList(type: type.name))
            try refuse("flags", .flagsNeedAList(type: type.name))
        }
        if type != .date {
            try refuse("date", .notADate(type: type.name))
            try refuse("century_pivot", .notADate(type: type.name))
            try refuse("locale", .notADate(type: type.name))
        }
        if type != .checkbox && !keyed.has("flags") {
            try refuse("boolean", .notACheckbox(type: type.name))
            try refuse("true_values", .notACheckbox(type: type.name))
            try refuse("false_values", .notACheckbox(type: type.name))
        }
        if type != .number && type != .geolocation {
            try refuse("decimal_comma", .notANumber(type: type.name))
        }
        if !field.isPhoneNumber {
            for key in PhoneRegionSpecification.keys { try refuse(key, .notAPhoneNumber) }
        }
    }

    /// A constant must be a valid value of the field, checked now, not per record.
    private func checkFitsField(standard: Standard, diagnostics: MappingDiagnostics) throws {
        if case .constant(let constant) = origin {
            let converter = try ValueConverter(field: field, entry: self, standard: standard, phone: PhoneRegionSpecification(),
                                           defaultDateFormats: nil, decimalComma: false)
            if case .invalid(let reason) = converter.convert([constant.value]) {
                throw MappingError(.constantDoesNotFit(value: constant.value, field: field.name, reason.finding), at: constant.location)
            }
        }
    }
}
