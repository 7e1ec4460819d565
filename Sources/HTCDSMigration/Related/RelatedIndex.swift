import Foundation

/// Related records from another table, query or file, kept on disk in a
/// temporary SQLite database indexed by their link key, so that memory does
/// not grow with their number. SQLite's own temporary database (opened by an
/// empty name): its file is removed as soon as it is open, so that nothing
/// holding case data is left behind however the run ends.
/// Not thread-safe: one index serves one run.
final class RelatedIndex {
    private let database: SQLiteDatabase
    private let insert: SQLiteStatement
    private var loading = true
    private var lookup: SQLiteStatement?
    private var lookupUntaken: SQLiteStatement?
    private var markMatched: SQLiteStatement?
    private(set) var count = 0

    init() throws {
        database = try SQLiteDatabase(path: "", mode: .readWrite)
        try database.execute("PRAGMA journal_mode = OFF")
        try database.execute("PRAGMA synchronous = OFF")
        try database.execute("""
            CREATE TABLE related (key TEXT NOT NULL, file TEXT, line INTEGER, record INTEGER, path TEXT,
                                  location_key TEXT, payload BLOB, matched INTEGER NOT NULL DEFAULT 0)
            """)
        try database.execute("BEGIN")
        insert = try database.prepare("INSERT INTO related (key, file, line, record, path, location_key, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
    }

    func add(_ record: SourceRecord, key: String) throws {
        insert.reset()
        try insert.bind(1, key)
        try insert.bind(2, record.location.file)
        try insert.bind(3, record.location.line.map(Int64.init) ?? 0)
        try insert.bind(4, record.location.record.map(Int64.init) ?? 0)
        try insert.bind(5, record.location.path)
        try insert.bind(6, record.location.key)
        try insert.bind(7, bytes: SourceValueCoding.encode(record.values))
        _ = try insert.step()
        count += 1
    }

    /// Ends loading: commits and builds the key index.
    func finishLoading() throws {
        guard loading else { return }
        loading = false
        try database.execute("COMMIT")
        try database.execute("CREATE INDEX related_key ON related (key)")
        lookup = try database.prepare("SELECT rowid, file, line, record, path, location_key, payload FROM related WHERE key = ? ORDER BY rowid")
        lookupUntaken = try database.prepare(
            "SELECT rowid, file, line, record, path, location_key, payload FROM related WHERE key = ? AND matched = 0 ORDER BY rowid")
        markMatched = try database.prepare("UPDATE related SET matched = 1 WHERE key = ?")
    }

    /// The records linked to a key, in the order read; they count as linked.
    /// Organisations: every case that names a key gets its record.
    func records(forKey key: String) throws -> [SourceRecord] {
        try finishLoading()
        return try records(forKey: key, using: lookup)
    }

    /// The records linked to a key that no case took before, in the order read;
    /// from now on they are taken. A case's related records belong to the
    /// first case with that id, written or rejected: a later case repeating
    /// the id (rejected as a duplicate) finds none, so none is counted twice.
    func takeRecords(forKey key: String) throws -> [SourceRecord] {
        try finishLoading()
        return try records(forKey: key, using: lookupUntaken)
    }

    private func records(forKey key: String, using lookup: SQLiteStatement?) throws -> [SourceRecord] {
        guard let lookup, let markMatched else { return [] }
        lookup.reset()
        try lookup.bind(1, key)
        var records: [SourceRecord] = []
        while try lookup.step() { records.append(record(from: lookup, offset: 1)) }
        if !records.isEmpty {
            markMatched.reset()
            try markMatched.bind(1, key)
            _ = try markMatched.step()
        }
        return records
    }

    /// The records no key asked for, in the order read.
    func unmatched() throws -> [(key: String, record: SourceRecord)] {
        try finishLoading()
        let statement = try database.prepare("SELECT key, file, line, record, path, location_key, payload FROM related WHERE matched = 0 ORDER BY rowid")
        var result: [(String, SourceRecord)] = []
        while try statement.step() { result.append((statement.value(0).text ?? "", record(from: statement, offset: 1))) }
        return result
    }

    private func record(from statement: SQLiteStatement, offset: Int) -> SourceRecord {
        func integer(_ index: Int) -> Int? {
            if case .integer(let value) = statement.value(index), value > 0 { return Int(value) }
            return nil
        }
        let location = SourceLocation(
            file: statement.value(offset).text ?? "", line: integer(offset + 1), record: integer(offset + 2),
            path: statement.value(offset + 3).text, key: statement.value(offset + 4).text)
        return SourceRecord(location: location, values: SourceValueCoding.decode(statement.bytes(offset + 5)))
    }
}
