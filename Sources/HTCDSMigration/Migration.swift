import Foundation
import HTCDS

// The high-level sketch of htcds, read this first:
//
//     RecordReader  ->  MappingPlan.apply  ->  CaseSettlement  ->  RecordWriter
//     (Read/)           (Map/: compiled        (Run/: ids, the       (Write/)
//                        from the YAML;         invalid-value
//                        values validated)      policy, related)
//            \_________ every stage adds to the MigrationReport (Report/) ____/
//
// `Migration.run` sets the stages up: load and check the mapping, open the
// input, compile the mapping against its columns (all before any output
// exists), open the writer; `Pipeline` (Run/Pipeline.swift) then streams
// every record through them and says which thread does what.

/// What to do with a record whose values fail their fields' rules.
public enum InvalidValuePolicy: String, Sendable, CaseIterable {
    /// Write the record, leaving the failing fields empty.
    case keep
    /// Send the record to the rejects.
    case reject
    /// Stop the run at the first one.
    case fail
}

/// One conversion's settings, as the command line gives them.
public struct MigrationOptions {
    public var mappingPath: String
    /// Overrides the mapping's `source.path`; "-" reads standard input.
    public var inputPath: String?
    /// "-" writes standard output.
    public var outputPath = "-"
    public var format: OutputFormat = .jsonl
    public var includeLabelRow = false
    public var rejectsPath: String?
    public var onInvalid: InvalidValuePolicy = .keep
    /// Converts only the first N records.
    public var limit: Int?
    /// Overrides the mapping's `source.encoding` (standard input needs one).
    public var encoding: TextEncoding?
    /// Lets an SQLite output replace an existing file.
    public var replace = false
    /// Where the caller writes the report: an output the run checks, as its own,
    /// against its inputs and outputs before it writes anything.
    /// Where the reports go (JSON, HTML, Markdown, by extension): checked with the other outputs.
    public var reportPaths: [String] = []
    /// Threads that map records (above 1, a reading thread is added); the
    /// output is the same bytes whatever the number.
    public var threads = 1
    /// Whether rules remember the cells they have seen (`CellMemo`): off only
    /// in tests, which check that it changes no byte of the output.
    var remembersCells = true

    public init(mappingPath: String) {
        self.mappingPath = mappingPath
    }
}

/// A data condition stopped the run (`--on-invalid fail`).
public struct DataConditionError: Error, CustomStringConvertible {
    public let message: String
    public let location: SourceLocation

    public var description: String { "\(location): \(message)" }
}

/// A run that stopped part-way, with the report of what happened until then.
/// (Unchecked: the report is handed over once, when the run is over.)
public struct MigrationStopped: Error, @unchecked Sendable {
    public let reason: any Error
    public let report: MigrationReport
}

public enum Migration {
    /// Runs a conversion. Mapping and input errors found before the first
    /// record are thrown as they are (nothing is written); a stop part-way is
    /// thrown as `MigrationStopped` with the report so far, outputs discarded.
    public static func run(
        _ options: MigrationOptions, standard: Standard, progress: ((Int) -> Void)? = nil
    ) throws -> MigrationReport {
        let clock = RunClock.now()
        let document = try MappingDocument.load(path: options.mappingPath, standard: standard)
        let report = MigrationReport()
        report.mappingPath = options.mappingPath
        report.startedAt = clock.date
        report.mappingSHA256 = FileManager.default.contents(atPath: options.mappingPath).map { SHA256.hex([UInt8]($0)) }
        defer { report.duration = clock.fixed ? 0 : max(0, Date().timeIntervalSince(clock.date)) }
        for warning in document.warnings {
            report.report(Issue(warning.code, .warning, warning.message, at: warning.location))
        }
        let inputPath = try resolveInputPath(options, document: document)
        report.inputPath = inputPath
        try checkOutputs(options, document: document, inputPath: inputPath)
        var groups: [(path: String, columns: [String])] = []
        var groupIndexes: [Int?] = []
        for set in document.related {
            if case .elements(let path) = set.origin {
                groupIndexes.append(groups.count)
                groups.append((path.value, set.entries.flatMap(\.columns).map(\.value)))
            } else {
                groupIndexes.append(nil)
            }
        }
        var request = ReaderRequest(encoding: options.encoding, columns: document.referencedColumns, groups: groups,
                                    threads: options.threads)
        request.maxRecordBytes = document.source.maxRecordBytes
        let relay = RelayingIssueSink(report)
        try ReaderRegistry.checkSignature(of: inputPath, for: document.source.definition, member: document.source.member)
        let reader = try document.source.open(ByteSource(path: inputPath), request, relay)
        report.encoding = reader.inputDescription
        let plan = try MappingCompiler.compile(document, columns: reader.columns, standard: standard)
        let related = try openRelated(document, options: options, inputPath: inputPath, mainColumns: reader.columns,
                                      groupIndexes: groupIndexes, standard: standard, report: report)
        report.prepare(plan: plan, standard: standard)
        report.notCollected = document.notCollected.map(\.value)
        for relatedPlan in related.plans { report.notePersonalColumns(rules: relatedPlan.rules, columns: relatedPlan.columns) }

        let writer = try options.format.definition.open(WriterContext(
            outputPath: options.outputPath, plan: plan, related: related.plans, standard: standard, options: options,
            inputPath: inputPath, report: report))
        let rejects = try options.rejectsPath.map { try RejectsWriter(output: OutputFile(path: $0), columns: reader.columns) }
        let runtime = try RelatedRuntime(
            plans: related.plans, indexes: related.indexes, report: report, onInvalid: options.onInvalid,
            rejects: related.plans.enumerated().map { number, relatedPlan in
                try options.rejectsPath.map { path in
                    try RejectsWriter(output: OutputFile(path: rejectsPath(path, set: relatedPlan.name)),
                                      columns: related.columns[number])
                }
            })
        let groupsRows = document.related.contains { if case .rows = $0.origin { true } else { false } }
        let settlement = CaseSettlement(
            plan: plan, report: report, writer: writer, rejects: rejects, related: runtime, onInvalid: options.onInvalid,
            rejectsRagged: document.source.rejectsRagged, groupsRows: groupsRows, progress: progress)
        let pipeline = Pipeline(
            plan: plan, report: report, settlement: settlement, writer: writer, related: related.plans,
            onInvalid: options.onInvalid, threads: options.threads,
            limit: options.limit, rejectsRagged: document.source.rejectsRagged, remembersCells: options.remembersCells)
        do {
            let linker = RelatedLinker(casePlan: plan, plans: related.plans, indexes: related.indexes)
            try pipeline.run(CaseRows(reader, plan: plan, groupsRows: groupsRows, linker: linker), relay: relay)
            if let census = reader.pathCensus {
                auditPaths(census, document: document, report: report, whole: options.limit == nil)
            }
            try runtime.finish()
            try writer.commit()
            try rejects?.commit()
        } catch {
            writer.discard()
            rejects?.discard()
            runtime.discard()
            report.finish()
            throw MigrationStopped(reason: error, report: report)
        }
        report.finish()
        return report
    }

    /// An XML input's paths against the mapping's: those no entry uses or
    /// ignores, and (when every record was read) those no record has.
    static func auditPaths(_ census: [XMLPathCensus.Entry], document: MappingDocument, report: MigrationReport, whole: Bool) {
        let audit = XMLPathAudit(census: census, used: document.xmlPathsRead, ignored: document.ignore.map(\.value))
        report.addUnmappedPaths(audit.unmapped)
        guard whole else { return }
        for missing in audit.neverSeen {
            report.report(Issue(.pathNeverSeen(missing.finding.message), .warning, at: missing.path.location))
        }
    }

    /// Where the rejects of a related set go: beside the case rejects, named after the set.
    static func rejectsPath(_ path: String, set: String) -> String {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let name = "\(stem).\(set).\(url.pathExtension.isEmpty ? "csv" : url.pathExtension)"
        return (path as NSString).deletingLastPathComponent.isEmpty ? name : (path as NSString).deletingLastPathComponent + "/" + name
    }

    /// Opens, compiles and indexes the related sets that come from other sources.
    private static func openRelated(
        _ document: MappingDocument, options: MigrationOptions, inputPath: String, mainColumns: [String],
        groupIndexes: [Int?], standard: Standard, report: MigrationReport
    ) throws -> (plans: [RelatedPlan], indexes: [RelatedIndex?], columns: [[String]]) {
        var plans: [RelatedPlan] = []
        var indexes: [RelatedIndex?] = []
        var columns: [[String]] = []
        var errors: [MappingError] = []
        for set in document.related { report.prepareRelated(set.name.value, entity: set.entity, read: 0) }
        for (number, set) in document.related.enumerated() {
            var reader: RecordReader?
            if case .source(let source, _) = set.origin {
                let path = sourcePath(of: source, options: options, inputPath: inputPath)
                try ReaderRegistry.checkSignature(of: path, for: source.definition, member: source.member)
                reader = try source.open(ByteSource(path: path), ReaderRequest(columns: set.entries.flatMap(\.columns).map(\.value)), report)
            }
            do {
                let relatedPlan = try MappingCompiler.compileRelated(
                    set, columns: reader?.columns, mainColumns: mainColumns, groupIndex: groupIndexes[number],
                    document: document, standard: standard)
                plans.append(relatedPlan)
                columns.append(reader?.columns ?? relatedPlan.columns)
                guard let reader, case .source(linkColumn: let link) = relatedPlan.origin else {
                    indexes.append(nil)
                    continue
                }
                let index = try RelatedIndex()
                var filled = [Int](repeating: 0, count: reader.columns.count)
                // Read on a thread of its own while this one fills the index; the
                // report is the reader's alone until the reading is over.
                let ahead = RecordsAhead(reader)
                ahead.start()
                var read = 0
                do {
                    defer {
                        ahead.stop()
                        report.countRelatedRead(set.name.value, read)
                    }
                    while let batch = try ahead.next() {
                        for record in batch {
                            // A blank link matches no case: it is rejected at the end with the unmatched.
                            try index.add(record, key: TextCleaning.trimmed(record.value(at: link).text ?? ""))
                            read += 1
                            for column in 0..<min(record.valueCount, filled.count) where record.isFilled(column) { filled[column] += 1 }
                        }
                    }
                }
                try index.finishLoading()
                report.addUnmappedColumns(set: set.name.value, reader.columns.indices.compactMap { column in
                    relatedPlan.usedColumns.contains(column) || relatedPlan.ignoredColumns.contains(column)
                        ? nil : (reader.columns[column], filled[column])
                })
                indexes.append(index)
            } catch let mappingErrors as MappingErrors {
                errors += mappingErrors.errors
            }
        }
        if !errors.isEmpty { throw MappingErrors(errors) }
        return (plans, indexes, columns)
    }

    /// A related set's own source: its path from the mapping's folder, or the main input.
    private static func sourcePath(of source: SourceSpecification, options: MigrationOptions, inputPath: String) -> String {
        source.path.map { path in
            path.value.hasPrefix("/") ? path.value
                : LexicalPath.join((options.mappingPath as NSString).deletingLastPathComponent, path.value)
        } ?? inputPath
    }

    /// Refuses outputs that would overwrite what the run reads, or each other (`OutputSafety`).
    private static func checkOutputs(_ options: MigrationOptions, document: MappingDocument, inputPath: String) throws {
        var inputs = [OutputSafety.Named(role: "the input", path: inputPath),
                      OutputSafety.Named(role: "the mapping", path: options.mappingPath)]
        let entries = document.entries + document.related.flatMap(\.entries)
        inputs += entries.flatMap { $0.valueMap?.mapFiles ?? [] }.map { OutputSafety.Named(role: "a map file", path: $0) }
        for set in document.related {
            if case .source(let source, _) = set.origin {
                inputs.append(.init(role: "the source of \(set.name.value)",
                                    path: sourcePath(of: source, options: options, inputPath: inputPath)))
            }
        }
        var outputs = [OutputSafety.Named(role: "the output", path: options.outputPath)]
        for report in options.reportPaths { outputs.append(.init(role: "the report", path: report)) }
        if let rejects = options.rejectsPath {
            outputs.append(.init(role: "the rejects", path: rejects))
            outputs += document.related.map { .init(role: "the rejects of \($0.name.value)", path: rejectsPath(rejects, set: $0.name.value)) }
        }
        try OutputSafety.check(outputs: outputs, inputs: inputs)
    }

    /// The input: the command line's, else the mapping's `source.path`
    /// relative to the mapping file, kept relative as the user wrote it.
    static func resolveInputPath(_ options: MigrationOptions, document: MappingDocument) throws -> String {
        if let input = options.inputPath { return input }
        guard let path = document.source.path else {
            throw InputError(path: options.mappingPath, message: "no input: give one on the command line or as source.path in the mapping")
        }
        if path.value.hasPrefix("/") { return path.value }
        let base = (options.mappingPath as NSString).deletingLastPathComponent
        return LexicalPath.join(base, path.value)
    }
}

/// Joins relative paths lexically ("Mappings" + "../Samples/x.csv" is
/// "Samples/x.csv"), never making them absolute or following links.
enum LexicalPath {
    static func join(_ base: String, _ path: String) -> String {
        var parts: [String] = []
        let absolute = base.hasPrefix("/")
        for component in (base + "/" + path).split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append("..") }
            default: parts.append(String(component))
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
