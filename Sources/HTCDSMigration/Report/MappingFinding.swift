/// What is wrong with a mapping file (or worth a warning in it), as data:
/// which finding, with its stable code (`IssueCode`) and parameters. Its
/// English words are written here and nowhere else, as `Finding`'s are for
/// what a run finds in the data. Carried by `MappingError`, at its line.
enum MappingFinding: Sendable, Hashable {
    // The file.
    case mappingUnreadable
    case mappingEmpty
    /// A failure from elsewhere while reading the mapping, in its own words.
    case unexpected(String)
    case yamlSyntax(problem: String)
    case keysWrittenTwice([String])
    case needsKey(String)
    case versionUnsupported(supported: String, written: String)
    // YAML shapes.
    case notSingleValue(what: String, kind: String)
    case notList(what: String, kind: String)
    case notMapping(what: String, kind: String)
    case notWholeNumber(what: String, lower: Int, upper: Int, written: String)
    case notBoolean(what: String, written: String)
    case keysNotSingleValues(what: String)
    case unknownKey(name: String, in: String, suggestion: String?, allowed: [String])
    // Fields and entries.
    case fieldUnknown(name: String, version: String, suggestion: String?)
    case fieldDeprecated(field: String, version: String)
    /// A plain scalar a YAML 1.1 tool reads otherwise (`YAMLPortability`).
    case yamlReadDifferently(text: String, reading: String)
    case fieldMappedTwice(field: String, firstLine: Int)
    case entryNeedsOrigin(field: String)
    case entryHasSeveralOrigins(field: String, origins: [String])
    case letterCaseUnknown(written: String)
    case splitNeedsSeparator
    case organisationOnNonLookup(field: String, type: String)
    case keyDoesNotFit(key: String, field: String, KeyMismatch)
    case constantDoesNotFit(value: String, field: String, Finding)
    case dateFormatInvalid(format: String, DateFormat.FormatError)
    case ignoredColumnUsed(column: String)
    case columnUnknown(input: String, column: String, suggestion: String?)
    case organisationSetUnknown(name: String)
    case caseIDNeedsSource
    case caseIDHashNeedsColumns
    case caseIDGenerateUnknown(written: String)
    // Value maps and templates.
    case otherwiseWithoutOther(field: String)
    case otherwiseTakesOther(written: String)
    case defaultAndOtherwise
    case keepOriginalInNotText(name: String)
    case keepOriginalInWithoutOtherwise
    case mapConflict(from: String, to: String, earlierLine: Int, earlierTarget: String)
    case mapFileUnreadable(path: String)
    case mapFileQuoteNotClosed(path: String, line: Int)
    case mapFileCells(path: String, line: Int, cells: Int)
    case valueUnknown(target: String, field: String, suggestion: String?)
    case countryUnknown(target: String, field: String)
    case languageUnknown(target: String, field: String)
    case templateBraceNotClosed
    case templateEmptyBraces
    case templateNamesNoColumn
    case whenNeedsColumn
    case whenNeedsTest
    // Phone regions.
    case phoneRegionAndCountryCode
    case phoneRegionNotACountry(written: String)
    case phoneRegionWithoutPlan(country: String)
    case phoneCountryCodeUnknown(written: String)
    // Sources and readers.
    case sourceNeedsReader(readers: [String])
    case readerUnknown(written: String, readers: [String])
    case encodingUnknown(written: String, encodings: [String])
    case delimiterInvalid(written: String)
    case dataRowBeforeHeader(headerRow: Int)
    case skipPatternInvalid(pattern: String)
    case raggedPolicyUnknown(written: String)
    case mergedPolicyUnknown(written: String)
    case localeUnknown(written: String, languages: [String])
    case sheetPositionInvalid
    case xmlNeedsRecord
    case recordPathUnusable(path: String, why: String)
    case sqliteQueryEmpty
    case sqliteNeedsTableOrQuery
    // Related sets.
    case relatedSetNeedsEntity(set: String)
    case entityUnknown(written: String)
    case relatedSetNeedsOrigin(set: String)
    case sourceNeedsLink(organisations: Bool)
    case rowsTakesTrue
    case organisationsNeedSource
    case relatedSetNeedsFields(set: String)
    case fieldNotInRelatedSet(field: String, set: String, takes: String)
    case fieldMappedTwiceInSet(field: String, set: String)
    case relatedIgnoreNeedsSource
    // Tests a mapping carries.
    case testNeedsGivenAndExpect
    // `check`'s findings about the mapping against its input.
    case inputNotRegularFile(path: String)
    case inputNotRead(String)
    case pathUnused(path: String, filled: Int)
    case columnUnused(name: String)
    case pathNeverSeen(path: String, field: String, suggestions: [String])
    case mapEntryRepeats(value: String, field: String, earlierLine: Int)
    case ignoredValueMapped(value: String, field: String, mapLine: Int)
    case coreFieldsUnfilled([String])
    case notCollectedButMapped(field: String, line: Int)

    /// Why a transform key does not fit its field.
    enum KeyMismatch: Sendable, Hashable {
        case takesNoList(type: String)
        case flagsNeedAList(type: String)
        case notADate(type: String)
        case notACheckbox(type: String)
        case notANumber(type: String)
        case notAPhoneNumber
    }

    var code: IssueCode {
        switch self {
        case .mappingUnreadable, .mappingEmpty: .mappingUnreadable
        case .yamlSyntax, .keysWrittenTwice: .mappingSyntax
        case .unknownKey: .mappingUnknownKey
        case .fieldUnknown: .fieldUnknown
        case .fieldDeprecated: .deprecatedField
        case .yamlReadDifferently: .yamlReadDifferently
        case .keyDoesNotFit, .organisationOnNonLookup: .transformMismatch
        case .constantDoesNotFit, .valueUnknown, .countryUnknown, .languageUnknown: .valueUnknown
        case .columnUnknown: .columnUnknown
        case .inputNotRegularFile, .inputNotRead: .inputNotRead
        case .pathUnused, .columnUnused: .columnUnused
        case .pathNeverSeen: .pathNeverSeen
        case .mapEntryRepeats, .ignoredValueMapped: .mapEntryUnreachable
        case .coreFieldsUnfilled: .coreFieldsUnfilled
        case .notCollectedButMapped: .mappingInvalid
        default: .mappingInvalid
        }
    }

    /// The finding in English.
    var message: String {
        switch self {
        case .mappingUnreadable: "cannot read the mapping file"
        case .mappingEmpty: "the mapping file is empty"
        case .unexpected(let text), .inputNotRead(let text): text
        case .yamlSyntax(let problem): "YAML syntax: \(problem)"
        case .keysWrittenTwice(let keys): "the key '\(keys.joined(separator: "', '"))' is written twice in one mapping"
        case .needsKey(let key): "the mapping file needs '\(key):'"
        case .versionUnsupported(let supported, let written): "this tool converts to HTCDS \(supported), not '\(written)'"
        case .notSingleValue(let what, let kind): "\(what) must be a single value, not \(kind)"
        case .notList(let what, let kind): "\(what) must be a list, not \(kind)"
        case .notMapping(let what, let kind): "\(what) must be a mapping (key: value lines), not \(kind)"
        case .notWholeNumber(let what, let lower, let upper, let written):
            "\(what) must be a whole number from \(lower) to \(upper), not '\(written)'"
        case .notBoolean(let what, let written): "\(what) must be true or false, not '\(written)'"
        case .keysNotSingleValues(let what): "keys of \(what) must be single values"
        case .unknownKey(let name, let what, let suggestion, let allowed):
            "unknown key '\(MessageText.name(name))' in \(what)"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "; the keys are " + allowed.joined(separator: ", "))
        case .fieldUnknown(let name, let version, let suggestion):
            "'\(MessageText.name(name))' is not a field of HTCDS \(version)"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? " (htcds fields lists them)")
        case .fieldDeprecated(let field, let version): "\(field) is deprecated in HTCDS \(version)"
        case .yamlReadDifferently(let text, let reading):
            "'\(text)' is text to htcds but \(reading) to YAML 1.1 tools (PyYAML, check-jsonschema, editors): "
                + "write it in quotes, \"\(text)\""
        case .fieldMappedTwice(let field, let firstLine): "\(field) is mapped twice (first at line \(firstLine))"
        case .entryNeedsOrigin(let field): "the entry \(field) needs one of from:, value:, template: or flags:"
        case .entryHasSeveralOrigins(let field, let origins):
            "the entry \(field) takes only one of \(origins.map { "\($0):" }.joined(separator: ", "))"
        case .letterCaseUnknown(let written): "case must be upper, lower or title, not '\(written)'"
        case .splitNeedsSeparator: "split needs a separator such as \",\""
        case .organisationOnNonLookup(let field, let type): "organisation: fits lookups to an organisation, not \(field) (\(type))"
        case .keyDoesNotFit(let key, let field, let mismatch): "\(key): does not fit \(field), \(mismatch.words)"
        case .constantDoesNotFit(let value, let field, let finding): "value: '\(value)' does not fit \(field): \(finding.message)"
        case .dateFormatInvalid(let format, let error): "date format '\(format)': \(Self.words(error))"
        case .ignoredColumnUsed(let column): "'\(column)' is under ignore: but an entry uses it"
        case .columnUnknown(let input, let column, let suggestion):
            "\(input) has no column '\(MessageText.name(column))'" + (suggestion.map { "; did you mean '\(MessageText.name($0))'?" } ?? "")
        case .organisationSetUnknown(let name): "organisation: names no related set of organisations called '\(name)'"
        case .caseIDNeedsSource: "case_id needs a column, columns, template: or generate: (row or hash)"
        case .caseIDHashNeedsColumns: "generate: hash needs from:, the columns whose cells make the id"
        case .caseIDGenerateUnknown(let written): "generate: must be row or hash, not '\(written)'"
        case .otherwiseWithoutOther(let field):
            "otherwise: needs a picklist with an Other value; \(field) has none, so uncovered values are reported and left empty"
        case .otherwiseTakesOther(let written): "otherwise: takes Other (the value uncovered legacy values become), not '\(written)'"
        case .defaultAndOtherwise: "default: and otherwise: both say what uncovered values become; keep one"
        case .keepOriginalInNotText(let name):
            "keep_original_in: needs a text field of the standard, such as cas_IncomingReferralDetails, not '\(name)'"
        case .keepOriginalInWithoutOtherwise: "keep_original_in: goes with otherwise: Other"
        case .mapConflict(let from, let to, let earlierLine, let earlierTarget):
            "'\(from)' maps to \(to), but a value written alike at line \(earlierLine) maps to \(earlierTarget)"
        case .mapFileUnreadable(let path): "cannot read the map file '\(path)'"
        case .mapFileQuoteNotClosed(let path, let line):
            "'\(MessageText.name(path))' is not a map file: a quoted field opened on its line \(line) is never closed"
        case .mapFileCells(let path, let line, let cells):
            "'\(MessageText.name(path))' is not a map file: its line \(line) has \(cells) cells; "
                + "a map file is a CSV of two columns (legacy value, HTCDS value)"
        case .valueUnknown(let target, let field, let suggestion):
            "'\(target)' is not a value of \(field)"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? " (htcds fields \(field) lists them)")
        case .countryUnknown(let target, let field): "'\(target)' is not an ISO 3166-1 country for \(field)"
        case .languageUnknown(let target, let field): "'\(target)' is not an ISO 639-2 language for \(field)"
        case .templateBraceNotClosed: "template has a '{' without its '}'"
        case .templateEmptyBraces: "template has an empty {}"
        case .templateNamesNoColumn: "template names no column; write value: for a constant"
        case .whenNeedsColumn: "when needs 'column:' naming the column to compare"
        case .whenNeedsTest: "when needs one of equals:, not_equals:, in:, not_in: or empty:"
        case .phoneRegionAndCountryCode: "give phone_region or phone_country_code, not both"
        case .phoneRegionNotACountry(let written): "phone_region: '\(written)' is not a country (write its ISO code, such as GB)"
        case .phoneRegionWithoutPlan(let country): "phone_region: \(country) has no telephone numbering plan"
        case .phoneCountryCodeUnknown(let written):
            "phone_country_code must be a country's calling code such as +254, not '\(written)'"
        case .sourceNeedsReader(let readers): "source needs 'reader:' (\(readers.joined(separator: ", ")))"
        case .readerUnknown(let written, let readers): "unknown reader '\(written)'; the readers are \(readers.joined(separator: ", "))"
        case .encodingUnknown(let written, let encodings):
            "unknown encoding '\(written)'; the encodings are \(encodings.joined(separator: ", "))"
        case .delimiterInvalid(let written): "delimiter must be one character (, ; | tab) or auto, not '\(written)'"
        case .dataRowBeforeHeader(let headerRow): "data_row must come after header_row (\(headerRow))"
        case .skipPatternInvalid(let pattern): "skip_lines_matching is not a regular expression: '\(pattern)'"
        case .raggedPolicyUnknown(let written): "ragged must be keep or reject, not '\(written)'"
        case .mergedPolicyUnknown(let written):
            "merged must be fill (each cell of a merged range reads as its first) or first (as the sheet shows it), not '\(written)'"
        case .sheetPositionInvalid: "sheet is a name or a position from 1"
        case .localeUnknown(let written, let languages):
            "no month names are known in '\(written)'; locale takes \(languages.joined(separator: ", ")) (a region, fr-FR, is allowed)"
        case .xmlNeedsRecord:
            "the xml reader needs 'record:', the path of the element that is one record (/export/cases/case or //case)"
        case .recordPathUnusable(let path, let why): "record: '\(path)' is not a usable path (\(why))"
        case .sqliteQueryEmpty: "query: is empty; write one SELECT"
        case .sqliteNeedsTableOrQuery: "the sqlite reader needs one of 'table:' or 'query:'"
        case .relatedSetNeedsEntity(let set): "the related set \(set) needs 'entity:' (hte, spl, cco, per or org)"
        case .entityUnknown(let written): "entity: must be hte, spl, cco, per or org, not '\(written)'"
        case .relatedSetNeedsOrigin(let set): "the related set \(set) needs one of source: (with link:), elements:, groups: or rows:"
        case .sourceNeedsLink(let organisations):
            "source: needs link:, the column that holds " + (organisations ? "each organisation's key" : "the case id")
        case .rowsTakesTrue: "rows: takes true (one related record per row of the case)"
        case .organisationsNeedSource: "organisations come from another table, query or file: give source: and link:"
        case .relatedSetNeedsFields(let set): "the related set \(set) needs 'fields:'"
        case .fieldNotInRelatedSet(let field, let set, let takes): "\(field) does not belong in \(set), which takes \(takes)"
        case .fieldMappedTwiceInSet(let field, let set): "\(field) is mapped twice in \(set)"
        case .relatedIgnoreNeedsSource: "ignore: in a related set names columns of its own source: give source: and link:"
        case .testNeedsGivenAndExpect: "a test needs given: and expect:"
        case .inputNotRegularFile(let path): "the input \(path) is not a regular file (a pipe or a device): not read"
        case .pathUnused(let path, let filled):
            "the input's path '\(MessageText.name(path))' (filled in \(filled) records) is used by no entry; map it or list it under ignore:"
        case .columnUnused(let name): "the input's column '\(MessageText.name(name))' is used by no entry; map it or list it under ignore:"
        case .pathNeverSeen(let path, let field, let suggestions):
            "the path '\(MessageText.name(path))' (\(field)) is in no record"
                + (suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "'\(MessageText.name($0))'" }.joined(separator: " or ") + "?")
        case .mapEntryRepeats(let value, let field, let earlierLine):
            "'\(value)' in the map of \(field) repeats the entry at line \(earlierLine) and is never reached"
        case .ignoredValueMapped(let value, let field, let mapLine):
            "'\(value)' is under ignore_values of \(field), but map: at line \(mapLine) sends it to a value"
        case .coreFieldsUnfilled(let names):
            "core fields no entry fills (\(names.count)): " + names.joined(separator: ", ")
                + "; list those the source never had under not_collected:"
        case .notCollectedButMapped(let field, let line): "\(field) is under not_collected but mapped at line \(line)"
        }
    }

    private static func words(_ error: DateFormat.FormatError) -> String {
        switch error {
        case .unknownLetter(let letter):
            "'\(letter)' is not a date pattern letter (d dd M MM MMM MMMM yy yyyy H HH mm ss); put literal text in quotes ('de')"
        case .needsPivot: "two-digit years (yy) need century_pivot: on the entry, such as 1950"
        case .incomplete: "a date format needs a day, a month and a year"
        case .quoteNotClosed: "a quote (') opened in the format is never closed"
        }
    }
}

extension MappingFinding.KeyMismatch {
    var words: String {
        switch self {
        case .takesNoList(let type): "which takes no list of values (\(type))"
        case .flagsNeedAList(let type): "which takes no list of values (\(type)); flags fold into a picklist"
        case .notADate(let type): "which is not a date (\(type))"
        case .notACheckbox(let type): "which is not a checkbox (\(type))"
        case .notANumber(let type): "which is not a number (\(type))"
        case .notAPhoneNumber: "which is not a phone number"
        }
    }
}
