import Foundation

/// A profile of a source, for writing its mapping: one entry per column (or
/// XML path), in source order, and the records seen.
public struct SourceProfile: Sendable {
    public struct Table: Sendable {
        /// The table or query; nil for a file with one table of records.
        public let name: String?
        public internal(set) var records = 0
        public internal(set) var columns: [ColumnProfile]
        /// The header row the reader found, when it looked for one.
        public internal(set) var headerRow: Int?
    }

    public let input: String
    /// The reader the profile was made with (csv, spreadsheet, xml, sqlite).
    public let reader: String
    public internal(set) var inputDescription = ""
    public internal(set) var tables: [Table] = []
    /// What the reader reported on the way (blank header names, encodings).
    public internal(set) var notes: [String] = []
    /// For XML read without a record path: the repeated element most likely
    /// to be one record each.
    public internal(set) var likelyRecordPath: String?
    /// XML namespace prefixes the document declares, as `namespaces:` takes them.
    public internal(set) var namespaces: [(prefix: String, uri: String)] = []
    /// The columns are XML paths, counted per occurrence rather than per record.
    public internal(set) var describesPaths = false
    /// A workbook's sheets, the one read among them.
    public internal(set) var sheets: [WorkbookSheetSummary] = []
}

/// Reads a whole source through its reader, column by column.
enum RecordProfiler {
    static func profile(_ reader: RecordReader, table: String?, personalColumns: Set<String>, limit: Int?) throws
        -> SourceProfile.Table {
        var columns = reader.columns.map {
            ColumnProfile(name: $0, personal: personalColumns.contains($0) || PersonalLooking.columnName($0))
        }
        var records = 0
        while limit.map({ records < $0 }) ?? true, let record = try reader.next() {
            records += 1
            for index in columns.indices {
                columns[index].add(index < record.valueCount ? record.value(at: index) : .null)
            }
        }
        return SourceProfile.Table(name: table, records: records, columns: columns, headerRow: reader.headerRowFound)
    }
}
