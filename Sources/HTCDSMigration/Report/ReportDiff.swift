import Foundation

/// What changed between two runs' JSON reports (`htcds report diff OLD NEW`,
/// `convert --compare OLD`): what a team re-running a mapping every month
/// needs to see first. Columns that appeared or vanished, unmapped values
/// not seen before, invalid values that grew, fill rates that moved by more
/// than a threshold, and the record counts. Reports are compared as written
/// (masked values compare by their masks).
public struct ReportDiff {
    public enum Change: Equatable {
        case columnAdded(String)
        case columnVanished(String)
        case unmappedValueNew(field: String, value: String, count: Int)
        case invalidGrew(field: String, code: String, old: Int, new: Int)
        case fillMoved(field: String, old: Double, new: Double)
        case fieldAdded(String)
        case fieldVanished(String)

        var description: String {
            switch self {
            case .columnAdded(let name): "column added: \(name)"
            case .columnVanished(let name): "column vanished: \(name)"
            case .unmappedValueNew(let field, let value, let count): "new unmapped value in \(field): \"\(value)\" ×\(count)"
            case .invalidGrew(let field, let code, let old, let new): "invalid values in \(field) (\(code)): \(old) → \(new)"
            case .fillMoved(let field, let old, let new):
                "\(field) filled in \(ReportHTML.percent(old))% → \(ReportHTML.percent(new))% of written cases"
            case .fieldAdded(let name): "field now filled: \(name)"
            case .fieldVanished(let name): "field no longer mapped: \(name)"
            }
        }

        var code: String {
            switch self {
            case .columnAdded: "column-added"
            case .columnVanished: "column-vanished"
            case .unmappedValueNew: "unmapped-value-new"
            case .invalidGrew: "invalid-values-grew"
            case .fillMoved: "fill-rate-moved"
            case .fieldAdded: "field-added"
            case .fieldVanished: "field-vanished"
            }
        }
    }

    public let changes: [Change]
    /// read, written and rejected, before and after.
    public let counts: [(name: String, old: Int, new: Int)]

    /// `fillThreshold`: how far (a share, 0.05 for five points) a fill rate may move unsaid.
    public init(old: Data, new: Data, fillThreshold: Double = 0.05) throws {
        let before = try Self.object(old, "the old report")
        let after = try Self.object(new, "the new report")
        var changes: [Change] = []
        let oldColumns = Self.names(before["columns"], key: "column")
        let newColumns = Self.names(after["columns"], key: "column")
        changes += newColumns.filter { !oldColumns.contains($0) }.map(Change.columnAdded)
        changes += oldColumns.filter { !newColumns.contains($0) }.map(Change.columnVanished)

        let seen = Set(Self.unmapped(before).map { "\($0.field)\u{1F}\($0.value)" })
        changes += Self.unmapped(after).filter { !seen.contains("\($0.field)\u{1F}\($0.value)") }
            .map { Change.unmappedValueNew(field: $0.field, value: $0.value, count: $0.count) }

        let oldInvalid = Self.invalid(before)
        for (key, count) in Self.invalid(after).sorted(by: { $0.key < $1.key }) where count > oldInvalid[key, default: 0] {
            let parts = key.split(separator: "\u{1F}").map(String.init)
            changes.append(.invalidGrew(field: parts[0], code: parts[1], old: oldInvalid[key, default: 0], new: count))
        }

        let oldFill = Self.fill(before)
        let newFill = Self.fill(after)
        for (field, rate) in newFill {
            guard let previous = oldFill.first(where: { $0.field == field })?.rate else { changes.append(.fieldAdded(field)); continue }
            if abs(rate - previous) > fillThreshold + 1e-9 { changes.append(.fillMoved(field: field, old: previous, new: rate)) }
        }
        changes += oldFill.map(\.field).filter { field in !newFill.contains { $0.field == field } }.map(Change.fieldVanished)
        self.changes = changes

        let oldRecords = before["records"] as? [String: Any] ?? [:]
        let newRecords = after["records"] as? [String: Any] ?? [:]
        counts = ["read", "written", "rejected"].map { ($0, oldRecords[$0] as? Int ?? 0, newRecords[$0] as? Int ?? 0) }
    }

    public func text() -> String {
        var lines = ["records: " + counts.map { "\($0.name) \($0.old) → \($0.new)" }.joined(separator: ", ")]
        lines += changes.isEmpty ? ["no changes beyond the counts"] : changes.map(\.description)
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String {
        JSONDocument.object([
            ("records", .object(counts.map { ($0.name, .object([("old", .integer($0.old)), ("new", .integer($0.new))])) })),
            ("changes", .array(changes.map { .object([("code", .string($0.code)), ("message", .string($0.description))]) })),
        ]).rendered()
    }

    // MARK: - Reading a report

    private static func object(_ data: Data, _ what: String) throws -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], object["records"] != nil else {
            throw InputError(path: what, message: "is not an htcds JSON report")
        }
        return object
    }

    private static func names(_ value: Any?, key: String) -> [String] {
        (value as? [[String: Any]] ?? []).compactMap { $0[key] as? String }
    }

    private static func unmapped(_ report: [String: Any]) -> [(field: String, value: String, count: Int)] {
        (report["unmappedValues"] as? [[String: Any]] ?? []).flatMap { entry in
            (entry["values"] as? [[String: Any]] ?? []).map { value in
                (entry["field"] as? String ?? "", value["value"] as? String ?? "", value["count"] as? Int ?? 0)
            }
        }
    }

    private static func invalid(_ report: [String: Any]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for tally in report["invalidValues"] as? [[String: Any]] ?? [] {
            counts["\(tally["field"] as? String ?? "")\u{1F}\(tally["code"] as? String ?? "")", default: 0] += tally["count"] as? Int ?? 0
        }
        return counts
    }

    private static func fill(_ report: [String: Any]) -> [(field: String, rate: Double)] {
        (report["fields"] as? [[String: Any]] ?? []).compactMap { entry in
            guard let field = entry["field"] as? String, let rate = (entry["fillRate"] as? NSNumber)?.doubleValue else { return nil }
            return (field, rate)
        }
    }

}
