/// The `sqlite` reader's options: a table, or one read-only query.
struct SQLiteOptions: Sendable {
    enum Source: Sendable, Equatable {
        case table(String)
        case query(String)
    }

    var source: Source
    /// A column whose value names a record in messages; default the rowid of a table.
    var key: String?
}

/// The `sqlite` reader: a database opened read-only, a table or a single
/// read-only query, values in their storage class (integer, real, text, null;
/// a BLOB is reported where a field uses it, never guessed at).
/// Not thread-safe: one connection serves one run.
final class SQLiteRecordReader: RecordReader {
    let columns: [String]
    var inputDescription: String { "SQLite" }

    private let database: SQLiteDatabase
    private let statement: SQLiteStatement
    private let path: String
    private let fileName: FileName
    private let sourceName: String
    /// Index of the key column in the row (the hidden rowid comes first when used).
    private let keyIndex: Int?
    private let keyName: String?
    private let firstColumn: Int
    private var recordCount = 0

    private static let rowidAlias = "htcds rowid"

    init(path: String, options: SQLiteOptions, issues: IssueSink) throws {
        guard path != "-" else {
            throw InputError(path: path, message: "the sqlite reader needs a database file, not standard input")
        }
        self.path = path
        fileName = FileName(path)
        do {
            database = try SQLiteDatabase(path: path, mode: .readOnly)
            try database.probe()
            switch options.source {
            case .table(let table):
                sourceName = "table \(table)"
                try Self.checkTable(table, in: database)
                // Tables have a rowid to point at; views and WITHOUT ROWID tables do not.
                if options.key == nil, let withRowid = try? database.prepare(
                    "SELECT rowid AS \(Self.rowidAlias.sqlIdentifier), * FROM \(table.sqlIdentifier)") {
                    statement = withRowid
                    firstColumn = 1
                    keyIndex = 0
                    keyName = "rowid"
                } else {
                    statement = try database.prepare("SELECT * FROM \(table.sqlIdentifier)")
                    firstColumn = 0
                    (keyIndex, keyName) = try Self.keyColumn(options.key, statement)
                }
            case .query(let sql):
                sourceName = "query"
                statement = try Self.checkedQuery(sql, database: database)
                firstColumn = 0
                (keyIndex, keyName) = try Self.keyColumn(options.key, statement)
            }
        } catch let error as SQLiteError {
            throw InputError(path: path, message: error.message + (error.sql.map { " (in: \($0))" } ?? ""))
        }
        var names: [String] = []
        for index in firstColumn..<statement.columnCount {
            var name = statement.columnName(index)
            if names.contains(name) {
                var suffix = 2
                while names.contains("\(name) (\(suffix))") { suffix += 1 }
                issues.report(Issue(.headerDuplicate(column: index + 1 - firstColumn, name: name, calledAs: "\(name) (\(suffix))"),
                                    .warning, at: SourceLocation(file: path, path: sourceName)))
                name = "\(name) (\(suffix))"
            }
            names.append(name)
        }
        columns = names
    }

    func next() throws -> SourceRecord? {
        let hasRow: Bool
        do {
            hasRow = try statement.step()
        } catch let error as SQLiteError {
            throw InputError(path: path, message: error.message)
        }
        guard hasRow else { return nil }
        recordCount += 1
        var values: [SourceValue] = []
        values.reserveCapacity(columns.count)
        for index in firstColumn..<(firstColumn + columns.count) { values.append(statement.value(index)) }
        var key: String?
        if let keyIndex, let keyName { key = "\(keyName) \(statement.value(keyIndex).text ?? "null")" }
        return SourceRecord(location: SourceLocation(file: fileName, record: recordCount, path: sourceName, key: key),
                            values: values)
    }

    private static func checkTable(_ table: String, in database: SQLiteDatabase) throws {
        let statement = try database.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")
        var names: [String] = []
        while try statement.step() { names.append(statement.value(0).text ?? "") }
        guard names.contains(table) else {
            let known = names.filter { !$0.hasPrefix("sqlite_") }
            throw SQLiteError(path: database.path, message: "has no table '\(table)'; its tables are "
                              + (known.isEmpty ? "none" : known.joined(separator: ", ")), sql: nil)
        }
    }

    private static func keyColumn(_ key: String?, _ statement: SQLiteStatement) throws -> (Int?, String?) {
        guard let key else { return (nil, nil) }
        guard let index = (0..<statement.columnCount).first(where: { statement.columnName($0) == key }) else {
            throw SQLiteError(path: "", message: "has no column '\(key)' for key:", sql: statement.sql)
        }
        return (index, key)
    }

    /// A query must be one statement that only reads and returns columns:
    /// `sqlite3_stmt_readonly` is true for BEGIN and ATTACH and looks only at the
    /// first statement, so all three are required.
    static func checkedQuery(_ sql: String, database: SQLiteDatabase) throws -> SQLiteStatement {
        var tail = ""
        let statement = try database.prepare(sql, tail: &tail)
        guard onlyCommentsAndSeparators(tail) else {
            throw SQLiteError(path: database.path, message: "query: must be a single statement; found more after it", sql: nil)
        }
        guard statement.isReadOnly else {
            throw SQLiteError(path: database.path, message: "query: must only read; this statement would change the database", sql: nil)
        }
        guard statement.columnCount > 0 else {
            throw SQLiteError(path: database.path, message: "query: must return columns (a SELECT)", sql: nil)
        }
        return statement
    }

    static func onlyCommentsAndSeparators(_ text: String) -> Bool {
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0.isWhitespace || $0 == ";" })
            if rest.isEmpty { return true }
            if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return true }
                rest = rest[end.upperBound...]
            } else {
                return false
            }
        }
    }
}

extension SQLiteOptions {
    static let optionKeys = ["table", "query", "key"]

    init(_ options: KeyedNode) throws {
        let table = try options["table"].map { try $0.text("table") }
        let query = try options["query"].map { try $0.text("query") }
        switch (table, query) {
        case (let table?, nil): source = .table(table)
        case (nil, let query?):
            guard !TextCleaning.trimmed(query).isEmpty else {
                throw MappingError(.sqliteQueryEmpty, at: options["query"]!.location)
            }
            source = .query(query)
        default:
            throw MappingError(.sqliteNeedsTableOrQuery, at: options.node.location)
        }
        key = try options["key"].map { try $0.text("key") }
    }
}
