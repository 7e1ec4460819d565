import HTCDS

/// One compiled entry: columns resolved to indexes, value map to hash tables,
/// date formats to parsers. It turns a source record into one field's value.
/// A class: it is applied to every record, and copying a struct this size
/// (a retain per reference inside it) cost more than the mapping itself.
final class FieldRule: Sendable {
    enum Gather {
        case column(Int)
        case columns([Int], join: String)
        case constant(String)
        case template([TemplatePart])
        case flags([(column: Int, value: String)], words: BooleanWords)
    }

    enum TemplatePart {
        case literal(String)
        case column(Int)
    }

    let field: Field
    /// Where the value goes in the plan's target fields.
    let slot: Int
    let gather: Gather
    let condition: Condition?
    let cleaning: TextCleaning
    let empty: EmptyTokens
    let split: String?
    let valueMap: ValueMap?
    let converter: ValueConverter
    /// The source columns' names, for the report.
    let columnNames: [String]
    /// Where `keep_original_in` sends uncovered values, as a slot.
    let noteSlot: Int?
    private let singleColumn: Int?
    /// Whether a single cell can be read as bytes (no value map, trimming only).
    private let readsBytes: Bool
    /// The columns a rule's outcome depends on, when it depends on nothing
    /// else (no condition): a `CellMemo` can remember it by their cells.
    let memoColumns: [Int]?
    /// A rule of flags: the flags' columns (see `flagStates`).
    private let flagColumns: [Int]
    /// A phone rule's column naming each record's region (`phone_region_from`).
    let regionColumn: Int?
    /// A date rule's one column: a workbook's date cell in it is a date
    /// whatever the rule's formats say (`SourceValue.dateTime`).
    private let dateColumn: Int?

    init(field: Field, slot: Int, gather: Gather, condition: Condition?, cleaning: TextCleaning, empty: EmptyTokens,
         split: String?, valueMap: ValueMap?, converter: ValueConverter, columnNames: [String], noteSlot: Int?,
         regionColumn: Int? = nil) {
        self.field = field
        self.slot = slot
        self.gather = gather
        self.condition = condition
        self.cleaning = cleaning
        self.empty = empty
        self.split = split
        self.valueMap = valueMap
        self.converter = converter
        self.columnNames = columnNames
        self.noteSlot = noteSlot
        self.regionColumn = regionColumn
        // A record's region is another cell the outcome depends on: the general path, never remembered.
        singleColumn = regionColumn == nil
            ? Self.singleColumn(gather: gather, condition: condition, split: split, cleaning: cleaning) : nil
        readsBytes = valueMap == nil && cleaning.onlyTrims
        memoColumns = condition == nil && regionColumn == nil ? Self.columns(of: gather) : nil
        if case .flags(let flags, _) = gather { flagColumns = flags.map(\.column) } else { flagColumns = [] }
        dateColumn = if case .date = converter.kind, valueMap == nil, case .column(let index) = gather { index } else { nil }
    }

    /// The result for one record.
    struct Outcome {
        var value: HTCDSValue?
        var invalidReason: ValueProblem?
        /// Original texts that became `Other`, for `keep_original_in`.
        var notes: [String] = []
    }

    /// A rule of its own for another thread (see `MappingPlan.forWorker`).
    func cloned() -> FieldRule {
        FieldRule(field: field, slot: slot, gather: gather, condition: condition, cleaning: cleaning, empty: empty,
                  split: split, valueMap: valueMap, converter: converter.cloned(), columnNames: columnNames,
                  noteSlot: noteSlot, regionColumn: regionColumn)
    }

    /// Whether the rule's items are looked up by their text (a value map,
    /// or the field's table of names): their decisions are kept by text
    /// (`ConversionMemo`) for the items the cell memo does not answer
    /// (one of a split, a cell under a condition, a memo turned off).
    var looksItemsUp: Bool { valueMap != nil || converter.looksUpText }

    /// The value map and the converter on one item, remembered in `memo`
    /// (by the item's text: a rule with a memo looks items up by text anyway).
    private func decide(_ item: ItemText, memo: ConversionMemo?, phoneRegion: PhoneRegion?) -> ConversionMemo.Decision {
        // A record's own region makes the item's text alone no key.
        guard let memo = phoneRegion == nil ? memo : nil else {
            return decideAfresh(item, phoneRegion: phoneRegion)
        }
        let text = item.text
        if let known = memo.decision(for: text) { return known }
        let result = ItemText.with(text) { decideAfresh($0, phoneRegion: phoneRegion) }
        memo.remember(result, for: text)
        return result
    }

    private func decideAfresh(_ item: ItemText, phoneRegion: PhoneRegion?) -> ConversionMemo.Decision {
        guard let valueMap else { return .converted(converter.convert(item, phoneRegion: phoneRegion)) }
        switch valueMap.lookup(item.text) {
        case .mapped(let target): return .converted(converter.convertItem(target, phoneRegion: phoneRegion))
        case .ignored: return .ignored
        case .uncovered: return .converted(converter.convert(item, phoneRegion: phoneRegion))
        }
    }

    /// The column of a rule that reads one cell as one item (no condition, no split).
    private static func singleColumn(gather: Gather, condition: Condition?, split: String?, cleaning: TextCleaning) -> Int? {
        guard condition == nil, split == nil else { return nil }
        switch gather {
        case .column(let index):
            return index
        case .template(let parts):
            // "{Notes}" is the column Notes: a template's text is trimmed, as a cleaned cell is.
            guard parts.count == 1, case .column(let index) = parts[0], cleaning.trim || cleaning.collapseSpaces else { return nil }
            return index
        default:
            return nil
        }
    }

    /// For a rule of flags: each flag column's state (0 empty, 1 yes, 2 no)
    /// in `key`, which decides the outcome as well as the cells do and takes
    /// a few values where the cells take hundreds (`Yes`, `y`, `YES`, ...).
    /// False when a cell needs the String path (the rule then runs in full),
    /// or is not text (a repeated XML element).
    /// The cells' states are remembered by their spelling in `cache`.
    func flagStates(_ view: RowView, into key: inout ByteArena, cache: inout FlagStateCache) -> Bool {
        guard !flagColumns.isEmpty, cleaning.onlyTrims else { return false }
        key.removeAll()
        for column in flagColumns {
            guard view.isPlain(column), let item = TextCleaning.trimmedASCII(view.cell(column)) else { return false }
            let spelling = FlagStateCache.key(item)
            var state: UInt8
            if let spelling, let known = cache.state(of: spelling) {
                state = known
            } else {
                state = flagState(item)
                if let spelling { cache.remember(state, of: spelling) }
            }
            guard state != FlagStateCache.undecided else { return false }
            key.append(byte: state)
        }
        return true
    }

    /// A trimmed flag cell's state: 0 empty, 1 yes, 2 no, or undecided (a
    /// word that is not ASCII, or no word: the rule runs in full).
    private func flagState(_ item: ByteView) -> UInt8 {
        guard case .flags(_, let words) = gather else { return FlagStateCache.undecided }
        if empty.isEmpty(item) { return 0 }
        return words.state(bytes: item) ?? FlagStateCache.undecided
    }

    var readsFlags: Bool {
        if case .flags = gather { return true }
        return false
    }

    /// This record's region for a phone rule, when its region column names one.
    private func phoneRegion(of record: SourceRecord) -> PhoneRegion? {
        guard let regionColumn, case .phone(let normaliser) = converter.kind,
              let text = record.value(at: regionColumn).text else { return nil }
        return normaliser.region(named: text)
    }

    /// The columns a gather reads.
    private static func columns(of gather: Gather) -> [Int] {
        switch gather {
        case .column(let index): [index]
        case .columns(let indexes, _): indexes
        case .constant: []
        case .template(let parts): parts.compactMap { if case .column(let index) = $0 { index } else { nil } }
        case .flags(let flags, _): flags.map(\.column)
        }
    }

    /// The rule on a record; `view`, the record's cells as bytes, when the caller has them.
    func apply(to record: SourceRecord, report: MappingSink, memo: ConversionMemo? = nil, view: RowView? = nil) -> Outcome {
        // (Rows of text cells, every CSV's, have no date cells: not asked of them.)
        if let index = dateColumn, record.holdsValues, case .dateTime(let value) = record.value(at: index) {
            if let condition, !condition.holds(for: record) { return Outcome() }
            return Outcome(value: .date(value.date))
        }
        if let index = singleColumn, readsBytes, let view = view ?? record.row?.view, view.isPlain(index),
           let outcome = applyOneCell(bytes: view.cell(index), record: record, report: report, memo: memo) {
            return outcome
        }
        if let index = singleColumn, case .text(let raw) = record.value(at: index) {
            return applyOneCell(raw, record: record, report: report, memo: memo)
        }
        return applyGathering(record, report: report, memo: memo)
    }

    /// `apply` for a cell (or cells, put together as `key`) the rule's memo
    /// did not know: the outcome, remembered with what it reported.
    func applyRemembering(_ record: SourceRecord, key: ByteView, view: RowView?, report: MappingSink,
                          memory: RuleMemory, rule index: Int, conversions: ConversionMemo?,
                          recorder: RecordingSink) -> Outcome {
        recorder.start(forwardingTo: report)
        let outcome = apply(to: record, report: recorder, memo: conversions, view: view)
        memory.remember(rule: index, key: key, outcome, events: recorder.events)
        return outcome
    }

    /// The general path: items gathered from the record (any gather, condition, split).
    private func applyGathering(_ record: SourceRecord, report: MappingSink, memo: ConversionMemo?) -> Outcome {
        var result = Outcome()
        if let condition, !condition.holds(for: record) { return result }
        let region = phoneRegion(of: record)
        // Most cells are one item: they go through without an array.
        var values = Collected()
        let gathered = gatherItems(record)
        switch gathered {
        case .none:
            return result
        case .one(let item):
            guard take(item, into: &values, result: &result, record: record, report: report, memo: memo,
                       phoneRegion: region) else { return result }
        case .many(let items):
            for item in items {
                guard take(item, into: &values, result: &result, record: record, report: report, memo: memo,
                           phoneRegion: region) else { return result }
            }
        case .invalid(let value, let reason):
            invalid(value, reason, at: record.location, into: &result, report: report)
            return result
        }
        switch converter.assemble(first: values.first, others: values.others) {
        case .value(let value): result.value = value
        case .empty: break
        case .invalid(let reason):
            let written: String = switch gathered {
            case .one(let item): item
            case .many(let items): items.joined(separator: ", ")
            default: ""
            }
            invalid(written, reason, at: record.location, into: &result, report: report)
        }
        return result
    }

    /// `apply` for a rule that reads one text cell as one item: the same steps
    /// as the general path, without its lists and results.
    private func applyOneCell(_ raw: String, record: SourceRecord, report: MappingSink, memo: ConversionMemo?) -> Outcome {
        let item = cleaning.apply(raw)
        guard !empty.isEmpty(item) else { return Outcome() }
        return ItemText.with(item) { convertOneCell($0, record: record, report: report, memo: memo) }
    }

    /// `applyOneCell` on a cell's bytes, when trimming its ASCII edges is all
    /// the cleaning there is (nil otherwise: the String path cleans it).
    private func applyOneCell(bytes raw: ByteView, record: SourceRecord, report: MappingSink,
                              memo: ConversionMemo?) -> Outcome? {
        guard let item = TextCleaning.trimmedASCII(raw) else { return nil }
        if empty.isEmpty(item) { return Outcome() }
        return convertOneCell(ItemText(item), record: record, report: report, memo: memo)
    }

    /// A cleaned, non-empty cell through the value map, the converter and the field's assembly.
    private func convertOneCell(_ item: ItemText, record: SourceRecord, report: MappingSink, memo: ConversionMemo?) -> Outcome {
        var result = Outcome()
        var values = Collected()
        guard take(item, into: &values, result: &result, record: record, report: report, memo: memo,
                   phoneRegion: nil) else { return result }
        switch converter.assemble(first: values.first, others: values.others) {
        case .value(let value): result.value = value
        case .empty: break
        case .invalid(let reason): invalid(item.text, reason, at: record.location, into: &result, report: report)
        }
        return result
    }

    /// A text that looks like a code Excel turned into a date: the value is
    /// kept (it may be real) but said, without the value itself.
    private func checkDateDamage(_ text: String, record: SourceRecord, report: MappingSink) {
        guard converter.checksSpreadsheetDamage, SpreadsheetDamage.looksAutoConvertedToDate(text) else { return }
        report.report(Issue(.spreadsheetDamage(field: field.name, columns: columnNames), .warning, at: record.location))
    }

    /// Converted values of one record: the first held apart, so that one value needs no array.
    struct Collected {
        var first: HTCDSValue?
        var others: [HTCDSValue] = []

        mutating func append(_ value: HTCDSValue) {
            if first == nil { first = value } else { others.append(value) }
        }
    }

    /// `take` for an item of text (one of a split, a template's, a repeated element's).
    private func take(_ item: String, into values: inout Collected, result: inout Outcome, record: SourceRecord,
                      report: MappingSink, memo: ConversionMemo?, phoneRegion: PhoneRegion?) -> Bool {
        ItemText.with(item) { item in
            take(item, into: &values, result: &result, record: record, report: report, memo: memo, phoneRegion: phoneRegion)
        }
    }

    /// One item through the value map and the converter; false when it is
    /// invalid (the field stays empty and the rest is not looked at).
    private func take(_ item: ItemText, into values: inout Collected, result: inout Outcome, record: SourceRecord,
                      report: MappingSink, memo: ConversionMemo?, phoneRegion: PhoneRegion?) -> Bool {
        if let byte = ControlCharacter.first(in: item.bytes) {
            invalid(item.text, ControlCharacter.problem(byte), at: record.location, into: &result, report: report)
            return false
        }
        let converted: ValueConverter.ItemResult
        switch decide(item, memo: memo, phoneRegion: phoneRegion) {
        case .ignored: return true
        case .converted(let result): converted = result
        }
        switch converted {
        case .value(let value):
            if case .text(let text) = value { checkDateDamage(text, record: record, report: report) }
            values.append(value)
        case .valueDroppingExtension(let value):
            report.report(Issue(.phoneExtensionDropped(field: field.name, columns: columnNames), .warning, at: record.location))
            values.append(value)
        case .invalid(let reason):
            invalid(item.text, reason, at: record.location, into: &result, report: report)
            return false
        case .unknown:
            let becomesOther = valueMap?.otherwise == true
            report.unmappedValue(item.text, field: field, columns: columnNames, at: record.location, becameOther: becomesOther)
            if becomesOther {
                values.append(.text("Other"))
                if noteSlot != nil { result.notes.append(item.text) }
            }
        }
        return true
    }

    private func invalid(_ value: String?, _ problem: ValueProblem, at location: SourceLocation,
                         into result: inout Outcome, report: MappingSink) {
        result.invalidReason = problem
        report.invalidValue(value, field: field, columns: columnNames, problem: problem, at: location)
    }

    private enum Gathered {
        case none
        case one(String)
        case many([String])
        case invalid(String?, ValueProblem)

        static func items(_ items: [String]) -> Gathered {
            switch items.count {
            case 0: .none
            case 1: .one(items[0])
            default: .many(items)
            }
        }
    }

    /// The texts an entry starts from, cleaned, empties dropped, split if asked.
    private func gatherItems(_ record: SourceRecord) -> Gathered {
        var text: String?
        switch gather {
        case .column(let index):
            // Made once: a row's cell becomes a String each time it is asked for.
            let value = record.value(at: index)
            if case .list(let repeated) = value {
                // Repeated values are items already, as if split.
                return .items(repeated.compactMap { item in
                    let cleanedItem = cleaning.apply(item)
                    return empty.isEmpty(cleanedItem) ? nil : cleanedItem
                })
            }
            switch cleaned(value) {
            case .success(let value): text = value
            case .failure(let error): return .invalid(error.cell, error.reason)
            }
        case .columns(let indexes, let join):
            var parts: [String] = []
            for index in indexes {
                switch cleaned(record.value(at: index)) {
                case .success(let value): if let value { parts.append(value) }
                case .failure(let error): return .invalid(error.cell, error.reason)
                }
            }
            text = parts.isEmpty ? nil : parts.joined(separator: join)
        case .constant(let value):
            text = value
        case .template(let parts):
            // Put together as bytes: appending Strings to a String went scalar by scalar.
            var output: [UInt8] = []
            var anyFilled = false
            for part in parts {
                switch part {
                case .literal(let literal): output.append(contentsOf: literal.utf8)
                case .column(let index):
                    switch cleaned(record.value(at: index)) {
                    case .success(let value):
                        if let value { output.append(contentsOf: value.utf8); anyFilled = true }
                    case .failure(let error): return .invalid(error.cell, error.reason)
                    }
                }
            }
            text = anyFilled ? TextCleaning.trimmed(String(decoding: output, as: UTF8.self)) : nil
        case .flags(let flags, let words):
            var names: [String] = []
            for (index, value) in flags {
                switch cleaned(record.value(at: index)) {
                case .success(nil): continue
                case .success(let cell?):
                    guard let set = words.value(cell) else {
                        return .invalid(cell, ValueProblem(.flagWordUnknown(words: words.description)))
                    }
                    if set { names.append(value) }
                case .failure(let error): return .invalid(error.cell, error.reason)
                }
            }
            return .items(names)
        }
        guard let text else { return .none }
        guard let split else { return .one(text) }
        let parts = Self.split(text, on: split)
        return .items(parts.compactMap { part in
            let item = cleaning.apply(part)
            return empty.isEmpty(item) ? nil : item
        })
    }

    /// A cell's parts. A one-byte ASCII separator (nearly always) is found in
    /// the bytes; Character-wise splitting costs more than the rest of the rule.
    static func split(_ text: String, on separator: String) -> [String] {
        guard separator.utf8.count == 1, let byte = separator.utf8.first, byte < 0x80 else {
            return text.components(separatedBy: separator)
        }
        var parts: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == byte {
                parts.append(String(text[start..<index]))
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(String(text[start..<utf8.endIndex]))
        return parts
    }

    private struct CellError: Error {
        let cell: String?
        let reason: ValueProblem
    }

    /// A cell cleaned, nil if empty; a spreadsheet error cell is an error.
    private func cleaned(_ value: SourceValue) -> Swift.Result<String?, CellError> {
        switch value {
        case .spreadsheetError(let token):
            return .failure(CellError(cell: token, reason: ValueProblem(.excelErrorCell(token: token))))
        case .blob(let bytes):
            return .failure(CellError(cell: nil, reason: ValueProblem(.blobValue(bytes: bytes))))
        case .null:
            return .success(nil)
        default:
            guard let raw = value.text else { return .success(nil) }
            let text = cleaning.apply(raw)
            return .success(empty.isEmpty(text) ? nil : text)
        }
    }
}
