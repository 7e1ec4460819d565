import HTCDS

/// Makes a case's rows for an HTCDS database (`SQLiteRowBytes`): its row in
/// `cases`, its victim's in `persons` when the mapping fills any, and a row
/// for each related record, each with its case id and source. The one place
/// those rows are made, whether on a mapping thread (the rows are then only
/// bound and inserted where the case is settled) or by the writer itself.
/// Organisations and persons named by a lookup become references, resolved
/// by the writer in order, so their ids are the same whatever the threads.
struct SQLiteRowEncoder: CaseEncoder, ~Copyable {
    private struct Place {
        let table: SQLiteSchema.Table
        let position: Int
    }

    private enum Lookup: UInt8 {
        case organisation = 0, person
    }

    /// Where a table's key, link and source columns are (nil: it has none).
    private struct KeyColumns {
        let caseID: Int?
        let role: Int?
        /// source_file, source_line, source_path, source_key, source_sheet, source_row.
        let source: [Int?]

        init(_ table: SQLiteSchema.Table, in schema: SQLiteSchema) {
            caseID = schema.position(of: "case_id", in: table)
            role = schema.position(of: "role", in: table)
            source = ["source_file", "source_line", "source_path", "source_key", "source_sheet", "source_row"]
                .map { schema.position(of: $0, in: table) }
        }
    }

    private struct RelatedSet {
        /// The insert its rows go to; nil when they have no table.
        let statement: UInt8?
        let isPerpetrator: Bool
        let keys: KeyColumns
        let positions: [Int?]
        let lookups: [Lookup?]
    }

    private let slotPlaces: [Place?]
    private let slotLookups: [Lookup?]
    private let caseKeys: KeyColumns
    private let personKeys: KeyColumns
    private let related: [RelatedSet]
    /// The cells of the row being made, and how many (the count goes before them).
    private var cells = ByteArena(capacity: 1024)
    private var cellCount = 0
    /// The victim's row while the case's is made (`swapRows`).
    private var victimCells = ByteArena(capacity: 256)
    private var victimCellCount = 0
    /// References made for the case so far.
    private var references = 0

    init(plan: MappingPlan, related: [RelatedPlan], schema: SQLiteSchema) {
        slotPlaces = plan.targetFields.map { field in
            let table: SQLiteSchema.Table
            switch field.entity {
            case .case, .consent: table = .cases
            case .person, .victim, .perpetrator: table = .persons
            default: return nil  // organisation fields at case level have no row of their own
            }
            return schema.position(of: field.name, in: table).map { Place(table: table, position: $0) }
        }
        slotLookups = plan.targetFields.map(Self.lookup)
        caseKeys = KeyColumns(.cases, in: schema)
        personKeys = KeyColumns(.persons, in: schema)
        self.related = related.enumerated().map { number, set in
            let isPerpetrator = set.entity == .perpetrator
            let table: SQLiteSchema.Table = isPerpetrator ? .persons : SQLiteSchema.Table(entity: set.entity) ?? .persons
            let statement: UInt8? = isPerpetrator ? SQLiteRowBytes.Statement.persons.rawValue
                : SQLiteSchema.Table(entity: set.entity) == nil ? nil : UInt8(2 + number)
            return RelatedSet(statement: statement, isPerpetrator: isPerpetrator, keys: KeyColumns(table, in: schema),
                              positions: set.targetFields.map { schema.position(of: $0.name, in: table) },
                              lookups: set.targetFields.map(Self.lookup))
        }
    }

    private static func lookup(_ field: Field) -> Lookup? {
        switch field.type {
        case .lookup(.organisation): .organisation
        case .lookup(.person): .person
        default: nil
        }
    }

    /// The case from a mapping thread's scratch.
    mutating func encode(caseID: String, values: MappedValues, related records: [[RelatedRecord]],
                         location: SourceLocation, to bytes: inout ByteArena) -> SmallIntSet {
        encode(caseID: caseID, values: values, related: records, location: location, into: &bytes)
    }

    /// Appends the case's rows; returns the slots it filled.
    @discardableResult
    mutating func encode<Values: CaseValues>(caseID: String, values: Values, related records: [[RelatedRecord]],
                                             location: SourceLocation, into bytes: inout ByteArena) -> SmallIntSet {
        references = 0
        cells.removeAll()
        victimCells.removeAll()
        cellCount = 0
        victimCellCount = 0
        var victimFilled = false
        var victimRowMade = false
        var filled = SmallIntSet()
        values.handOver { slot, entry, value in
            filled.insert(slot)
            guard let value = entry > 0 ? values.rememberedValue(slot: slot, entry: entry) : value,
                  let place = slotPlaces[slot] else { return }
            // The victim's fields come in runs: the rows trade places where a run starts or ends.
            let victim = place.table != .cases
            if victim != victimRowMade {
                swapRows()
                victimRowMade = victim
            }
            victimFilled = victimFilled || victim
            appendCell(value, lookup: slotLookups[slot], at: place.position, references: &bytes)
        }
        if victimRowMade { swapRows() }
        appendText(caseID, at: caseKeys.caseID)
        appendSource(location, keys: caseKeys)
        endRow(SQLiteRowBytes.Statement.cases.rawValue, into: &bytes)
        if victimFilled {
            swapRows()
            appendText(caseID, at: personKeys.caseID)
            appendText("victim", at: personKeys.role)
            endRow(SQLiteRowBytes.Statement.persons.rawValue, into: &bytes)
            swapRows()
        }
        for (number, group) in records.enumerated() {
            let set = related[number]
            for record in group {
                for (index, value) in record.values.enumerated() {
                    guard let value, let position = set.positions[index] else { continue }
                    appendCell(value, lookup: set.lookups[index], at: position, references: &bytes)
                }
                appendText(caseID, at: set.keys.caseID)
                appendSource(record.location, keys: set.keys)
                if set.isPerpetrator { appendText("perpetrator", at: set.keys.role) }
                if let statement = set.statement {
                    endRow(statement, into: &bytes)
                } else {
                    cells.removeAll()
                    cellCount = 0
                }
            }
        }
        return filled
    }

    /// The case's row and its victim's trade places: cells are added to
    /// the row being made (`cells`), and the victim's fields come between
    /// the case's.
    private mutating func swapRows() {
        swap(&cells, &victimCells)
        swap(&cellCount, &victimCellCount)
    }

    /// A field's value as a cell of the row being made; an organisation or
    /// person named by a lookup goes to `bytes` first as a reference, and
    /// the cell names it.
    private mutating func appendCell(_ value: HTCDSValue, lookup: Lookup?, at position: Int,
                                     references bytes: inout ByteArena) {
        if let lookup, case .reference(let keys) = value {
            bytes.append(byte: SQLiteRowBytes.reference)
            bytes.append(byte: lookup.rawValue)
            bytes.appendBytes(of: UInt16(keys.count))
            for key in keys {
                SQLiteRowBytes.appendText(key.key, to: &bytes)
                SQLiteRowBytes.appendCell(SQLiteSchema.Cell(key.value), to: &bytes)
            }
            appendHead(position)
            cells.append(byte: SQLiteRowBytes.CellTag.reference.rawValue)
            cells.appendBytes(of: UInt32(references))
            references += 1
            return
        }
        append(SQLiteSchema.Cell(value), at: position)
    }

    private mutating func appendHead(_ position: Int) {
        cells.appendBytes(of: UInt16(position))
        cellCount += 1
    }

    private mutating func appendText(_ text: String, at position: Int?) {
        guard let position else { return }
        append(.text(text), at: position)
    }

    /// A cell of the row being made; null is what a column is until bound.
    private mutating func append(_ cell: SQLiteSchema.Cell, at position: Int) {
        guard cell != .null else { return }
        appendHead(position)
        SQLiteRowBytes.appendCell(cell, to: &cells)
    }

    private mutating func appendSource(_ location: SourceLocation, keys: KeyColumns) {
        appendText(location.file, at: keys.source[0])
        if let line = location.line, let position = keys.source[1] { append(.integer(Int64(line)), at: position) }
        if let path = location.path { appendText(path, at: keys.source[2]) }
        if let key = location.key { appendText(key, at: keys.source[3]) }
        if let sheet = location.sheet { appendText(sheet, at: keys.source[4]) }
        if let row = location.row, let position = keys.source[5] { append(.integer(Int64(row)), at: position) }
    }

    /// Puts the row made so far into `bytes` and starts the next.
    private mutating func endRow(_ statement: UInt8, into bytes: inout ByteArena) {
        bytes.append(byte: SQLiteRowBytes.row)
        bytes.append(byte: statement)
        bytes.appendBytes(of: UInt16(cellCount))
        bytes.append(cells.bytes(0, cells.count))
        cells.removeAll()
        cellCount = 0
    }
}
