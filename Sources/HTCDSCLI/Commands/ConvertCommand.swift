import ArgumentParser
import Foundation
import HTCDS
import HTCDSMigration

/// `htcds convert`: a legacy register and a mapping in, HTCDS records and a report out.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert legacy case records to HTCDS 2.0 with a YAML mapping.",
        discussion: """
            Exit codes: 0 the conversion ran; 1 a data condition stopped or failed it \
            (--on-invalid fail, --fail-on); 2 input, output or mapping errors.
            """
    )

    @Option(name: .shortAndLong, help: "The mapping file (YAML).", completion: .mappingFile)
    var mapping: String

    @Argument(help: "The input; '-' reads standard input. Default: the mapping's source.path.", completion: .anyFile)
    var input: String?

    @Option(help: "The input's encoding, overriding the mapping's (utf-8, utf-16, utf-16le, utf-16be, windows-1252, latin-1, auto). Standard input needs one.")
    var encoding: TextEncoding?

    @Option(name: .shortAndLong, help: "The output file; '-' or none writes standard output.", completion: .anyFile)
    var output: String?

    @Option(help: ArgumentHelp("Output format: \(OutputFormat.described). Default: by the output's extension, else jsonl."))
    var format: OutputFormat?

    @Flag(help: "Let an SQLite output replace an existing file.")
    var replace = false

    @Flag(help: "With --format csv, write the template's label row under its field-name row.")
    var labels = false

    @Option(help: ArgumentHelp("Write the report to this file: JSON (.json), a page to read and send (.html), "
                               + "or a Markdown summary (.md), by its extension (repeatable).", valueName: "file"),
            completion: .reportFile)
    var report: [String] = []

    @Option(help: "Write rejected records, with their reasons, as CSV to this file.", completion: .anyFile)
    var rejects: String?

    @Option(help: "What to do with a record holding invalid values: keep (the field is left empty), reject, or fail.")
    var onInvalid: InvalidValuePolicy = .keep

    @Option(help: ArgumentHelp("Exit with 1 when the run has invalid values or unmapped columns or values (repeatable): "
                               + "invalid, invalid:N (more than N records with invalid values), invalid:P% (more than P% of the records read), unmapped, "
                               + "changes (with --compare).",
                               valueName: "condition"))
    var failOn: [FailureCondition] = []

    @Option(help: ArgumentHelp("Compare this run with an earlier run's JSON report (as `htcds report diff` does) and print what changed; "
                               + "--fail-on changes then fails on any change.", valueName: "old-report"),
            completion: .jsonReport)
    var compare: String?

    @Option(help: "Also write the --fail-on conditions as JUnit XML test cases (GitHub, GitLab and Jenkins show them) to this file.", completion: .anyFile)
    var junit: String?

    @Option(help: "Convert only the first N records.")
    var limit: Int?

    @Flag(help: "Show the values of personal fields in the report and on the terminal.")
    var showValues = false

    @Option(help: "Threads that map records (default: one per core, up to 8); the output is the same whatever the number.")
    var threads: Int?

    /// `--fail-on`: what makes a finished run exit with 1.
    enum FailureCondition: ExpressibleByArgument, Equatable, CustomStringConvertible {
        /// More records with invalid values than this many, or this share of the records read.
        case invalid(Tolerance)
        case unmapped
        /// Anything but the counts changed since the report `--compare` names.
        case changes

        enum Tolerance: Equatable {
            case records(Int)
            case percent(Double)
        }

        var description: String {
            switch self {
            case .unmapped: "unmapped"
            case .changes: "changes"
            case .invalid(.records(0)): "invalid"
            case .invalid(.records(let count)): "invalid:\(count)"
            case .invalid(.percent(let percent)): "invalid:\(percent.formatted())%"
            }
        }

        init?(argument: String) {
            if argument == "unmapped" { self = .unmapped; return }
            if argument == "changes" { self = .changes; return }
            guard argument.hasPrefix("invalid") else { return nil }
            let rest = argument.dropFirst("invalid".count)
            if rest.isEmpty { self = .invalid(.records(0)); return }
            guard rest.hasPrefix(":") else { return nil }
            let written = rest.dropFirst()
            if written.hasSuffix("%"), let percent = Double(written.dropLast()), (0...100).contains(percent) {
                self = .invalid(.percent(percent))
            } else if let count = Int(written), count >= 0 {
                self = .invalid(.records(count))
            } else {
                return nil
            }
        }

        /// Why the run fails the condition; nil when it passes.
        func failure(_ report: MigrationReport, changes: ReportDiff?) -> String? {
            switch self {
            case .changes:
                guard let changes, !changes.changes.isEmpty else { return nil }
                return "\(changes.changes.count) change\(changes.changes.count == 1 ? "" : "s") since the compared report"
            case .unmapped:
                return report.hasUnmapped ? "unmapped columns or values" : nil
            case .invalid(let tolerance):
                let count = report.recordsWithInvalidValues
                let share = report.read == 0 ? 0 : Double(count) * 100 / Double(report.read)
                let fails: Bool = switch tolerance {
                case .records(let most): count > most
                case .percent(let most): share > most
                }
                guard fails else { return nil }
                let shown = (share * 10).rounded() / 10
                return "\(report.invalidValueCount) invalid values in \(count) of \(report.read) records (\(shown)%)"
                    + (tolerance == .records(0) ? "" : ", more than --fail-on allows")
            }
        }
    }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
        if let threads, !(1...64).contains(threads) { throw ValidationError("--threads must be 1 to 64") }
        if failOn.contains(.changes) && compare == nil { throw ValidationError("--fail-on changes needs --compare OLD.json") }
    }

    func run() throws {
        let standard = try Standard.bundled()
        // Read before the run: the report compared with may be the one this run replaces.
        let compared = try compare.map(ReportDiffCommand.read)
        var options = MigrationOptions(mappingPath: mapping)
        options.inputPath = input
        options.outputPath = output ?? "-"
        options.format = try chosenFormat()
        options.includeLabelRow = labels
        options.rejectsPath = rejects
        options.onInvalid = onInvalid
        options.limit = limit
        options.encoding = encoding
        options.replace = replace
        options.reportPaths = report
        // One per core, up to 8: beyond that the reading and settling threads are the limit.
        options.threads = threads ?? min(8, ProcessInfo.processInfo.activeProcessorCount)
        let progress = ProgressLine()
        let result: MigrationReport
        do {
            result = try Migration.run(options, standard: standard, progress: progress.update)
        } catch let stopped as MigrationStopped {
            progress.clear()
            try finish(stopped.report)
            throw ConvertFailure.from(stopped.reason)
        } catch {
            progress.clear()
            throw ConvertFailure.from(error)
        }
        progress.clear()
        try finish(result)
        let changes = try compared.map { old in
            try ReportDiff(old: old, new: Data(ReportRendering(result, showValues: showValues).json().utf8))
        }
        if let changes { StandardStreams.writeError("compared with \(compare!):\n" + changes.text()) }
        let conditions = failOn.compactMap { $0.failure(result, changes: changes) }
        if let junit {
            let cases = failOn.map { JUnitSuite.Case(name: "--fail-on \($0)", failure: $0.failure(result, changes: changes)) }
            let file = try OutputFile(path: junit)
            try file.write(JUnitSuite.document([JUnitSuite(name: "htcds convert --mapping \(mapping)", cases: cases)]))
            try file.commit()
        }
        if !conditions.isEmpty {
            throw CommandFailure(message: "--fail-on: " + conditions.joined(separator: " and "),
                                 exitCode: CommandFailure.dataConditionExitCode)
        }
    }

    private func chosenFormat() throws -> OutputFormat {
        if let format { return format }
        if let output, output != "-" {
            let pathExtension = (output as NSString).pathExtension
            if let format = OutputFormat(pathExtension: pathExtension) { return format }
            if !pathExtension.isEmpty {
                throw CommandFailure.badInput("cannot tell the format of '\(output)' from its extension; give --format "
                                              + OutputFormat.listed)
            }
        }
        return .jsonl
    }

    /// The reports asked for, then the summary on the terminal (which may be closed).
    private func finish(_ result: MigrationReport) throws {
        let rendering = ReportRendering(result, showValues: showValues)
        for path in report {
            do {
                let file = try OutputFile(path: path)
                try file.write(ReportFormat(path: path).render(rendering))
                try file.commit()
            } catch {
                StandardStreams.writeError(rendering.summary())
                throw ConvertFailure.from(error)
            }
        }
        StandardStreams.writeError(rendering.summary())
    }
}

extension InvalidValuePolicy: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}

/// The exit code and message for what stopped a conversion.
enum ConvertFailure {
    static func from(_ error: any Error) -> CommandFailure {
        switch error {
        case let errors as MappingErrors:
            return CommandFailure(message: MappingErrorRendering.render(errors),
                                  exitCode: CommandFailure.badInputExitCode, prefixed: false)
        case let error as InputError:
            return .badInput(error.description)
        case let error as OutputError:
            return .badInput(error.description)
        case let error as DataConditionError:
            return CommandFailure(message: error.description, exitCode: CommandFailure.dataConditionExitCode)
        case let error as CommandFailure:
            return error
        default:
            return .badInput("\(error)")
        }
    }
}

/// A progress line on standard error, only when it is a terminal.
final class ProgressLine {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false

    func update(_ records: Int) {
        guard enabled else { return }
        shown = true
        StandardStreams.writeError("\r\(records) records read…")
    }

    func clear() {
        guard shown else { return }
        StandardStreams.writeError("\r\u{1B}[K")
    }
}
