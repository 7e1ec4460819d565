internal import CSQLite
import Foundation

/// An sqlite3 failure, with the database path and, where one was running, the SQL.
public struct SQLiteError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String
    public let sql: String?

    public var description: String {
        "\(path): \(message)" + (sql.map { " (in: \($0))" } ?? "")
    }
}

/// One sqlite3 connection, owned: closed when this goes away. Only this folder
/// sees sqlite3's C types.
/// Not thread-safe: a connection serves one run on one thread.
final class SQLiteDatabase {
    let path: String
    fileprivate let handle: OpaquePointer

    enum Mode {
        case readOnly
        /// Create (or open) for writing.
        case readWrite
    }

    /// Set once, before the first connection: SQLite's memory statistics off
    /// (nothing here reads them, and they lock a global mutex on every
    /// allocation SQLite makes).
    private static let configured: Void = { _ = htcds_sqlite_disable_memory_statistics() }()

    init(path: String, mode: Mode) throws {
        Self.configured
        self.path = path
        var handle: OpaquePointer?
        let flags = mode == .readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot be opened"
            sqlite3_close(handle)
            throw SQLiteError(path: path, message: message, sql: nil)
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 2000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// The error for a status; the SQL is named only when it is the user's to fix.
    func error(_ status: Int32, sql: String?) -> SQLiteError {
        switch status {
        case SQLITE_NOTADB: SQLiteError(path: path, message: "is not an SQLite database", sql: nil)
        case SQLITE_CORRUPT: SQLiteError(path: path, message: "is a damaged SQLite database", sql: nil)
        case SQLITE_BUSY, SQLITE_LOCKED: SQLiteError(path: path, message: "is locked by another program", sql: nil)
        default: SQLiteError(path: path, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
    }

    /// Compiles one statement; `tail` receives whatever text follows it.
    func prepare(_ sql: String, tail: inout String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        var rest = ""
        let status = sql.withCString { text -> Int32 in
            var end: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v2(handle, text, -1, &statement, &end)
            if let end { rest = String(cString: end) }
            return status
        }
        guard status == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(status, sql: sql)
        }
        tail = rest
        return SQLiteStatement(statement, database: self, sql: sql)
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var tail = ""
        return try prepare(sql, tail: &tail)
    }

    func execute(_ sql: String) throws {
        let statement = try prepare(sql)
        while try statement.step() {}
    }

    /// Runs a script of several statements (for building databases from SQL).
    func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "the script failed"
            sqlite3_free(message)
            throw SQLiteError(path: path, message: text, sql: nil)
        }
    }

    /// Reads the schema: sqlite3 opens any file without complaint, and only
    /// this shows whether it is a database at all.
    func probe() throws {
        let statement = try prepare("SELECT count(*) FROM sqlite_schema")
        _ = try statement.step()
    }
}

/// One compiled statement, owned: finalized when this goes away.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let database: SQLiteDatabase
    let sql: String
    /// The texts of the row being bound (`bindInPlace`), copied here once so
    /// that SQLite binds them where they are (SQLITE_STATIC) instead of
    /// copying each into memory of its own. Invariants: written only after
    /// `reset` (which drops the bindings that point into it), grown only
    /// before a text is bound into it (`reserveTexts`), never empty (a null
    /// pointer would bind a null); owned, freed in `deinit`.
    private var rowTexts = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 1)
    private var rowTextsUsed = 0

    fileprivate init(_ statement: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.statement = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(statement)
        rowTexts.deallocate()
    }

    var isReadOnly: Bool { sqlite3_stmt_readonly(statement) != 0 }
    var columnCount: Int { Int(sqlite3_column_count(statement)) }

    func columnName(_ index: Int) -> String {
        sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? "column \(index + 1)"
    }

    /// Steps once: true while a row is available.
    func step() throws -> Bool {
        let status = sqlite3_step(statement)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(status, sql: sql)
        }
    }

    /// Ready to run again, every parameter null.
    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        rowTextsUsed = 0
    }

    /// Room for `count` bytes of texts bound in place after a `reset`.
    func reserveTexts(_ count: Int) {
        precondition(rowTextsUsed == 0, "texts reserved while some are bound")
        guard count > rowTexts.count else { return }
        let size = max(count, 2 * rowTexts.count)
        rowTexts.deallocate()
        rowTexts = .allocate(byteCount: size, alignment: 1)
    }

    /// Binds a text copied into the row's texts, in the room `reserveTexts` made.
    func bindInPlace(_ index: Int, _ text: String) throws {
        var text = text
        let status: Int32 = text.withUTF8 { bytes in
            precondition(rowTextsUsed + bytes.count <= rowTexts.count, "texts bound beyond the room reserved")
            let start = rowTexts.baseAddress! + rowTextsUsed
            if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
            rowTextsUsed += bytes.count
            // A nil destructor is SQLITE_STATIC: the bytes stay put until the next reset.
            return sqlite3_bind_text(statement, Int32(index), start.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
        }
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    /// Binds a text where it is, not copied: the caller keeps its bytes
    /// unchanged until the statement has stepped (SQLITE_STATIC). The SQLite
    /// writer binds rows made on the mapping threads this way, from the
    /// memory they were made in.
    func bindBorrowed(_ index: Int, _ text: UnsafeRawBufferPointer) throws {
        // A nil pointer would bind NULL, not an empty text.
        let start = text.baseAddress ?? UnsafeRawPointer(rowTexts.baseAddress!)
        let status = sqlite3_bind_text(statement, Int32(index), start.assumingMemoryBound(to: CChar.self), Int32(text.count), nil)
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    /// `bindBorrowed` for bytes: a BLOB bound where it is, kept unchanged by
    /// the caller until the statement has stepped.
    func bindBorrowedBlob(_ index: Int, _ bytes: UnsafeRawBufferPointer) throws {
        // A nil pointer would bind NULL, not an empty BLOB.
        let start = bytes.baseAddress ?? UnsafeRawPointer(rowTexts.baseAddress!)
        let status = sqlite3_bind_blob(statement, Int32(index), start, Int32(bytes.count), nil)
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    /// `bindBorrowedBlob` of a buffer's bytes (kept unchanged until the statement has stepped).
    func bindBorrowedBlob(_ index: Int, _ bytes: borrowing ByteArena) throws {
        try bindBorrowedBlob(index, UnsafeRawBufferPointer(bytes.bytes(0, bytes.count)))
    }

    /// A BLOB column of the current row where SQLite holds it: valid until
    /// the statement steps or is reset.
    func borrowedBlob(_ index: Int) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(statement, Int32(index)))
        guard count > 0, let pointer = sqlite3_column_blob(statement, Int32(index)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    /// The value of a column of the current row, by its storage class.
    func value(_ index: Int) -> SourceValue {
        let column = Int32(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB: return .blob(Int(sqlite3_column_bytes(statement, column)))
        default: return .null
        }
    }

    /// Binds a text (copied by SQLite), all its bytes: a NUL inside it does not end it.
    func bind(_ index: Int, _ text: String?) throws {
        let status: Int32 = if let text {
            sqlite3_bind_text(statement, Int32(index), text, Int32(text.utf8.count), htcds_sqlite_transient())
        } else {
            sqlite3_bind_null(statement, Int32(index))
        }
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    func bind(_ index: Int, _ number: Int64) throws {
        let status = sqlite3_bind_int64(statement, Int32(index), number)
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    func bind(_ index: Int, _ number: Double) throws {
        let status = sqlite3_bind_double(statement, Int32(index), number)
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }
}

extension String {
    /// Quoted as an SQL identifier: "name", inner quotes doubled.
    var sqlIdentifier: String { "\"" + replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
