import Foundation

/// Where something came from: a record in an input (file and line, an XPath,
/// a table and rowid, a workbook's sheet and row) or a spot in a mapping file
/// (line and column). It rides on every record and every issue, and prints as
/// `file:line:column:` so that editors can jump to it, or as a spreadsheet
/// names a cell (`register.xlsx!Register:17`, `register.xlsx!Register:C17`).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The input or mapping path as the user gave it, never made absolute.
    public var file: String {
        get { fileName.path }
        set { fileName = FileName(newValue) }
    }
    /// The path as a number: every record carries its location, and a String
    /// shared by every record is one reference count that every thread that
    /// copies a record writes to.
    private(set) var fileName: FileName
    /// 1-based line of the record's first byte, or of the mapping node.
    public var line: Int?
    /// 1-based column, for mapping files and a workbook's cells.
    public var column: Int? {
        get { columnStorage > 0 ? Int(columnStorage) : nil }
        set { columnStorage = newValue.map { Int32(clamping: $0) } ?? 0 }
    }
    /// 1-based record number within the input (header excluded).
    public var record: Int?
    /// Where in the input beyond a line: an XML record's path
    /// (`/export/cases/case[12]`) or an SQLite table or query.
    public var path: String? {
        get {
            switch storedPath {
            case .text(let text): text
            case .numbered(let recordPath): "\(recordPath.path)[\(record ?? 0)]"
            case .grouped(let recordPath, let group, let number): "\(recordPath.path)[\(record ?? 0)]/\(group.path)[\(number)]"
            case nil: nil
            }
        }
        set { storedPath = newValue.map(StoredPath.text) }
    }
    /// An XML record's path is kept as its parts, put together when asked
    /// for: a String a record (made on a parsing thread, freed on another)
    /// cost an allocation and reference counts every time the location was copied.
    private var storedPath: StoredPath?
    private enum StoredPath: Sendable, Hashable {
        case text(String)
        /// The record path as written (`/export/cases/case`), numbered by `record`.
        case numbered(FileName)
        /// A repeated element's path inside the record (`events/event`), its
        /// own number after the record's: `/export/cases/case[12]/events/event[2]`.
        case grouped(FileName, group: FileName, number: Int32)
    }
    /// The record's key in an SQLite source (`rowid 5`, `id 17`).
    public var key: String?
    /// A workbook's sheet (interned: every record of a sheet carries it).
    var sheetName: FileName? { sheetID < 0 ? nil : FileName(id: sheetID) }
    public var sheet: String? { sheetName?.path }
    /// The sheet's interned id, -1 for none, and the row, 0 for none: kept
    /// in 32 bits each, as every record's location is copied several times
    /// (grown larger, it made every record's copy a call to memcpy).
    private var sheetID: Int32 = -1
    private var rowStorage: Int32 = 0
    /// The column, 0 for none (32 bits, as the row).
    private var columnStorage: Int32 = 0
    /// The row as a spreadsheet shows it (1-based): a workbook's row, or a
    /// CSV record's row as Excel shows the file (after a cell holding a line
    /// break, it differs from the line).
    public var row: Int? {
        get { rowStorage > 0 ? Int(rowStorage) : nil }
        set { rowStorage = newValue.map { Int32(clamping: $0) } ?? 0 }
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, record: Int? = nil,
                path: String? = nil, key: String? = nil) {
        self.init(file: FileName(file), line: line, column: column, record: record, path: path, key: key)
    }

    /// A location in a file already named (readers name their input once).
    init(file: FileName, line: Int? = nil, column: Int? = nil, record: Int? = nil,
         path: String? = nil, key: String? = nil) {
        fileName = file
        self.line = line
        self.column = column
        self.record = record
        self.path = path
        self.key = key
    }

    /// A workbook cell's or row's location: `column` (1-based) when a cell's.
    init(file: FileName, sheet: FileName, row: Int, column: Int? = nil, record: Int? = nil) {
        self.init(file: file, column: column, record: record)
        sheetID = sheet.id
        self.row = row
    }

    /// An XML record's location: its path is `recordPath[record]`.
    init(file: FileName, line: Int, record: Int, recordPath: FileName) {
        self.init(file: file, line: line, record: record)
        storedPath = .numbered(recordPath)
    }

    /// A repeated element's location inside an XML record: its path is
    /// `recordPath[record]/group[number]`, put together only when asked for
    /// (made for every related record, the String cost some 4,000 instructions).
    init(file: FileName, line: Int, record: Int, recordPath: FileName, group: FileName, number: Int) {
        self.init(file: file, line: line, record: record)
        storedPath = .grouped(recordPath, group: group, number: Int32(clamping: number))
    }

    /// The record path of an XML record's location (its number is `record`);
    /// nil when the path is any other text, or none.
    var recordPath: FileName? {
        if case .numbered(let recordPath) = storedPath { recordPath } else { nil }
    }

    /// A repeated element's record path, group path and number (`init(file:line:record:recordPath:group:number:)`).
    var groupedPath: (recordPath: FileName, group: FileName, number: Int)? {
        if case .grouped(let recordPath, let group, let number) = storedPath { (recordPath, group, Int(number)) } else { nil }
    }

    // Equal when they print alike, however the path is kept.
    public static func == (left: SourceLocation, right: SourceLocation) -> Bool {
        left.fileName == right.fileName && left.line == right.line && left.column == right.column
            && left.record == right.record && left.key == right.key && left.sheetName == right.sheetName
            && left.row == right.row
            && (left.storedPath == right.storedPath || left.path == right.path)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fileName)
        hasher.combine(line)
        hasher.combine(column)
        hasher.combine(record)
        hasher.combine(path)
        hasher.combine(key)
        hasher.combine(sheetName)
        hasher.combine(row)
    }

    /// `file:line:column`, as far as known, then the path and key if any.
    public var description: String {
        if let sheet, let row {
            return "\(file)!\(sheet):" + (column.map(Self.columnLetters) ?? "") + "\(row)"
        }
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
            if let row, row != line { text += " (row \(row))" }
        }
        if let path { text += " " + path }
        if let key { text += " (\(key))" }
        return text
    }
}

extension SourceLocation {
    /// A spreadsheet's name of column `number` (1-based): A, B, ..., Z, AA, ...
    static func columnLetters(_ number: Int) -> String {
        var letters: [UInt8] = []
        var rest = number
        while rest > 0 {
            letters.append(UInt8(ascii: "A") + UInt8((rest - 1) % 26))
            rest = (rest - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}

/// A file path interned: equal paths have equal numbers, for the life of
/// the process (a run names a handful of files). An XML record path as
/// written is interned as one too.
struct FileName: Sendable, Hashable {
    let id: Int32

    /// An interned path by its number.
    fileprivate init(id: Int32) {
        self.id = id
    }

    init(_ path: String) {
        id = FileNames.shared.id(of: path)
    }

    var path: String { FileNames.shared.path(of: id) }
}

/// The paths `FileName`s stand for.
private final class FileNames: @unchecked Sendable {
    static let shared = FileNames()
    private let lock = NSLock()
    private var paths: [String] = []
    private var ids: [String: Int32] = [:]

    func id(of path: String) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[path] { return id }
        paths.append(path)
        ids[path] = Int32(paths.count - 1)
        return Int32(paths.count - 1)
    }

    func path(of id: Int32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return paths[Int(id)]
    }
}
