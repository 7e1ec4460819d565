import Foundation
import HTCDS

/// `htcds init`: profiles a source and drafts its first mapping.
public enum MappingInitializer {
    /// The mapping text for the input `options` names, to be written at `mappingPath`.
    public static func draft(_ options: InspectOptions, mappingPath: String, standard: Standard) throws -> String {
        guard options.mappingPath == nil, let inputPath = options.inputPath, inputPath != "-" else {
            throw InputError(path: options.inputPath ?? "-", message: "init needs an input file")
        }
        var inspect = options
        let reader = try SourceInspector.reader(options, path: inputPath)
        inspect.reader = reader.name
        var sourceOptions = options.sourceOptions
        let profile = try SourceInspector.inspect(inspect, standard: standard)
        var table: SourceProfile.Table
        let given = Set(options.sourceOptions.map(\.key))
        switch reader.profiling {
        case .paths:
            let record = options.sourceOptions.first { $0.key == "record" }?.value
            guard let chosen = record ?? profile.likelyRecordPath, let whole = profile.tables.first else {
                throw InputError(path: inputPath, message: "no repeated element to take as the record: give --record")
            }
            // With --record the profile is already relative to it.
            table = record == nil ? SourceInspector.recordTable(whole, record: chosen) : whole
            sourceOptions.removeAll { $0.key == "record" }
            sourceOptions.insert(("record", chosen), at: 0)
        case .tables where !given.contains("table") && !given.contains("query"):
            guard let chosen = mainTable(profile.tables) else {
                throw InputError(path: inputPath, message: "the database has no tables")
            }
            // Its joins and related sets, from the tables' references.
            return try DatabaseDraft(standard: standard, inputPath: inputPath,
                                     inputPathInMapping: relativePath(of: inputPath, fromFolderOf: mappingPath),
                                     options: inspect, profile: profile, caseTable: chosen).draft()
        case .tables, .records:
            guard let first = profile.tables.first else { throw InputError(path: inputPath, message: "nothing to read") }
            table = first
            sourceOptions += reader.guessedOptions(true).filter { !given.contains($0.key) }
            // A workbook of several sheets: the one read is named, so that the mapping stays right if they are reordered.
            if profile.sheets.count > 1, let read = profile.sheets.first(where: \.isRead), !given.contains("sheet") {
                sourceOptions.append(("sheet", read.name))
            }
            // A header found below title rows is written down, so that the mapping says where it is.
            if let row = first.headerRow, row > 1, !given.contains("header_row") { sourceOptions.append(("header_row", String(row))) }
        }
        return MappingDrafter(standard: standard, profile: profile, table: table, sourceOptions: sourceOptions,
                              inputPathInMapping: relativePath(of: inputPath, fromFolderOf: mappingPath)).draft()
    }

    /// The table of cases: one named like it, else the one with most records.
    static func mainTable(_ tables: [SourceProfile.Table]) -> SourceProfile.Table? {
        let caseNames: Set<String> = ["case", "cases", "case_file", "case_files", "register", "clients", "client", "victims"]
        return tables.first { caseNames.contains(($0.name ?? "").lowercased()) }
            ?? tables.max { $0.records < $1.records }
    }

    /// `path` as written in a mapping stored at `mappingPath` (paths in a
    /// mapping are relative to its folder).
    static func relativePath(of path: String, fromFolderOf mappingPath: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let absolute = { (p: String) in p.hasPrefix("/") ? LexicalPath.join("/", p) : LexicalPath.join(current, p) }
        let target = absolute(path).split(separator: "/")
        let folder = absolute((mappingPath as NSString).deletingLastPathComponent.isEmpty
                              ? "." : (mappingPath as NSString).deletingLastPathComponent).split(separator: "/")
        var common = 0
        while common < min(target.count, folder.count) && target[common] == folder[common] { common += 1 }
        // Nothing shared but the root: the absolute path says more than a climb of ../
        if common == 0 { return "/" + target.joined(separator: "/") }
        let ups = Array(repeating: "..", count: folder.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}
