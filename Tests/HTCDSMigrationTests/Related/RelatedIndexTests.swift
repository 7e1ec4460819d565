import Testing
@testable import HTCDSMigration

/// The related index keeps a set's records on disk by link key; a record's
/// file and path are stored only where they differ from the set's first
/// record's. Every record must come back with its own location and values,
/// in the order read, once to the first case that takes its key, and the
/// ones no case took in the order read.
@Suite struct RelatedIndexTests {
    static let records: [(key: String, record: SourceRecord)] = [
        ("C-1", SourceRecord(location: SourceLocation(file: "shelter.sqlite", record: 1, path: "events", key: "rowid 1"),
                             values: [.text("2021-04-03"), .integer(7)])),
        ("C-2", SourceRecord(location: SourceLocation(file: "shelter.sqlite", record: 2, path: "events", key: "rowid 2"),
                             values: [.null, .real(2.5)])),
        ("C-1", SourceRecord(location: SourceLocation(file: "other.csv", line: 14, record: 3),
                             values: [.text("Ağrı"), .list(["a", "b"])])),
        ("C-1", SourceRecord(location: SourceLocation(file: "shelter.sqlite", record: 4, path: "0"), values: [.text("0")])),
        ("C-3", SourceRecord(location: SourceLocation(file: "shelter.sqlite", record: 5, path: "123"), values: [])),
        ("C-3", SourceRecord(location: SourceLocation(file: "shelter.sqlite", record: 6), values: [.blob(3)])),
    ]

    func loaded() throws -> RelatedIndex {
        let index = try RelatedIndex()
        for (key, record) in Self.records { try index.add(record, key: key) }
        try index.finishLoading()
        return index
    }

    func same(_ found: [SourceRecord], _ expected: [SourceRecord]) -> Bool {
        found.map(\.location) == expected.map(\.location) && found.map(\.values) == expected.map(\.values)
    }

    @Test func recordsComeBackWithTheirOwnLocationsOnceToTheFirstCase() throws {
        let index = try loaded()
        let ofC1 = Self.records.filter { $0.key == "C-1" }.map(\.record)
        #expect(same(try index.takeRecords(forKey: "C-1"), ofC1))
        #expect(try index.takeRecords(forKey: "C-1").isEmpty)
        let ofC3 = Self.records.filter { $0.key == "C-3" }.map(\.record)
        #expect(same(try index.records(forKey: "C-3"), ofC3))
        #expect(same(try index.records(forKey: "C-3"), ofC3))  // organisations: every case gets them
        var unmatched: [(String, SourceRecord)] = []
        let count = try index.forEachUnmatched { unmatched.append(($0, $1)) }
        #expect(count == 1 && unmatched.map(\.0) == ["C-2"])
        #expect(same(unmatched.map(\.1), [Self.records[1].record]))
    }
}
