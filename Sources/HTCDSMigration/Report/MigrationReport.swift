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

    public internal(set) var read = 0
    public internal(set) var written = 0
    public internal(set) var rejected = 0
    public internal(set) var blankRowsSkipped = 0

    struct Example: Hashable {
        let value: String?
        let location: SourceLocation?
        let message: String?
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
    }

    struct InvalidKey: Hashable {
        let field: String
        let reason: String
    }

    struct InvalidTally {
        let field: Field
        let columns: [String]
        let reason: String
        var count = 0
        var examples: [Example] = []
    }

    struct IssueTally {
        let severity: Severity
        var count = 0
        var examples: [Example] = []
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
    }

    public init() {}

    public func report(_ issue: Issue) {
        var tally = issues[issue.code] ?? IssueTally(severity: issue.severity)
        tally.count += 1
        if tally.examples.count < Self.examplesKept {
            tally.examples.append(Example(value: nil, location: issue.location, message: issue.message))
        }
        issues[issue.code] = tally
    }

    /// A source value no map covered. `becameOther` when the `otherwise` policy
    /// wrote `Other` in its place.
    func unmappedValue(
        _ value: String, field: Field, columns: [String], at location: SourceLocation, becameOther: Bool
    ) {
        var entry = unmappedValues[field.name] ?? UnmappedValues(field: field, columns: columns)
        if var tally = entry.values[value] {
            tally.count += 1
            if tally.locations.count < Self.examplesKept { tally.locations.append(location) }
            entry.values[value] = tally
        } else if entry.values.count < Self.distinctValuesKept {
            entry.values[value] = ValueTally(count: 1, becameOther: becameOther, locations: [location])
        } else {
            entry.otherValuesCount += 1
        }
        unmappedValues[field.name] = entry
    }

    /// A value that failed its field's rules; `reason` names the rule without the value.
    func invalidValue(
        _ value: String?, field: Field, columns: [String], reason: String, at location: SourceLocation
    ) {
        let key = InvalidKey(field: field.name, reason: reason)
        var tally = invalidValues[key] ?? InvalidTally(field: field, columns: columns, reason: reason)
        tally.count += 1
        if tally.examples.count < Self.examplesKept {
            tally.examples.append(Example(value: value, location: location, message: nil))
        }
        invalidValues[key] = tally
    }

    func countRead() { read += 1 }
    func countWritten() { written += 1 }
    func countRejected() { rejected += 1 }
    func countBlankRow() { blankRowsSkipped += 1 }

    /// Whether any value went unmapped or any column was neither used nor ignored.
    public var hasUnmapped: Bool {
        !unmappedValues.isEmpty || columns.contains { !$0.used && !$0.ignored && $0.filled > 0 }
    }

    public var invalidValueCount: Int { invalidValues.values.reduce(0) { $0 + $1.count } }
}
