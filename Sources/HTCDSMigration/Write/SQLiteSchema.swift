import HTCDS

/// The tables of an HTCDS database, made from the standard's field list, so
/// the schema is the same whatever the mapping.
struct SQLiteSchema {
    enum Table: String, CaseIterable {
        case organisations, persons, cases
        case historicTraffickingEvents = "historic_trafficking_events"
        case supportPlans = "support_plans"
        case caseComments = "case_comments"

        init?(entity: RelatedEntity) {
            switch entity {
            case .historicTraffickingEvent: self = .historicTraffickingEvents
            case .supportPlan: self = .supportPlans
            case .caseComment: self = .caseComments
            case .perpetrator: self = .persons
            case .organisation: self = .organisations
            }
        }

        var entities: [Entity] {
            switch self {
            case .organisations: [.organisation]
            case .persons: [.person, .victim, .perpetrator]
            case .cases: [.case, .consent]
            case .historicTraffickingEvents: [.historicTraffickingEvent]
            case .supportPlans: [.supportPlan]
            case .caseComments: [.caseComment]
            }
        }

        /// Columns before the fields: keys and links.
        var keyColumns: [(name: String, definition: String)] {
            switch self {
            case .organisations: [("org_id", "INTEGER PRIMARY KEY")]
            case .persons: [
                ("person_id", "INTEGER PRIMARY KEY"),
                ("case_id", "TEXT REFERENCES cases (case_id)"),
                ("role", "TEXT NOT NULL CHECK (role IN ('victim', 'perpetrator', 'contact'))"),
                ("display_name", "TEXT"),
            ]
            case .cases: [("case_id", "TEXT PRIMARY KEY")]
            case .historicTraffickingEvents, .supportPlans, .caseComments: [
                ("id", "INTEGER PRIMARY KEY"),
                ("case_id", "TEXT NOT NULL REFERENCES cases (case_id)"),
            ]
            }
        }

        /// Where a row came from, for tables whose rows come from source records.
        var hasSource: Bool { self != .organisations }
    }

    /// A cell to bind.
    enum Cell: Equatable {
        case text(String)
        case integer(Int64)
        case real(Double)
        case null

        init(_ value: HTCDSValue) {
            switch value {
            case .text(let text): self = .text(text)
            case .number(let number):
                if let integer = Int64(number) { self = .integer(integer) } else { self = .real(Double(number) ?? 0) }
            case .boolean(let flag): self = .integer(flag ? 1 : 0)
            case .date(let date): self = .text(date.description)
            case .list:
                var bytes: [UInt8] = []
                JSONText.appendValue(value, to: &bytes)
                self = .text(String(decoding: bytes, as: UTF8.self))
            case .reference(let keys): self = keys.first.map { Cell($0.value) } ?? .null
            }
        }

        var text: String {
            switch self {
            case .text(let text): text
            case .integer(let number): String(number)
            case .real(let number): String(number)
            case .null: ""
            }
        }
    }

    /// A row of one table: a cell for each of its columns, in the table's
    /// order, null until set. Set by position (`position(of:in:)`, found once
    /// per column, not once per row: a row keyed by column name hashed every
    /// column's name for every row, most of the SQLite writer's time).
    struct Row {
        private(set) var cells: [Cell]
        /// The positions set, in the order set (for `identity`).
        private var setPositions: [Int] = []
        private let names: [String]

        fileprivate init(names: [String]) {
            self.names = names
            cells = Array(repeating: .null, count: names.count)
        }

        subscript(position: Int) -> Cell {
            get { cells[position] }
            set {
                if !setPositions.contains(position) { setPositions.append(position) }
                cells[position] = newValue
            }
        }

        /// The row's content, for recognising the same organisation again.
        var identity: String {
            setPositions.map { (names[$0], cells[$0]) }.sorted { $0.0 < $1.0 }
                .map { "\($0.0)=\($0.1.text)" }.joined(separator: "\u{1F}")
        }
    }

    let columns: [Table: [(name: String, definition: String)]]
    /// Each table's column names, in order (shared by its rows), and their positions by name.
    private let names: [Table: [String]]
    private let positions: [Table: [String: Int]]

    init(standard: Standard) {
        var columns: [Table: [(name: String, definition: String)]] = [:]
        for table in Table.allCases {
            var list = table.keyColumns
            for field in standard.fields where table.entities.contains(field.entity) {
                list.append((field.name, Self.definition(of: field)))
            }
            if table.hasSource {
                list += [("source_file", "TEXT"), ("source_line", "INTEGER"), ("source_path", "TEXT"), ("source_key", "TEXT"),
                         ("source_sheet", "TEXT"), ("source_row", "INTEGER")]
            }
            columns[table] = list
        }
        self.columns = columns
        names = columns.mapValues { $0.map(\.name) }
        positions = columns.mapValues { list in
            Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1.name, $0) })
        }
    }

    /// An empty row of `table`.
    func row(_ table: Table) -> Row { Row(names: names[table]!) }

    /// Where column `name` is in `table`'s rows; nil when the table has no such column.
    func position(of name: String, in table: Table) -> Int? { positions[table]?[name] }

    static func definition(of field: Field) -> String {
        let name = field.name.sqlIdentifier
        switch field.type {
        case .number: return "NUMERIC"
        case .geolocation: return "REAL"
        case .checkbox: return "INTEGER CHECK (\(name) IN (0, 1))"
        case .date: return "TEXT CHECK (\(name) GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"
        case .multiselectPicklist: return "TEXT CHECK (\(name) IS NULL OR json_type(\(name)) = 'array')"
        case .lookup(.organisation): return "INTEGER REFERENCES organisations (org_id)"
        case .lookup(.person): return "INTEGER REFERENCES persons (person_id)"
        case .lookup(.user), .text, .longText, .picklist, .picklistOrText: return "TEXT"
        }
    }

    var createStatements: String {
        var sql = ""
        for table in Table.allCases {
            let list = columns[table]!.map { "  \($0.name.sqlIdentifier) \($0.definition)" }.joined(separator: ",\n")
            sql += "CREATE TABLE \(table.rawValue.sqlIdentifier) (\n\(list)\n);\n"
        }
        sql += """
            CREATE TABLE run (
              htcds_version TEXT NOT NULL, mapping TEXT NOT NULL, mapping_sha256 TEXT NOT NULL, input TEXT NOT NULL,
              records_read INTEGER NOT NULL, records_written INTEGER NOT NULL, records_rejected INTEGER NOT NULL,
              finished_at TEXT NOT NULL
            );
            CREATE TABLE run_related (
              set_name TEXT NOT NULL, entity TEXT NOT NULL, records_read INTEGER NOT NULL,
              records_linked INTEGER NOT NULL, records_rejected INTEGER NOT NULL
            );

            """
        return sql
    }

    func insert(into table: Table) -> String {
        let names = columns[table]!.map(\.name)
        return "INSERT INTO \(table.rawValue.sqlIdentifier) (\(names.map(\.sqlIdentifier).joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
    }

    /// Binds a row's cells to an insert of its table; null cells stay as
    /// `reset` leaves every parameter (most of a wide row's columns are empty).
    func bind(_ row: Row, to statement: SQLiteStatement) throws {
        statement.reset()
        var textBytes = 0
        for case .text(let text) in row.cells { textBytes += text.utf8.count }
        statement.reserveTexts(textBytes)
        for (index, cell) in row.cells.enumerated() {
            switch cell {
            case .text(let text): try statement.bindInPlace(index + 1, text)
            case .integer(let number): try statement.bind(index + 1, number)
            case .real(let number): try statement.bind(index + 1, number)
            case .null: continue
            }
        }
    }
}
