import Foundation
import HTCDS

/// `htcds test`: runs the `tests:` of a mapping. Each test gives a source
/// record (and related records) and the HTCDS values expected from it; the
/// records go through the same compiled plan `convert` uses.
///
///     tests:
///       - name: a woman from Moldova
///         given: { Sex: f, DOB: 03/02/1990, Nationality: Moldova }
///         expect: { prs_Gender: Feminine, prs_Birthdate: 1990-02-03, prs_Citizenship: [MD] }
///       - given: { Id: "7" }
///         related: { events: [ { When: 02/01/2019 } ] }
///         expect: { historicTraffickingEvents: [ { hte_Date: 2019-01-02 } ] }
///
/// `given` may be a list of rows for a long register; a test that does not
/// give the case id column gets the id `test`; `expect: { rejected: text }`
/// expects the record rejected with a reason containing the text; an expected
/// `~` expects the field empty.
public enum MappingTestRunner {
    public struct Failure: CustomStringConvertible {
        public let location: SourceLocation
        public let test: String
        public let differences: [String]

        public var description: String {
            "\(location): test \(test) failed:\n" + differences.map { "  " + $0 }.joined(separator: "\n")
        }
    }

    public struct Result {
        public let count: Int
        public let failures: [Failure]
        /// Every test's name, in order (`'name'`, or its number when it has none).
        public var names: [String] = []
    }

    /// A value as tests compare it: text, a list, or an object.
    indirect enum TestValue: Equatable, CustomStringConvertible {
        case text(String)
        case list([TestValue])
        case object([(String, TestValue)])
        case empty

        /// Equal as values: an object's keys in any order (`{org_Type, org_Name}` is `{org_Name, org_Type}`),
        /// a list's items in theirs.
        static func == (lhs: TestValue, rhs: TestValue) -> Bool {
            switch (lhs, rhs) {
            case (.text(let left), .text(let right)): left == right
            case (.empty, .empty): true
            case (.list(let left), .list(let right)): left == right
            case (.object(let left), .object(let right)):
                left.count == right.count && Set(left.map(\.0)).count == left.count
                    && left.allSatisfy { key, value in right.contains { $0.0 == key && $0.1 == value } }
            default: false
            }
        }

        var description: String {
            switch self {
            case .text(let text): text
            case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
            case .object(let pairs): "{" + pairs.map { "\($0): \($1)" }.joined(separator: ", ") + "}"
            case .empty: "(empty)"
            }
        }

        init(_ value: HTCDSValue?) {
            switch value {
            case nil: self = .empty
            case .text(let text)?, .number(let text)?: self = .text(text)
            case .boolean(let flag)?: self = .text(flag ? "true" : "false")
            case .date(let date)?: self = .text(date.description)
            case .list(let items)?: self = .list(items.map(TestValue.text))
            case .reference(let keys)?: self = .object(keys.map { ($0.key, TestValue($0.value)) })
            }
        }

        init(_ node: YAMLNode) throws {
            if let scalar = node.node.scalar {
                let empty = scalar.style == .plain && ["", "~", "null"].contains(scalar.string)
                self = empty ? .empty : .text(scalar.string)
            } else if node.isSequence {
                self = .list(try node.items("an expected list").map(TestValue.init))
            } else {
                self = .object(try node.pairs("an expected object").map { (try $0.key.text("a key"), try TestValue($0.value)) })
            }
        }
    }

    /// The keys of one test under `tests:`.
    static let testKeys = ["name", "given", "related", "expect"]

    public static func run(mappingPath: String, standard: Standard) throws -> Result {
        let document = try MappingDocument.load(path: mappingPath, standard: standard)
        guard let testsNode = document.tests else { return Result(count: 0, failures: []) }
        let tests = try testsNode.items("tests")
        var failures: [Failure] = []
        var names: [String] = []
        for (number, test) in tests.enumerated() {
            let keyed = try test.keyed("a test", allowed: testKeys, diagnostics: MappingDiagnostics())
            let name = try keyed["name"].map { "'\(try $0.text("name"))'" } ?? "\(number + 1)"
            names.append(name)
            do {
                let differences = try runOne(keyed, document: document, standard: standard)
                if !differences.isEmpty { failures.append(Failure(location: test.location, test: name, differences: differences)) }
            } catch let error as MappingError {
                failures.append(Failure(location: error.location, test: name, differences: [error.message]))
            } catch let errors as MappingErrors {
                failures.append(Failure(location: test.location, test: name, differences: errors.errors.map(\.description)))
            }
        }
        return Result(count: tests.count, failures: failures, names: names)
    }

    private static func row(_ node: YAMLNode) throws -> [(String, String)] {
        try node.pairs("a given record").map { (try $0.key.text("a column"), try $0.value.text("a cell")) }
    }

    private static func runOne(_ test: KeyedNode, document: MappingDocument, standard: Standard) throws -> [String] {
        guard let givenNode = test["given"], let expectNode = test["expect"] else {
            throw MappingError(.testNeedsGivenAndExpect, at: test.node.location)
        }
        let rows = givenNode.isSequence ? try givenNode.items("given").map(row) : [try row(givenNode)]
        var columns = document.referencedColumns
        for (column, _) in rows.flatMap({ $0 }) where !columns.contains(column) { columns.append(column) }
        let location = SourceLocation(file: document.path, line: givenNode.location.line)
        // A test need not name the case id: it gets one unless it gives one.
        var records = rows.map { cells in
            SourceRecord(location: location, values: columns.map { column in
                cells.first { $0.0 == column }.map { SourceValue.text($0.1) }
                    ?? (document.caseID.columns.first?.value == column ? .text("test") : .null)
            })
        }
        let plan = try MappingCompiler.compile(document, columns: columns, standard: standard)
        let report = MigrationReport()

        // Related records the test gives, by set name, as records with their own columns.
        var given: [String: [[(String, String)]]] = [:]
        if let related = test["related"] {
            for (name, list) in try related.pairs("related") {
                given[try name.text("a related set")] = try list.items("related records").map(row)
            }
        }
        var relatedPlans: [RelatedPlan] = []
        var indexes: [RelatedIndex?] = []
        var groupRecords: [[SourceRecord]] = []
        for set in document.related {
            let rowsOfSet = given[set.name.value] ?? []
            var setColumns = set.entries.flatMap(\.columns).map(\.value)
            if case .source(_, let link) = set.origin, !setColumns.contains(link.value) { setColumns.append(link.value) }
            for column in set.ignore.map(\.value) where !setColumns.contains(column) { setColumns.append(column) }
            for (column, _) in rowsOfSet.flatMap({ $0 }) where !setColumns.contains(column) { setColumns.append(column) }
            var groupIndex: Int?
            if case .elements = set.origin { groupIndex = groupRecords.count }
            let relatedPlan = try MappingCompiler.compileRelated(
                set, columns: setColumns, mainColumns: columns, groupIndex: groupIndex, document: document, standard: standard)
            relatedPlans.append(relatedPlan)
            let setRecords = rowsOfSet.map { cells in
                SourceRecord(location: location, values: relatedPlan.columns.map { column in
                    cells.first { $0.0 == column }.map { SourceValue.text($0.1) } ?? .null
                })
            }
            switch relatedPlan.origin {
            case .source(let link):
                let index = try RelatedIndex()
                let caseID = records.first.map(plan.caseID(of:)) ?? ""
                for record in setRecords {
                    // The link is the case's id unless the test gives one.
                    let key = TextCleaning.trimmed(record.value(at: link).text ?? "")
                    try index.add(record, key: key.isEmpty && set.entity != .organisation ? caseID : key)
                }
                indexes.append(index)
            case .elements:
                groupRecords.append(setRecords)
                indexes.append(nil)
            default:
                indexes.append(nil)
            }
        }
        let runtime = RelatedRuntime(plans: relatedPlans, indexes: indexes, report: report, onInvalid: .keep,
                                     rejects: relatedPlans.map { _ in nil })
        records[0].groups = groupRecords
        let first = records[0]

        var actual: [String: TestValue] = [:]
        var (outcome, values) = plan.apply(first, report: report)
        switch outcome {
        case .rejected(let reason):
            actual["rejected"] = .text(reason.message)
        case .mapped:
            for (slot, set) in plan.organisationLookups {
                guard case .reference(let keys) = values[slot], case .text(let key)? = keys.first?.value else { continue }
                values[slot] = try runtime.organisation(set: set, key: key)
            }
            for (index, field) in plan.targetFields.enumerated() { actual[field.name] = TestValue(values[index]) }
            let linked = try RelatedLinker(casePlan: plan, plans: relatedPlans, indexes: indexes).linked(to: records)
            let related = try runtime.records(of: ReadCase(rows: records, linked: linked))
            for (number, set) in relatedPlans.enumerated() where set.entity != .organisation {
                let objects = related[number].map { record in
                    TestValue.object(zip(set.targetFields, record.values).compactMap { field, value in
                        value.map { (field.name, TestValue($0)) }
                    })
                }
                if case .list(let earlier)? = actual[set.entity.outputKey] {
                    actual[set.entity.outputKey] = .list(earlier + objects)
                } else if !objects.isEmpty {
                    actual[set.entity.outputKey] = .list(objects)
                }
            }
        }
        var differences: [String] = []
        for (key, valueNode) in try expectNode.pairs("expect") {
            let field = try key.text("an expected field")
            let expected = try TestValue(valueNode)
            let got = actual[field] ?? .empty
            if field == "rejected" {
                if case .text(let reason) = got, case .text(let wanted) = expected, reason.contains(wanted) { continue }
                differences.append("line \(key.location.line ?? 0): expected the record rejected (\(expected)), got \(got == .empty ? "it written" : got.description)")
                continue
            }
            if got != expected {
                differences.append("line \(key.location.line ?? 0): \(field): expected \(expected), got \(got)")
            }
        }
        return differences
    }
}
