import Foundation
import HTCDS

/// An HTCDS database: one table per entity, columns named by the standard's
/// field names with fitting types, primary keys, foreign keys from related
/// tables to their case and from lookups to organisations and persons,
/// multiselects as JSON arrays, and a `run` table describing the run. Written
/// in one transaction into a temporary file beside the target, renamed into
/// place at the end; readable only by the owner.
/// Not thread-safe: it serves one run. A case's rows are made by a
/// `SQLiteRowEncoder`, on a mapping thread when the run allows it
/// (`EncodingAhead`), and only bound and inserted here.
final class SQLiteWriter: EncodingAhead {
    /// What the `run` table records.
    struct RunDescription {
        let mappingPath: String
        let mappingBytes: [UInt8]
        let inputPath: String
        let report: MigrationReport
    }

    private let finalPath: String
    private let temporaryPath: String
    private let temporarySlot: Int?
    private var database: SQLiteDatabase?
    private let plan: MappingPlan
    private let related: [RelatedPlan]
    private let run: RunDescription
    private let schema: SQLiteSchema
    private let insertCase: SQLiteStatement
    private let insertPerson: SQLiteStatement
    private let insertOrganisation: SQLiteStatement
    private let insertRelated: [SQLiteStatement?]
    /// Makes the rows of the cases settled here (not encoded ahead).
    private var encoder: SQLiteRowEncoder
    private var rows = ByteArena(capacity: 4096)
    private let personIDPosition: Int?
    /// The ids of the organisations and persons a case's rows refer to, in order.
    private var resolved: [Int64] = []
    private var organisations: [String: Int64] = [:]
    private var contacts: [String: Int64] = [:]
    private var nextPersonID: Int64 = 1
    private var finished = false

    init(path: String, replace: Bool, plan: MappingPlan, related: [RelatedPlan], standard: Standard,
         run: RunDescription) throws {
        guard path != "-" else {
            throw OutputError(path: path, message: "an SQLite database cannot go to standard output; give -o FILE.sqlite")
        }
        // Anything at the path, a link to nowhere included (`fileExists` follows links).
        var info = stat()
        if lstat(path, &info) == 0 && !replace {
            throw OutputError(path: path, message: "exists already; give --replace to overwrite it")
        }
        finalPath = path
        // SQLite opens its file by name: a named temporary, removed on a
        // signal, and by the next run beside it if this one is killed outright.
        let temporary = try PrivateFile.beside(path)
        close(temporary.descriptor)
        temporaryPath = temporary.path
        temporarySlot = TemporaryFiles.register(temporary.path)
        self.plan = plan
        self.related = related
        self.run = run
        let schema = SQLiteSchema(standard: standard)
        self.schema = schema
        encoder = SQLiteRowEncoder(plan: plan, related: related, schema: schema)
        personIDPosition = schema.position(of: "person_id", in: .persons)
        do {
            let database = try SQLiteDatabase(path: temporaryPath, mode: .readWrite)
            self.database = database
            // The file is renamed into place only when complete: no journal is needed.
            try database.execute("PRAGMA journal_mode = OFF")
            try database.execute("PRAGMA synchronous = OFF")
            try database.execute("BEGIN")
            try database.executeScript(schema.createStatements)
            insertCase = try database.prepare(schema.insert(into: .cases))
            insertPerson = try database.prepare(schema.insert(into: .persons))
            insertOrganisation = try database.prepare(schema.insert(into: .organisations))
            insertRelated = try related.map { set in
                guard let table = SQLiteSchema.Table(entity: set.entity) else { return nil }
                return try database.prepare(schema.insert(into: table))
            }
        } catch let error as SQLiteError {
            unlink(temporaryPath)
            TemporaryFiles.unregister(temporarySlot)
            throw OutputError(path: path, message: error.message)
        }
    }

    deinit {
        if !finished { discard() }
    }

    func write(_ record: CaseRecord) throws {
        rows.removeAll()
        encoder.encode(caseID: record.caseID, values: record.values, related: record.related, location: record.location,
                       into: &rows)
        try insert(UnsafeRawBufferPointer(rows.bytes(0, rows.count)))
    }

    /// An encoder of rows for one mapping thread.
    func caseEncoder() -> (any CaseEncoder & ~Copyable)? {
        SQLiteRowEncoder(plan: plan, related: related, schema: schema)
    }

    /// Inserts a case's rows made on a mapping thread.
    func write(encoded line: RenderedLine) throws { try insert(line.bytes) }

    /// Inserts a case's rows (`SQLiteRowBytes`), binding their texts where
    /// they are: the bytes stay put until this returns.
    private func insert(_ bytes: UnsafeRawBufferPointer) throws {
        do {
            var reader = SQLiteRowBytes.Reader(bytes)
            resolved.removeAll(keepingCapacity: true)
            while !reader.atEnd {
                let item = reader.byte()
                if item == SQLiteRowBytes.reference {
                    let isOrganisation = reader.byte() == 0
                    var keys: [(name: String, cell: SQLiteSchema.Cell)] = []
                    for _ in 0..<Int(reader.number(UInt16.self)) { keys.append((reader.string(), reader.cell())) }
                    resolved.append(isOrganisation ? try organisationID(keys) : try contactID(keys))
                    continue
                }
                precondition(item == SQLiteRowBytes.row, "SQLite row bytes out of step")
                let code = reader.byte()
                let statement: SQLiteStatement = switch code {
                case SQLiteRowBytes.Statement.cases.rawValue: insertCase
                case SQLiteRowBytes.Statement.persons.rawValue: insertPerson
                default: insertRelated[Int(code) - 2]!
                }
                statement.reset()
                for _ in 0..<Int(reader.number(UInt16.self)) {
                    let index = Int(reader.number(UInt16.self)) + 1
                    switch SQLiteRowBytes.CellTag(rawValue: reader.byte()) {
                    case .text: try statement.bindBorrowed(index, reader.text())
                    case .integer: try statement.bind(index, reader.number(Int64.self))
                    case .real: try statement.bind(index, reader.number(Double.self))
                    case .null: continue
                    case .reference: try statement.bind(index, resolved[Int(reader.number(UInt32.self))])
                    case nil: preconditionFailure("SQLite row bytes out of step")
                    }
                }
                if code == SQLiteRowBytes.Statement.persons.rawValue, let personIDPosition {
                    try statement.bind(personIDPosition + 1, takePersonID())
                }
                _ = try statement.step()
            }
        } catch let error as SQLiteError {
            throw OutputError(path: finalPath, message: error.message)
        }
    }

    private func takePersonID() -> Int64 {
        defer { nextPersonID += 1 }
        return nextPersonID
    }

    /// Sets a key column (looked up by name: a few a row).
    private func set(_ column: String, _ cell: SQLiteSchema.Cell, in row: inout SQLiteSchema.Row, of table: SQLiteSchema.Table) {
        if let position = schema.position(of: column, in: table) { row[position] = cell }
    }

    /// The same organisation named in many cases is one row.
    private func organisationID(_ keys: [(name: String, cell: SQLiteSchema.Cell)]) throws -> Int64 {
        var row = schema.row(.organisations)
        for key in keys { set(key.name, key.cell, in: &row, of: .organisations) }
        let identity = row.identity
        if let id = organisations[identity] { return id }
        let id = Int64(organisations.count + 1)
        set("org_id", .integer(id), in: &row, of: .organisations)
        try schema.bind(row, to: insertOrganisation)
        _ = try insertOrganisation.step()
        organisations[identity] = id
        return id
    }

    /// A person named by a lookup (a case worker) is one row per name.
    private func contactID(_ keys: [(name: String, cell: SQLiteSchema.Cell)]) throws -> Int64 {
        let name = keys.map(\.cell.text).joined(separator: " ")
        if let id = contacts[name] { return id }
        let id = takePersonID()
        var row = schema.row(.persons)
        set("person_id", .integer(id), in: &row, of: .persons)
        set("role", .text("contact"), in: &row, of: .persons)
        set("display_name", .text(name), in: &row, of: .persons)
        try schema.bind(row, to: insertPerson)
        _ = try insertPerson.step()
        contacts[name] = id
        return id
    }

    func commit() throws {
        guard !finished, let database else { return }
        do {
            try writeRunTables(database)
            try database.execute("COMMIT")
        } catch let error as SQLiteError {
            discard()
            throw OutputError(path: finalPath, message: error.message)
        }
        finished = true
        self.database = nil  // closes the connection before the rename
        defer { TemporaryFiles.unregister(temporarySlot) }
        // Its bytes on the disk before it takes the name (SQLite wrote them with
        // `synchronous = OFF`): a crash after the rename must not leave the name
        // on a database the disk never received.
        let descriptor = open(temporaryPath, O_RDONLY)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            unlink(temporaryPath)
            throw OutputError(path: finalPath, message: "cannot be written: \(reason)")
        }
        close(descriptor)
        guard rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError(path: finalPath, message: "cannot be put in place: \(reason)")
        }
    }

    func discard() {
        finished = true
        database = nil
        unlink(temporaryPath)
        TemporaryFiles.unregister(temporarySlot)
    }

    private func writeRunTables(_ database: SQLiteDatabase) throws {
        let report = run.report
        let statement = try database.prepare("""
            INSERT INTO run (htcds_version, mapping, mapping_sha256, input, records_read, records_written, records_rejected, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.bind(1, ToolVersion.standard)
        try statement.bind(2, run.mappingPath)
        try statement.bind(3, SHA256.hex(run.mappingBytes))
        try statement.bind(4, run.inputPath)
        try statement.bind(5, Int64(report.read))
        try statement.bind(6, Int64(report.written))
        try statement.bind(7, Int64(report.rejected))
        try statement.bind(8, Self.finishedAt())
        _ = try statement.step()
        let relatedStatement = try database.prepare(
            "INSERT INTO run_related (set_name, entity, records_read, records_linked, records_rejected) VALUES (?, ?, ?, ?, ?)")
        for count in report.relatedCounts {
            relatedStatement.reset()
            try relatedStatement.bind(1, count.name)
            try relatedStatement.bind(2, count.entity.rawValue)
            try relatedStatement.bind(3, Int64(count.read))
            try relatedStatement.bind(4, Int64(count.linked))
            try relatedStatement.bind(5, Int64(count.rejected))
            _ = try relatedStatement.step()
        }
    }

    /// The run's time, the only content that differs between two runs;
    /// SOURCE_DATE_EPOCH, when set, fixes it (reproducible builds' convention).
    static func finishedAt(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        RunClock.iso8601(RunClock.now(environment: environment).date)
    }
}
