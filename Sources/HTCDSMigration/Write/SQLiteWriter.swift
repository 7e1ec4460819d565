import Foundation
import HTCDS

/// An HTCDS database: one table per entity, columns named by the standard's
/// field names with fitting types, primary keys, foreign keys from related
/// tables to their case and from lookups to organisations and persons,
/// multiselects as JSON arrays, and a `run` table describing the run. Written
/// in one transaction into a temporary file beside the target, renamed into
/// place at the end; readable only by the owner.
/// Not thread-safe: it serves one run.
final class SQLiteWriter: RecordWriter {
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
    /// Where each value goes, found once: each target slot's table and
    /// column (nil: no row of its own), each related set's fields' columns.
    private let slotColumns: [(table: SQLiteSchema.Table, position: Int)?]
    private let relatedColumns: [[Int?]]
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
        slotColumns = plan.targetFields.map { field in
            let table: SQLiteSchema.Table
            switch field.entity {
            case .case, .consent: table = .cases
            case .person, .victim, .perpetrator: table = .persons
            default: return nil  // organisation fields at case level have no row of their own
            }
            return schema.position(of: field.name, in: table).map { (table, $0) }
        }
        relatedColumns = related.map { set in
            let table: SQLiteSchema.Table = set.entity == .perpetrator ? .persons : SQLiteSchema.Table(entity: set.entity) ?? .persons
            return set.targetFields.map { schema.position(of: $0.name, in: table) }
        }
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
        do {
            var caseRow = schema.row(.cases)
            var victimRow = schema.row(.persons)
            for (index, field) in plan.targetFields.enumerated() {
                guard let value = record.values[index], let place = slotColumns[index] else { continue }
                if place.table == .cases {
                    caseRow[place.position] = try column(value, of: field)
                } else {
                    victimRow[place.position] = try column(value, of: field)
                }
            }
            set("case_id", .text(record.caseID), in: &caseRow, of: .cases)
            setSource(record.location, in: &caseRow, of: .cases)
            try schema.bind(caseRow, to: insertCase)
            _ = try insertCase.step()
            if !victimRow.isEmpty {
                set("person_id", .integer(takePersonID()), in: &victimRow, of: .persons)
                set("case_id", .text(record.caseID), in: &victimRow, of: .persons)
                set("role", .text("victim"), in: &victimRow, of: .persons)
                try schema.bind(victimRow, to: insertPerson)
                _ = try insertPerson.step()
            }
            for (number, records) in record.related.enumerated() {
                let set = related[number]
                let table: SQLiteSchema.Table = set.entity == .perpetrator ? .persons : SQLiteSchema.Table(entity: set.entity) ?? .persons
                for relatedRecord in records {
                    var row = schema.row(table)
                    for (index, field) in set.targetFields.enumerated() {
                        if let value = relatedRecord.values[index], let position = relatedColumns[number][index] {
                            row[position] = try column(value, of: field)
                        }
                    }
                    self.set("case_id", .text(record.caseID), in: &row, of: table)
                    setSource(relatedRecord.location, in: &row, of: table)
                    if set.entity == .perpetrator {
                        self.set("person_id", .integer(takePersonID()), in: &row, of: table)
                        self.set("role", .text("perpetrator"), in: &row, of: table)
                        try schema.bind(row, to: insertPerson)
                        _ = try insertPerson.step()
                    } else if let statement = insertRelated[number] {
                        try schema.bind(row, to: statement)
                        _ = try statement.step()
                    }
                }
            }
        } catch let error as SQLiteError {
            throw OutputError(path: finalPath, message: error.message)
        }
    }

    private func takePersonID() -> Int64 {
        defer { nextPersonID += 1 }
        return nextPersonID
    }

    /// Sets a key or source column (looked up by name: a few a row).
    private func set(_ column: String, _ cell: SQLiteSchema.Cell, in row: inout SQLiteSchema.Row, of table: SQLiteSchema.Table) {
        if let position = schema.position(of: column, in: table) { row[position] = cell }
    }

    private func setSource(_ location: SourceLocation, in row: inout SQLiteSchema.Row, of table: SQLiteSchema.Table) {
        set("source_file", .text(location.file), in: &row, of: table)
        set("source_line", location.line.map { .integer(Int64($0)) } ?? .null, in: &row, of: table)
        set("source_path", location.path.map(SQLiteSchema.Cell.text) ?? .null, in: &row, of: table)
        set("source_key", location.key.map(SQLiteSchema.Cell.text) ?? .null, in: &row, of: table)
        set("source_sheet", location.sheet.map(SQLiteSchema.Cell.text) ?? .null, in: &row, of: table)
        set("source_row", location.row.map { .integer(Int64($0)) } ?? .null, in: &row, of: table)
    }

    /// A value as a column: lookups become the key of their organisation or person row.
    private func column(_ value: HTCDSValue, of field: Field) throws -> SQLiteSchema.Cell {
        switch (field.type, value) {
        case (.lookup(.organisation), .reference(let keys)):
            return .integer(try organisationID(keys))
        case (.lookup(.person), .reference(let keys)):
            return .integer(try contactID(keys))
        default:
            return SQLiteSchema.Cell(value)
        }
    }

    /// The same organisation named in many cases is one row.
    private func organisationID(_ keys: [HTCDSValue.ReferenceKey]) throws -> Int64 {
        var row = schema.row(.organisations)
        for key in keys { set(key.key, SQLiteSchema.Cell(key.value), in: &row, of: .organisations) }
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
    private func contactID(_ keys: [HTCDSValue.ReferenceKey]) throws -> Int64 {
        let name = keys.map { SQLiteSchema.Cell($0.value).text }.joined(separator: " ")
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
