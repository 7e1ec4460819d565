import Foundation

/// Related records from another table, query or file, kept on disk in a
/// temporary SQLite database indexed by their link key, so that memory does
/// not grow with their number. SQLite's own temporary database (opened by an
/// empty name): its file is removed as soon as it is open, so that nothing
/// holding case data is left behind however the run ends.
///
/// The database is this run's alone: it is locked once (exclusive locking
/// mode) and stays in one transaction, never committed after loading, so a
/// lookup neither takes a lock nor starts a transaction of its own. Which
/// records cases took is a bit a record in memory, by rowid, rather than a
/// row updated on disk for every case (which wrote pages back).
/// Not thread-safe: one index serves one run.
final class RelatedIndex {
    private let database: SQLiteDatabase
    private let insert: SQLiteStatement
    private var loading = true
    private var lookup: SQLiteStatement?
    /// The file and path (an SQLite table or query) of the set's first
    /// record: a record from the same keeps NULL for each (nearly every
    /// record of a set comes from one file and table, whose names are then
    /// neither stored nor made again for each).
    private var mainFile: FileName?
    private var mainPath: String?
    /// The record being added, in `SourceValueCoding`'s form.
    private var payload = ByteArena(capacity: 1024)
    /// Bit `rowid` set: a case took that record (rowids count from 1).
    private var taken: [UInt64] = []
    private(set) var count = 0

    init() throws {
        database = try SQLiteDatabase(path: "", mode: .readWrite)
        try database.execute("PRAGMA locking_mode = EXCLUSIVE")
        try database.execute("PRAGMA journal_mode = OFF")
        try database.execute("PRAGMA synchronous = OFF")
        try database.execute("""
            CREATE TABLE related (key TEXT NOT NULL, file TEXT, line INTEGER, record INTEGER,
                                  path,  -- no type: a text, NULL or 0 each as bound (see add)
                                  location_key TEXT, payload BLOB)
            """)
        try database.execute("BEGIN")
        insert = try database.prepare("INSERT INTO related (key, file, line, record, path, location_key, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
    }

    func add(_ record: SourceRecord, key: String) throws {
        insert.reset()
        let location = record.location
        if mainFile == nil {
            mainFile = location.fileName
            mainPath = location.path
        }
        let otherFile = location.fileName == mainFile ? nil : location.file
        let otherPath = location.path == mainPath ? nil : location.path
        insert.reserveTexts(key.utf8.count + (otherFile?.utf8.count ?? 0) + (otherPath?.utf8.count ?? 0)
                            + (location.key?.utf8.count ?? 0))
        try insert.bindInPlace(1, key)
        if let otherFile { try insert.bindInPlace(2, otherFile) }
        try insert.bind(3, location.line.map(Int64.init) ?? 0)
        try insert.bind(4, location.record.map(Int64.init) ?? 0)
        // NULL: the main path; a text: a path of its own; 0: no path where the main record has one.
        if let otherPath {
            try insert.bindInPlace(5, otherPath)
        } else if location.path == nil && mainPath != nil {
            try insert.bind(5, Int64(0))
        }
        if let key = location.key { try insert.bindInPlace(6, key) }
        payload.removeAll()
        SourceValueCoding.encode(record.values, into: &payload)
        try insert.bindBorrowedBlob(7, payload)
        _ = try insert.step()
        count += 1
    }

    /// Ends loading: builds the key index, in the transaction that stays open.
    func finishLoading() throws {
        guard loading else { return }
        loading = false
        try database.execute("CREATE INDEX related_key ON related (key)")
        lookup = try database.prepare("SELECT rowid, file, line, record, path, location_key, payload FROM related WHERE key = ? ORDER BY rowid")
        taken = [UInt64](repeating: 0, count: count / 64 + 1)
    }

    /// The records linked to a key, in the order read; they count as linked.
    /// Organisations: every case that names a key gets its record.
    func records(forKey key: String) throws -> [SourceRecord] {
        try records(forKey: key, untakenOnly: false)
    }

    /// The records linked to a key that no case took before, in the order read;
    /// from now on they are taken. A case's related records belong to the
    /// first case with that id, written or rejected: a later case repeating
    /// the id (rejected as a duplicate) finds none, so none is counted twice.
    func takeRecords(forKey key: String) throws -> [SourceRecord] {
        try records(forKey: key, untakenOnly: true)
    }

    private func records(forKey key: String, untakenOnly: Bool) throws -> [SourceRecord] {
        try finishLoading()
        guard let lookup else { return [] }
        lookup.reset()
        try lookup.bind(1, key)
        var records: [SourceRecord] = []
        while try lookup.step() {
            guard case .integer(let rowid) = lookup.value(0) else { continue }
            let wasTaken = isTaken(Int(rowid))
            markTaken(Int(rowid))
            if untakenOnly && wasTaken { continue }
            records.append(record(from: lookup, offset: 1))
        }
        return records
    }

    private func isTaken(_ rowid: Int) -> Bool {
        rowid / 64 < taken.count && taken[rowid / 64] & (1 << UInt64(rowid % 64)) != 0
    }

    private func markTaken(_ rowid: Int) {
        if rowid / 64 >= taken.count { taken += [UInt64](repeating: 0, count: rowid / 64 + 1 - taken.count) }
        taken[rowid / 64] |= 1 << UInt64(rowid % 64)
    }

    /// Hands each record no key asked for to `body`, in the order read, one
    /// at a time (a run stopped by `--limit` leaves nearly all of them);
    /// returns how many there were.
    @discardableResult
    func forEachUnmatched(_ body: (_ key: String, _ record: SourceRecord) throws -> Void) throws -> Int {
        try finishLoading()
        let statement = try database.prepare("SELECT rowid, key, file, line, record, path, location_key, payload FROM related ORDER BY rowid")
        var count = 0
        while try statement.step() {
            if case .integer(let rowid) = statement.value(0), isTaken(Int(rowid)) { continue }
            try body(statement.value(1).text ?? "", record(from: statement, offset: 2))
            count += 1
        }
        return count
    }

    private func record(from statement: SQLiteStatement, offset: Int) -> SourceRecord {
        func integer(_ index: Int) -> Int? {
            if case .integer(let value) = statement.value(index), value > 0 { return Int(value) }
            return nil
        }
        let file = statement.value(offset).text.map { FileName($0) } ?? mainFile ?? FileName("")
        let path: String? = switch statement.value(offset + 3) {
        case .null: mainPath
        case .text(let text): text
        default: nil
        }
        let location = SourceLocation(file: file, line: integer(offset + 1), record: integer(offset + 2),
                                      path: path, key: statement.value(offset + 4).text)
        return SourceRecord(location: location, values: SourceValueCoding.decode(blobColumn: offset + 5, of: statement))
    }
}
