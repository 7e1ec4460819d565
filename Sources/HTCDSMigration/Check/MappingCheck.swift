import Foundation
import HTCDS

/// `htcds check`: everything `convert` would refuse, found without converting,
/// plus warnings of what is probably a mistake. Every finding has its line.
public enum MappingCheck {
    public struct Result {
        public let errors: [MappingError]
        public let warnings: [MappingError]
        /// The input the columns were checked against, if one could be opened.
        public let inputPath: String?
    }

    public static func run(mappingPath: String, inputPath: String?, standard: Standard) -> Result {
        let document: MappingDocument
        do {
            document = try MappingDocument.load(path: mappingPath, standard: standard)
        } catch let errors as MappingErrors {
            return Result(errors: errors.errors, warnings: [], inputPath: nil)
        } catch {
            return Result(errors: [MappingError(.unexpected("\(error)"), at: SourceLocation(file: mappingPath))],
                          warnings: [], inputPath: nil)
        }
        var warnings = document.warnings + unreachableMapEntries(document) + unmappedCoreFields(document, standard: standard)
        var options = MigrationOptions(mappingPath: mappingPath)
        options.inputPath = inputPath
        guard let path = try? Migration.resolveInputPath(options, document: document) else {
            return Result(errors: [], warnings: warnings, inputPath: nil)
        }
        // A pipe or a device may never end (a FIFO no one writes, /dev/zero): check reads only files.
        var info = stat()
        guard path != "-", stat(path, &info) != 0 || info.st_mode & S_IFMT == S_IFREG else {
            warnings.append(MappingError(.inputNotRegularFile(path: path), at: SourceLocation(file: mappingPath, line: 1, column: 1)))
            return Result(errors: [], warnings: sorted(warnings), inputPath: nil)
        }
        // With an input, its columns are checked too: what convert would refuse, and what it would leave unused;
        // and every record is read, so that what would stop convert part-way (an unterminated quote) stops check.
        do {
            let silent = MigrationReport()
            try ReaderRegistry.checkSignature(of: path, for: document.source.definition, member: document.source.member)
            let reader = try document.source.open(ByteSource(path: path), ReaderRequest(columns: document.referencedColumns), silent)
            let plan = try MappingCompiler.compile(document, columns: reader.columns, standard: standard)
            while try reader.next() != nil {}
            if let census = reader.pathCensus {
                let audit = XMLPathAudit(census: census, used: document.xmlPathsRead, ignored: document.ignore.map(\.value))
                warnings += audit.neverSeen.map { MappingError($0.finding, at: $0.path.location) }
                warnings += audit.unmapped.map { path, filled in
                    MappingError(.pathUnused(path: path, filled: filled), at: SourceLocation(file: mappingPath, line: 1, column: 1))
                }
            }
            for (index, name) in plan.columns.enumerated()
            where !plan.usedColumns.contains(index) && !plan.ignoredColumns.contains(index) {
                warnings.append(MappingError(.columnUnused(name: name), at: SourceLocation(file: mappingPath, line: 1, column: 1)))
            }
        } catch let errors as MappingErrors {
            return Result(errors: errors.errors, warnings: warnings, inputPath: path)
        } catch let error as InputError {
            return Result(errors: [MappingError(.inputNotRead(error.description), at: SourceLocation(file: mappingPath, line: 1, column: 1))],
                          warnings: warnings, inputPath: path)
        } catch {
            return Result(errors: [MappingError(.inputNotRead("\(error)"), at: SourceLocation(file: mappingPath, line: 1, column: 1))],
                          warnings: warnings, inputPath: path)
        }
        return Result(errors: [], warnings: sorted(warnings), inputPath: path)
    }

    private static func sorted(_ warnings: [MappingError]) -> [MappingError] {
        warnings.sorted { ($0.location.line ?? 0, $0.location.column ?? 0) < ($1.location.line ?? 0, $1.location.column ?? 0) }
    }

    /// Map entries that can never apply: a legacy value written again, or an
    /// ignored value that the map also sends somewhere.
    static func unreachableMapEntries(_ document: MappingDocument) -> [MappingError] {
        var warnings: [MappingError] = []
        let entries = document.entries + document.related.flatMap(\.entries)
        for entry in entries {
            guard let map = entry.valueMap else { continue }
            var seen: [String: SourceLocation] = [:]
            for (from, _) in map.pairs {
                let key = ValueMap.forgivingKey(from.value)
                if let earlier = seen[key] {
                    warnings.append(MappingError(.mapEntryRepeats(value: from.value, field: entry.field.name,
                                                                  earlierLine: earlier.line ?? 0), at: from.location))
                }
                seen[key] = seen[key] ?? from.location
            }
            for ignored in map.ignoreValues {
                if let mapped = seen[ValueMap.forgivingKey(ignored.value)] {
                    warnings.append(MappingError(.ignoredValueMapped(value: ignored.value, field: entry.field.name,
                                                                     mapLine: mapped.line ?? 0), at: ignored.location))
                }
            }
        }
        return warnings
    }

    /// Core fields no entry fills.
    static func unmappedCoreFields(_ document: MappingDocument, standard: Standard) -> [MappingError] {
        let mapped = Set(document.entries.map(\.field.name) + document.notCollected.map(\.value))
        let missing = standard.coreFields.filter { !$0.isDeprecated && !mapped.contains($0.name) }.map(\.name)
        guard !missing.isEmpty else { return [] }
        return [MappingError(.coreFieldsUnfilled(missing), at: SourceLocation(file: document.path, line: 1, column: 1))]
    }
}
