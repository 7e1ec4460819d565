import Foundation
import HTCDS

/// What a run did, gathered as it goes: counts of records, unmapped columns and
/// values, invalid values, core fields left empty, and other issues. It keeps
/// tallies and the first few locations of each, never every occurrence, so its
/// size does not grow with the number of records.
public final class MigrationReport: IssueSink {
    /// How many locations or examples each tally keeps.
    public static let examplesKept = 5
    /// How many distinct unmapped values a field keeps before counting the rest.
    public static let distinctValuesKept = 1000

    public var mappingPath: String?
    public var inputPath: String?
    public var encoding: String?
    /// The mapping file's SHA-256 (hexadecimal), naming the mapping a report was made with.
    public internal(set) var mappingSHA256: String?
    /// When the run started, and how long it took (SOURCE_DATE_EPOCH fixes the
    /// one and makes the other 0: `RunClock`).
    public internal(set) var startedAt = Date(timeIntervalSince1970: 0)
    public internal(set) var duration: TimeInterval = 0

    /// A field the mapping fills: how many written cases it filled and,
    /// for a picklist, how many held each of its values.
    public struct FieldFill {
        public let field: Field
        public let filled: Int
        /// Each value of the picklist in the standard's order, with the
        /// written cases holding it (a multiselect's case counts once for
        /// each of its values); nil for a field that is no picklist.
        public let values: [(name: String, count: Int)]?
    }

    /// Every field the mapping fills, in the standard's order.
    public var fieldFill: [FieldFill] {
        var values: [Int: [(name: String, count: Int)]] = [:]
        for value in picklists.values {
            values[value.slot, default: []].append((value.name, counts.heldValues(value.number)))
        }
        return targetFields.enumerated().map { slot, field in
            FieldFill(field: field, filled: counts.filledSlots(slot), values: values[slot])
        }
    }
    private var targetFields: [Field] = []
    private var picklists = PicklistNumbering(fields: [])

    /// Cases with at least one invalid value, whatever the policy did with them
    /// (`--fail-on invalid:1%` compares their share of the records read).
    public internal(set) var recordsWithInvalidValues = 0
    /// Fields the mapping acknowledges the source never had (`not_collected:`).
    public internal(set) var notCollected: [String] = []

    /// Records read, written and rejected, and the filled columns and fields (`RecordCounts`).
    private let counts = RecordCounts()

    public internal(set) var read: Int {
        get { counts.read }
        set { counts.read = newValue }
    }

    public internal(set) var written: Int {
        get { counts.written }
        set { counts.written = newValue }
    }

    public internal(set) var rejected: Int {
        get { counts.rejected }
        set { counts.rejected = newValue }
    }

    struct Example: Hashable {
        let value: String?
        let location: SourceLocation?
        let message: String?
        /// A rejected record's reasons (`Issue.reasons`).
        var reasons: [IssueCode] = []
    }

    struct ValueTally {
        var count = 0
        var becameOther = false
        var locations: [SourceLocation] = []
    }

    struct UnmappedValues {
        let field: Field
        var columns: [String]
        var values: [String: ValueTally] = [:]
        var otherValuesCount = 0

        /// The values, the most frequent first (alphabetical among equals): how every report lists them.
        var byCount: [(key: String, value: ValueTally)] {
            values.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
        }

        mutating func add(_ value: String, at location: SourceLocation, becameOther: Bool) {
            if let index = values.index(forKey: value) {
                values.values[index].count += 1
                if values.values[index].locations.count < MigrationReport.examplesKept {
                    values.values[index].locations.append(location)
                }
            } else if values.count < MigrationReport.distinctValuesKept {
                values[value] = ValueTally(count: 1, becameOther: becameOther, locations: [location])
            } else {
                otherValuesCount += 1
            }
        }
    }

    struct InvalidKey: Hashable {
        let field: String
        let reason: String
    }

    struct InvalidTally {
        let field: Field
        let columns: [String]
        let problem: ValueProblem
        var reason: String { problem.message }
        var count = 0
        var examples: [Example] = []

        mutating func add(_ example: Example) {
            count += 1
            if examples.count < MigrationReport.examplesKept { examples.append(example) }
        }
    }

    struct IssueTally {
        let severity: Severity
        var count = 0
        var examples: [Example] = []
        /// For rejected records: how many were rejected for each reason (a
        /// record rejected for two reasons counts under both).
        var reasonCounts: [IssueCode: Int] = [:]

        mutating func add(_ issue: Issue) {
            count += 1
            for reason in issue.reasons { reasonCounts[reason, default: 0] += 1 }
            if examples.count < MigrationReport.examplesKept {
                examples.append(Example(value: nil, location: issue.location, message: issue.message, reasons: issue.reasons))
            }
        }
    }

    var unmappedValues: [String: UnmappedValues] = [:]
    var invalidValues: [InvalidKey: InvalidTally] = [:]
    var issues: [IssueCode: IssueTally] = [:]
    /// Source columns with how many records fill them, and which the mapping uses or ignores.
    var columns: [ColumnUse] = []
    /// Core fields and how many written records filled them (nil: not mapped).
    var coreFieldFill: [(field: Field, filled: Int?)] = []

    struct ColumnUse {
        let name: String
        var filled = 0
        var used = false
        var ignored = false
        /// The related set whose own source has the column; nil: the input's.
        var set: String? = nil
    }

    public init() {}

    deinit { counts.free() }

    // Tallies are changed in place (`[key, default:]`): taking one out and
    // putting it back copied its dictionary of values on every call.
    public func report(_ issue: Issue) {
        issues[issue.code, default: IssueTally(severity: issue.severity)].add(issue)
    }

    /// A source value no map covered. `becameOther` when the `otherwise` policy
    /// wrote `Other` in its place.
    func unmappedValue(
        _ value: String, field: Field, columns: [String], at location: SourceLocation, becameOther: Bool
    ) {
        unmappedValues[field.name, default: UnmappedValues(field: field, columns: columns)]
            .add(value, at: location, becameOther: becameOther)
    }

    /// A value that failed its field's rules; `problem` names the rule without the value.
    func invalidValue(
        _ value: String?, field: Field, columns: [String], problem: ValueProblem, at location: SourceLocation
    ) {
        invalidValues[InvalidKey(field: field.name, reason: problem.message),
                      default: InvalidTally(field: field, columns: columns, problem: problem)]
            .add(Example(value: value, location: location, message: nil))
    }

    /// Related records per set: read = linked + rejected.
    public struct RelatedCount: Sendable, Equatable {
        public let name: String
        public let entity: RelatedEntity
        public internal(set) var read: Int
        public internal(set) var linked = 0
        public internal(set) var rejected = 0
    }

    public internal(set) var relatedCounts: [RelatedCount] = []

    func prepareRelated(_ name: String, entity: RelatedEntity, read: Int) {
        relatedCounts.append(RelatedCount(name: name, entity: entity, read: read))
    }

    private func updateRelated(_ name: String, _ change: (inout RelatedCount) -> Void) {
        if let index = relatedCounts.firstIndex(where: { $0.name == name }) { change(&relatedCounts[index]) }
    }

    func countRelatedRead(_ name: String, _ count: Int) { updateRelated(name) { $0.read += count } }
    func countRelatedLinked(_ name: String, _ count: Int) { updateRelated(name) { $0.linked += count } }
    func countRelatedRejected(_ name: String, _ count: Int) { updateRelated(name) { $0.rejected += count } }

    /// Source columns whose values are masked wherever they appear: those an
    /// entry maps to a personal field, and those whose names look personal
    /// (a first name used to guess a gender is still a first name).
    var personalColumns: Set<String> = []

    func notePersonalColumns(rules: [FieldRule], columns: [String]) {
        for rule in rules where rule.field.isPersonalData { personalColumns.formUnion(rule.columnNames) }
        for name in columns where PersonalLooking.columnName(name) { personalColumns.insert(name) }
    }

    /// Learns the columns and the core fields before the first record.
    func prepare(plan: MappingPlan, standard: Standard) {
        notePersonalColumns(rules: plan.rules, columns: plan.columns)
        columns = plan.columns.enumerated().map { index, name in
            ColumnUse(name: name, used: plan.usedColumns.contains(index), ignored: plan.ignoredColumns.contains(index))
        }
        targetSlots = Dictionary(uniqueKeysWithValues: plan.targetFields.enumerated().map { ($1.name, $0) })
        targetFields = plan.targetFields
        picklists = plan.picklists
        counts.prepare(columns: plan.columns.count, slots: plan.targetFields.count, picklistValues: plan.picklists.count)
        coreFields = standard.coreFields.filter { !$0.isDeprecated }
    }

    /// A record read, and the columns it fills.
    func countRead(_ record: SourceRecord) {
        counts.countRead(record)
    }

    /// Whether a cell has something in it.
    static func isFilled(_ value: SourceValue) -> Bool {
        switch value {
        case .text(let text): !text.isEmpty
        case .list(let items): !items.isEmpty
        case .integer, .real, .spreadsheetError, .dateTime: true
        case .blob, .null: false
        }
    }

    /// A case written, with the slots it filled and the picklist values it holds.
    func countWritten(filling slots: SmallIntSet, holding picks: SmallIntSet) {
        counts.countWritten(filling: slots, holding: picks)
    }

    func countRejected(_ record: SourceRecord, reasons: [RejectionReason]) {
        rejected += 1
        report(Issue(.recordRejected, .error, reasons.map(\.message).joined(separator: "; "), at: record.location,
                     reasons: RejectionReason.codes(reasons)))
    }

    /// Settles what can only be known at the end: how full each column is,
    /// core fields never filled.
    func finish() {
        for index in 0..<min(counts.columnCount, columns.count) { columns[index].filled = counts.filledCells(index) }
        coreFieldFill = coreFields.map { field in
            (field, targetSlots[field.name].map { counts.filledSlots($0) })
        }
    }

    /// A field's place in the run's target fields (the standard's order), for sorting.
    func order(of field: Field) -> Int { targetSlots[field.name] ?? Int.max }

    private var targetSlots: [String: Int] = [:]
    private var coreFields: [Field] = []

    /// Whether any value went unmapped or any column was neither used nor ignored.
    public var hasUnmapped: Bool {
        !unmappedValues.isEmpty || columns.contains { !$0.used && !$0.ignored } || !relatedColumns.isEmpty
            || issues[.pathNeverSeen] != nil
    }

    /// An XML input's paths that carry values and that no entry uses or ignores
    /// (`XMLPathAudit`): reported as unmapped columns.
    func addUnmappedPaths(_ paths: [(path: String, filled: Int)]) {
        columns += paths.map { ColumnUse(name: $0.path, filled: $0.filled) }
    }

    /// A related set's own source's columns that its entries neither use nor ignore.
    func addUnmappedColumns(set: String, _ unmapped: [(name: String, filled: Int)]) {
        relatedColumns += unmapped.map { ColumnUse(name: $0.name, filled: $0.filled, set: set) }
    }

    /// Kept apart from `columns`, whose places are the input's columns.
    var relatedColumns: [ColumnUse] = []

    public var invalidValueCount: Int { invalidValues.values.reduce(0) { $0 + $1.count } }
}
