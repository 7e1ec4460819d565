import Foundation
import ZIPFoundation

/// An .xlsx workbook (Office Open XML), as far as reading one sheet needs:
/// its sheets in order with their parts, the date system, and where the
/// styles and shared strings are. Only the small parts are read here.
struct XLSXWorkbook {
    struct Sheet {
        let name: String
        /// The sheet's part in the archive (`xl/worksheets/sheet1.xml`); nil
        /// for a chart sheet, which has no cells.
        let part: String?
        let hidden: Bool
    }

    let path: String
    let displayPath: String
    let sheets: [Sheet]
    /// Dates count from 1904-01-01 (old Mac workbooks), not 1899-12-30.
    let uses1904: Bool
    let stylesPart: String?
    let sharedStringsPart: String?

    init(path: String, displayPath: String) throws {
        self.path = path
        self.displayPath = displayPath
        let members = try WorkbookArchive.members(of: path, displayPath: displayPath)
        let workbookPart = try Self.officeDocument(in: members, path: path, displayPath: displayPath)
        let folder = (workbookPart as NSString).deletingLastPathComponent
        var targets: [String: (type: String, part: String)] = [:]
        let relationships = folder + "/_rels/" + (workbookPart as NSString).lastPathComponent + ".rels"
        if members.contains(relationships) {
            try WorkbookPart.read(relationships, of: path, displayPath: displayPath, started: { name, attributes in
                guard name == "Relationship", let id = attributes.text("Id"), let target = attributes.text("Target") else { return }
                targets[id] = (attributes.text("Type") ?? "", Self.resolve(target, in: folder))
            })
        }
        var sheets: [Sheet] = []
        var uses1904 = false
        try WorkbookPart.read(workbookPart, of: path, displayPath: displayPath, started: { name, attributes in
            if name == "sheet", let sheetName = attributes.text("name") {
                let target = attributes.text("id").flatMap { targets[$0] }
                let isWorksheet = target.map { $0.type.hasSuffix("/worksheet") } ?? false
                sheets.append(Sheet(name: sheetName, part: isWorksheet ? target!.part : nil,
                                    hidden: attributes.text("state").map { $0 != "visible" } ?? false))
            } else if name == "workbookPr" {
                uses1904 = attributes.flag("date1904")
            }
        })
        self.sheets = sheets
        self.uses1904 = uses1904
        stylesPart = targets.values.first { $0.type.hasSuffix("/styles") }?.part
        sharedStringsPart = targets.values.first { $0.type.hasSuffix("/sharedStrings") }?.part
    }

    /// The workbook part `_rels/.rels` names (`xl/workbook.xml` nearly always).
    private static func officeDocument(in members: Set<String>, path: String, displayPath: String) throws -> String {
        var found: String?
        if members.contains("_rels/.rels") {
            try WorkbookPart.read("_rels/.rels", of: path, displayPath: displayPath, started: { name, attributes in
                guard name == "Relationship", found == nil, let type = attributes.text("Type"),
                      type.hasSuffix("/officeDocument"), let target = attributes.text("Target") else { return }
                found = resolve(target, in: "")
            })
        }
        let part = found ?? "xl/workbook.xml"
        guard members.contains(part) else {
            throw InputError(path: displayPath, message: WorkbookArchive.notAWorkbook(members))
        }
        return part
    }

    /// A relationship's target as a member name: relative to the folder of
    /// the part that names it, or from the archive's root when it starts with "/".
    static func resolve(_ target: String, in folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// The sheet `sheet:` names, by name or 1-based position; without one
    /// the first visible sheet that has cells.
    func sheet(named wanted: SheetChoice?) throws -> Sheet {
        let chosen: Sheet?
        switch wanted {
        case .name(let name)?: chosen = sheets.first { $0.name == name } ?? sheets.first { $0.name.lowercased() == name.lowercased() }
        case .position(let position)?: chosen = position >= 1 && position <= sheets.count ? sheets[position - 1] : nil
        case nil: chosen = sheets.first { !$0.hidden && $0.part != nil } ?? sheets.first { $0.part != nil }
        }
        let names = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
        guard let chosen else {
            throw InputError(path: displayPath, message: wanted == nil ? "has no sheet of cells"
                             : "has no sheet \(wanted!); its sheets are \(names)")
        }
        guard chosen.part != nil else {
            throw InputError(path: displayPath, message: "its sheet '\(chosen.name)' is a chart, not cells; its sheets are \(names)")
        }
        return chosen
    }
}

/// Which sheet of a workbook to read (`source.sheet`): a name, or a position from 1.
enum SheetChoice: Sendable, Equatable, CustomStringConvertible {
    case name(String)
    case position(Int)

    var description: String {
        switch self {
        case .name(let name): "'\(name)'"
        case .position(let position): "number \(position)"
        }
    }
}

/// A workbook's ZIP container: its members, and what a ZIP that is not a
/// workbook is.
enum WorkbookArchive {
    static func members(of path: String, displayPath: String) throws -> Set<String> {
        guard path != "-" else {
            throw InputError(path: displayPath, message: "a workbook is read from a file, not from standard input")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw InputError(path: displayPath, message: "is not a complete ZIP archive, as a workbook is (it may be damaged)")
        }
        return Set(archive.map(\.path))
    }

    /// The reader of a ZIP's members: `xlsx` for an Excel workbook, `ods`
    /// for an OpenDocument spreadsheet; nil for anything else.
    static func readerName(_ members: Set<String>) -> String? {
        if members.contains("xl/workbook.xml") || members.contains("[Content_Types].xml") && members.contains(where: { $0.hasPrefix("xl/") }) {
            return "xlsx"
        }
        if members.contains("content.xml") && members.contains("mimetype") { return "ods" }
        return nil
    }

    /// Why a ZIP is not the workbook its reader wanted, and what to do.
    static func notAWorkbook(_ members: Set<String>) -> String {
        if members.contains("Index/Document.iwa") || members.contains(where: { $0.hasPrefix("Index/") && $0.hasSuffix(".iwa") }) {
            return "is an Apple Numbers document: in Numbers, File > Export To > Excel (or CSV), then read that"
        }
        if members.contains("content.xml") && members.contains("mimetype") {
            return "is an OpenDocument file, not an Excel workbook: use reader: ods"
        }
        if members.contains("xl/workbook.xml") {
            return "is an Excel workbook: use reader: xlsx"
        }
        let files = members.filter { !$0.hasSuffix("/") }.sorted()
        let listed = files.prefix(10).map { "'\($0)'" }.joined(separator: ", ") + (files.count > 10 ? ", …" : "")
        return "is a ZIP archive but not an Excel or OpenDocument workbook; it holds \(listed): "
            + "read a CSV or XML file in it with source.member (inspect --member NAME)"
    }
}
