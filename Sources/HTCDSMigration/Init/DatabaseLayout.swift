import Foundation

/// A database's tables and how they refer to each other, for `init` to draft
/// a case table's joins and related sets: the foreign keys the schema
/// declares, else columns named after another table's key (`client_id` and a
/// table `clients` whose key is `client_id`; `case_id` in `events`).
struct DatabaseLayout {
    struct Table {
        let name: String
        let columns: [String]
        /// The single-column primary key, or the rowid's alias.
        let primaryKey: String?
        /// Declared foreign keys of one column: (column, table, its column).
        let foreignKeys: [(column: String, table: String, key: String?)]
    }

    /// A column of one table naming a row of another by its key.
    struct Reference: Equatable {
        let table: String
        let column: String
        let target: String
        let key: String
    }

    let tables: [Table]

    static func read(path: String) throws -> DatabaseLayout {
        let database = try SQLiteDatabase(path: path, mode: .readOnly)
        let names = try SourceInspector.tableNames(path)
        var tables: [Table] = []
        for name in names {
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let info = try database.prepare("PRAGMA table_info(\(quoted))")
            var columns: [String] = []
            var keys: [String] = []
            while try info.step() {
                guard let column = info.value(1).text else { continue }
                columns.append(column)
                if case .integer(let position) = info.value(5), position > 0 { keys.append(column) }
            }
            let foreign = try database.prepare("PRAGMA foreign_key_list(\(quoted))")
            var foreignKeys: [(column: String, table: String, key: String?)] = []
            while try foreign.step() {
                if let column = foreign.value(3).text, let table = foreign.value(2).text {
                    foreignKeys.append((column, table, foreign.value(4).text))
                }
            }
            tables.append(Table(name: name, columns: columns, primaryKey: keys.count == 1 ? keys[0] : nil, foreignKeys: foreignKeys))
        }
        return DatabaseLayout(tables: tables)
    }

    func table(_ name: String) -> Table? { tables.first { $0.name == name } }

    /// What `table`'s columns refer to: its declared foreign keys, else its
    /// columns named as another table's key (`client_id` -> clients.client_id)
    /// or as a table and `_id` (`partner_id` -> partners's key), or a column
    /// naming an organisation (`referred_by`, `agency`) when one table holds them.
    func references(from name: String) -> [Reference] {
        guard let table = table(name) else { return [] }
        var found: [Reference] = []
        for key in table.foreignKeys {
            guard let target = self.table(key.table), let targetKey = key.key ?? target.primaryKey else { continue }
            found.append(Reference(table: name, column: key.column, target: target.name, key: targetKey))
        }
        guard found.isEmpty else { return found }
        for column in table.columns where column != table.primaryKey {
            guard let target = tables.first(where: { other in
                other.name != name && other.primaryKey != nil
                    && (other.primaryKey == column && column.lowercased().hasSuffix("id")
                        || Self.singular(other.name) + "_id" == column.lowercased())
            }) else { continue }
            found.append(Reference(table: name, column: column, target: target.name, key: target.primaryKey!))
        }
        let organisationTables = tables.filter { $0.name != name && $0.primaryKey != nil && Self.namesOrganisation($0.name) }
        if organisationTables.count == 1, let target = organisationTables.first {
            for column in table.columns where column != table.primaryKey && !found.contains(where: { $0.column == column })
                && Self.namesOrganisation(column) {
                found.append(Reference(table: name, column: column, target: target.name, key: target.primaryKey!))
            }
        }
        return found
    }

    /// Words that say a table or column is about organisations.
    static let organisationWords = ["partner", "organisation", "organization", "org", "agency", "agencies", "institution",
                                    "referrer", "referred_by", "provider"]

    /// Whether a table's or column's name is about organisations (`partners`, `referred_by`, `org_id`).
    static func namesOrganisation(_ name: String) -> Bool {
        let lower = name.lowercased()
        let words = lower.split(whereSeparator: { $0 == "_" || $0 == " " }).map(String.init)
        return organisationWords.contains { word in
            word.contains("_") ? lower.contains(word) : words.contains { $0 == word || singular($0) == word }
        }
    }

    /// The tables whose rows refer to `name`'s (events of a case).
    func referrers(of name: String) -> [Reference] {
        tables.filter { $0.name != name }.flatMap { references(from: $0.name) }.filter { $0.target == name }
    }

    /// `clients` -> `client`, `agencies` -> `agency`, `case` stays.
    static func singular(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.hasSuffix("ies") { return String(lower.dropLast(3)) + "y" }
        if lower.hasSuffix("ses") || lower.hasSuffix("xes") { return String(lower.dropLast(2)) }
        if lower.hasSuffix("s") && !lower.hasSuffix("ss") { return String(lower.dropLast()) }
        return lower
    }
}
