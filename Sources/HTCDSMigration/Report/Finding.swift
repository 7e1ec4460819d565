/// What reading, mapping and settling records find, as data: which finding
/// (its stable code, `IssueCode`) and its parameters. Its English words are
/// written here and nowhere else; they never quote a value of the record
/// (it may be personal), only names from the mapping and the input's
/// structure, and counts. Carried by `Issue`, `ValueProblem` (a value that
/// fails its field) and `RejectionReason` (why a record is not written).
/// (Mistakes in the mapping file have theirs in `MappingFinding`.)
public enum Finding: Sendable, Hashable {
    // Reading the input.
    /// `line`: the header's line in a text file (a sheet's rows are lines of their own).
    case headerRowDetected(row: Int, line: Int?)
    case headerBlank(column: Int, calledAs: String)
    case headerDuplicate(column: Int, name: String, calledAs: String)
    case blankRow
    case raggedRowRead(cells: Int, header: Int, rejected: Bool)
    case readAsWindows1252
    case invalidUTF8Replaced(fromByte: Int)
    case unpairedUTF16Replaced(count: Int)
    case xmlDoctype
    case xmlEntity
    // Reading a workbook.
    case hiddenRow
    case hiddenColumns(names: [String])
    /// `ranges` merged below the header; `filled`: `merged: fill` copied their values.
    case mergedCells(ranges: Int, filled: Bool)
    case formulaWithoutValue
    case sharedStringMissing(index: Int)
    /// A number in a date style that is no date (Excel's 1900-02-29, or beyond the calendar).
    indirect case sheetDateInvalid(Finding)
    /// libxml2's own message, without document text (`XMLErrorCollector`).
    case xmlMessage(String)
    /// `XMLPathAudit`'s words for a path no record has.
    case pathNeverSeen(String)
    // Values worth a word that are kept.
    case spreadsheetDamage(field: String, columns: [String])
    case phoneExtensionDropped(field: String, columns: [String])
    // Values that fail their field's rules.
    case dateFormat(patterns: [String])
    case excelSerialNotANumber
    case excelSerialOutOfRange
    case excelSerialBeforeFirst
    case excelSerial60
    case unixTimeNotANumber(milliseconds: Bool)
    case unixTimeOutOfRange
    case notANumber(decimalComma: Bool)
    case numberOutOfRange(lower: Int, upper: Int)
    case booleanUnknown(words: String)
    case flagWordUnknown(words: String)
    case emailInvalid
    case phoneNotANumber
    case phoneTooFewDigits
    case phoneTooShort
    case phoneTooLong
    case phoneInvalidLength
    case phoneNotValidForRegion
    case phoneCountryCodeUnknown
    case phoneWithoutCountryCode
    case phoneRegionNotACountry
    case picklistValueUnknown(field: String)
    case picklistSeveralValues
    /// `characters`: how long the text is, when known (a phone number's is not said).
    case excelScientificNotation(characters: Int?)
    case excelErrorCell(token: String)
    case controlCharacter(name: String)
    case blobValue(bytes: Int)
    case organisationUnmatched(set: String)
    // Why a record is rejected.
    /// `source`: what the id is made of (`column Case No`, `columns Year, Number`).
    case caseIDBlank(source: String)
    case caseIDControlCharacter(source: String, character: String)
    case caseIDDuplicate(caseID: String, rowsGrouped: Bool)
    case raggedRow(cells: Int, header: Int)
    /// A field's value failed: `field: why`.
    indirect case invalidField(field: String, Finding)
    case organisationKeyUnmatched(field: String, key: String, set: String)
    case relatedRecordEmpty(set: String)
    case relatedCaseRejected(caseID: String)
    case relatedLinkBlank(column: String)
    case relatedLinkUnmatched(caseID: String)
    case organisationUnused(key: String)

    public var code: IssueCode {
        switch self {
        case .headerRowDetected: .headerRowDetected
        case .headerBlank: .headerBlank
        case .headerDuplicate: .headerDuplicate
        case .blankRow: .blankRows
        case .raggedRowRead: .raggedRow
        case .readAsWindows1252, .invalidUTF8Replaced, .unpairedUTF16Replaced: .encodingDetected
        case .xmlDoctype: .xmlDoctype
        case .xmlEntity: .xmlEntity
        case .hiddenRow: .hiddenRows
        case .hiddenColumns: .hiddenColumns
        case .mergedCells: .mergedCells
        case .formulaWithoutValue: .formulaWithoutValue
        case .sharedStringMissing, .sheetDateInvalid: .cellUnreadable
        case .xmlMessage: .xmlWarning
        case .pathNeverSeen: .pathNeverSeen
        case .spreadsheetDamage: .spreadsheetDamage
        case .phoneExtensionDropped: .phoneExtensionDropped
        case .dateFormat: .dateFormat
        case .excelSerialNotANumber, .excelSerialOutOfRange, .excelSerialBeforeFirst, .excelSerial60,
             .unixTimeNotANumber, .unixTimeOutOfRange: .dateInvalid
        case .notANumber: .numberInvalid
        case .numberOutOfRange: .numberOutOfRange
        case .booleanUnknown, .flagWordUnknown: .booleanUnknown
        case .emailInvalid: .emailInvalid
        case .phoneNotANumber, .phoneTooFewDigits: .phoneNotANumber
        case .phoneTooShort: .phoneTooShort
        case .phoneTooLong: .phoneTooLong
        case .phoneInvalidLength: .phoneInvalidLength
        case .phoneNotValidForRegion: .phoneNotValidForRegion
        case .phoneCountryCodeUnknown, .phoneWithoutCountryCode, .phoneRegionNotACountry: .phoneCountryCodeUnknown
        case .picklistValueUnknown: .picklistValueUnknown
        case .picklistSeveralValues: .picklistSeveralValues
        case .excelScientificNotation: .excelScientificNotation
        case .excelErrorCell: .excelErrorCell
        case .controlCharacter: .controlCharacter
        case .blobValue: .blobValue
        case .organisationUnmatched, .organisationKeyUnmatched: .lookupUnmatched
        case .caseIDBlank: .caseIDBlank
        case .caseIDControlCharacter: .caseIDControlCharacter
        case .caseIDDuplicate: .caseIDDuplicate
        case .raggedRow: .raggedRow
        case .invalidField(_, let finding): finding.code
        case .relatedRecordEmpty: .relatedRecordEmpty
        case .relatedCaseRejected: .relatedCaseRejected
        case .relatedLinkBlank: .relatedLinkBlank
        case .relatedLinkUnmatched: .relatedLinkUnmatched
        case .organisationUnused: .organisationUnused
        }
    }

    /// The finding in English.
    public var message: String {
        switch self {
        case .headerRowDetected(let row, let line):
            "the header is row \(row)" + (line.map { " (line \($0))" } ?? "") + ": the rows above it (a title, notes, blank rows) are skipped; "
                + "say header_row: \(row) to keep it there"
        case .headerBlank(let column, let calledAs):
            "column \(column) has no name in the header; it is called \"\(MessageText.name(calledAs))\""
        case .headerDuplicate(let column, let name, let calledAs):
            "column \(column) repeats the name \"\(MessageText.name(name))\"; it is called \"\(MessageText.name(calledAs))\""
        case .blankRow: "blank row skipped"
        case .raggedRowRead(let cells, let header, let rejected):
            "row has \(cells) cells, the header \(header); \(rejected ? "rejected" : "kept"): "
                + (cells < header ? "the missing cells are empty" : "the cells beyond the last column are dropped")
        case .readAsWindows1252: "not valid UTF-8: read as Windows-1252 (set encoding: to choose another)"
        case .invalidUTF8Replaced(let offset):
            "bytes that are not UTF-8 from byte \(offset) on were replaced by U+FFFD; set encoding: windows-1252 or latin-1 if the file is not UTF-8"
        case .unpairedUTF16Replaced(let count): "\(count) UTF-16 code units without their pair were replaced by U+FFFD"
        case .xmlDoctype:
            "the document type declaration (<!DOCTYPE …>) is not applied: its attribute defaults and entities are ignored"
        case .xmlEntity: "an entity reference is not expanded: entities and DTDs are never loaded"
        case .xmlMessage(let message), .pathNeverSeen(let message): message
        case .hiddenRow: "the row is hidden in the workbook; it is read like any other"
        case .hiddenColumns(let names):
            "column" + (names.count == 1 ? " " : "s ") + names.map { "\"\(MessageText.name($0))\"" }.joined(separator: ", ")
                + (names.count == 1 ? " is" : " are") + " hidden in the workbook; read like any other"
        case .mergedCells(let ranges, let filled):
            "\(ranges) merged range" + (ranges == 1 ? "" : "s") + " below the header: " + (filled
                ? "each cell of one holds its first cell's value (merged: fill)"
                : "only each one's first cell holds its value, the others are empty (merged: fill copies it into them)")
        case .formulaWithoutValue:
            "the cell holds a formula whose value the workbook did not save (open and save it in Excel or LibreOffice); read as empty"
        case .sharedStringMissing(let index):
            "the cell names text \(index) of the workbook's shared strings, which has no such entry (the file is damaged); read as empty"
        case .sheetDateInvalid(let why): "the cell's date style holds a number that is no date (\(why.message)); read as the number"
        case .spreadsheetDamage(let field, let columns):
            "\(field) (column \(columns.joined(separator: ", "))) holds a value that looks like a code Excel turned into a date"
        case .phoneExtensionDropped(let field, let columns):
            "\(field) (column \(columns.joined(separator: ", "))): an extension was split off a phone number and dropped"
        case .dateFormat(let patterns):
            "not a date in the format" + (patterns.count == 1 ? " " : "s ") + patterns.joined(separator: ", ")
        case .excelSerialNotANumber: "not an Excel serial date number"
        case .excelSerialOutOfRange: "the serial number is out of the range of dates"
        case .excelSerialBeforeFirst: "Excel serial dates start at 1 (1900-01-01)"
        case .excelSerial60: "serial 60 is Excel's 1900-02-29, a day that never existed"
        case .unixTimeNotANumber(let milliseconds):
            "not a number of " + (milliseconds ? "milliseconds" : "seconds") + " since 1970-01-01 (unix time)"
        case .unixTimeOutOfRange: "the unix time is out of the range of dates (years 1 to 9999)"
        case .notANumber(let decimalComma): decimalComma ? "not a number (decimal comma)" : "not a number"
        case .numberOutOfRange(let lower, let upper): "out of range \(lower)...\(upper)"
        case .booleanUnknown(let words): "not a yes/no word (\(words))"
        case .flagWordUnknown(let words): "a flag column holds a word that is not yes/no (\(words))"
        case .emailInvalid: "not an e-mail address"
        case .phoneNotANumber: "has characters a phone number cannot have"
        case .phoneTooFewDigits: "has too few digits to be a phone number"
        case .phoneTooShort: "is too short for a phone number of its country"
        case .phoneTooLong: "is too long for a phone number of its country"
        case .phoneInvalidLength: "has a length no phone number of its country has"
        case .phoneNotValidForRegion: "is not a valid phone number of its country"
        case .phoneCountryCodeUnknown: "starts with a country calling code no country has"
        case .phoneWithoutCountryCode: "has no country calling code; write it with + or set phone_region"
        case .phoneRegionNotACountry:
            "has no country calling code, and its record's region is not a country with a numbering plan"
        case .picklistValueUnknown(let field): "not a value of \(field)"
        case .picklistSeveralValues: "several values for a field that takes one"
        case .excelScientificNotation(let characters?):
            "looks like Excel's scientific notation (\(characters) characters): the original digits are lost"
        case .excelScientificNotation(nil): "looks like Excel's scientific notation: the number's digits are lost"
        case .excelErrorCell(let token): "a spreadsheet error cell (\(token))"
        case .controlCharacter(let name): "holds a control character (\(name))"
        case .blobValue(let bytes): "binary data (a BLOB of \(bytes) bytes), not text"
        case .organisationUnmatched(let set): "no organisation with this key in \(set)"
        case .caseIDBlank(let source): "the case id (\(source)) is blank"
        case .caseIDControlCharacter(let source, let character):
            "the case id (\(source)) holds a control character (\(character))"
        case .caseIDDuplicate(let caseID, let rowsGrouped):
            "case id '\(caseID)' repeats an earlier record's" + (rowsGrouped ? " (the rows of a case must be together)" : "")
        case .raggedRow(let cells, let header): "row has \(cells) cells, the header \(header)"
        case .invalidField(let field, let finding): "\(field): \(finding.message)"
        case .organisationKeyUnmatched(let field, let key, let set): "\(field): no organisation with key '\(key)' in \(set)"
        case .relatedRecordEmpty(let set): "no field of \(set) has a value"
        case .relatedCaseRejected(let caseID): caseID.isEmpty ? "its case was rejected" : "its case '\(caseID)' was rejected"
        case .relatedLinkBlank(let column): "its link (column \(column)) is blank"
        case .relatedLinkUnmatched(let caseID): "its case id '\(caseID)' matches no written case"
        case .organisationUnused(let key): "no case refers to the organisation with key '\(key)'"
        }
    }
}
