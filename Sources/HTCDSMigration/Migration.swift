import Foundation
import HTCDS

// The high-level sketch of htcds, read this first:
//
//     RecordReader  ->  MappingPlan.apply  ->  validation  ->  RecordWriter
//     (Read/)           (Map/, compiled        (in the          (Write/)
//                        from the YAML)         converters)
//            \_________ every stage adds to the MigrationReport (Report/) ____/
//
// `Migration.run` wires the stages together: load and check the mapping, open
// the input, compile the mapping against its columns (all before any output
// exists), then stream every record through and account for each one.

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
        let document = try MappingDocument.load(path: options.mappingPath, standard: standard)
        let report = MigrationReport()
        report.mappingPath = options.mappingPath
        for warning in document.warnings {
            report.report(Issue(.deprecatedField, .warning, warning.message, at: warning.location))
        }
        let inputPath = try resolveInputPath(options, document: document)
        report.inputPath = inputPath
        let request = ReaderRequest(encoding: options.encoding, columns: document.referencedColumns)
        let reader = try document.source.open(ByteSource(path: inputPath), request, report)
        report.encoding = reader.inputDescription
        let plan = try MappingCompiler.compile(document, columns: reader.columns, standard: standard)
        report.prepare(plan: plan, standard: standard)

        let output = try OutputFile(path: options.outputPath)
        let writer: RecordWriter = switch options.format {
        case .jsonl: JSONLinesWriter(output: output, plan: plan)
        case .csv: try TemplateCSVWriter(output: output, plan: plan, standard: standard, includeLabelRow: options.includeLabelRow)
        }
        let rejects = try options.rejectsPath.map { try RejectsWriter(output: OutputFile(path: $0), columns: reader.columns) }
        var run = RecordLoop(plan: plan, report: report, writer: writer, rejects: rejects, options: options, progress: progress,
                             rejectsRagged: document.source.rejectsRagged)
        do {
            try run.process(reader)
            try writer.commit()
            try rejects?.commit()
        } catch {
            writer.discard()
            rejects?.discard()
            report.finish()
            throw MigrationStopped(reason: error, report: report)
        }
        report.finish()
        return report
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

/// The per-record loop of one run.
private struct RecordLoop {
    let plan: MappingPlan
    let report: MigrationReport
    let writer: RecordWriter
    let rejects: RejectsWriter?
    let options: MigrationOptions
    let progress: ((Int) -> Void)?
    let rejectsRagged: Bool
    var caseIDs = CaseIDRegistry()

    mutating func process(_ reader: RecordReader) throws {
        while options.limit.map({ report.read < $0 }) ?? true, let record = try reader.next() {
            report.countRead(record)
            if let progress, report.read % 10_000 == 0 { progress(report.read) }
            if let cells = record.raggedCellCount, rejectsRagged {
                try reject(record, ["row has \(cells) cells, the header \(plan.columns.count)"])
                continue
            }
            switch plan.apply(record, report: report) {
            case .rejected(let reason):
                try reject(record, [reason])
            case .mapped(let mapped, let invalidReasons):
                if caseIDs.isDuplicate(mapped.caseID) {
                    try reject(record, ["case id '\(mapped.caseID)' repeats an earlier record's"])
                    continue
                }
                if !invalidReasons.isEmpty {
                    switch options.onInvalid {
                    case .keep: break
                    case .reject:
                        try reject(record, invalidReasons)
                        continue
                    case .fail:
                        throw DataConditionError(message: "invalid value: \(invalidReasons[0]) (--on-invalid fail)",
                                                 location: record.location)
                    }
                }
                try writer.write(mapped)
                report.countWritten(mapped)
            }
        }
    }

    private func reject(_ record: SourceRecord, _ reasons: [String]) throws {
        report.countRejected(record, reasons: reasons)
        try rejects?.write(record, reasons: reasons)
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
