import Foundation
import HTCDS
@testable import HTCDSMigration

/// The repository, found from this file, for tests that read Samples/ and Mappings/.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// A fresh folder per test, removed when the test's value goes away.
final class TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("htcds-tests-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let path = url.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// The names in the folder, hidden ones included (to catch leftover temporary files).
    var contents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? [] }
}

/// Collects issues for tests of single stages.
final class IssueRecorder: IssueSink {
    var issues: [Issue] = []
    func report(_ issue: Issue) { issues.append(issue) }
    func codes() -> [IssueCode] { issues.map(\.code) }
}

let testStandard = try! Standard.bundled()

/// Reads every record of a CSV text with a dialect.
func readCSV(
    _ bytes: [UInt8], dialect: CSVDialect = CSVDialect(), issues: IssueRecorder = IssueRecorder()
) throws -> (columns: [String], records: [SourceRecord]) {
    let folder = TemporaryFolder()
    let path = folder.write("input.csv", bytes: bytes)
    let reader = try CSVReader(source: ByteSource(path: path), dialect: dialect, issues: issues)
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (reader.columns, records)
}

func texts(_ record: SourceRecord) -> [String?] {
    record.values.map { value in
        switch value {
        case .text(let text): text
        case .spreadsheetError(let token): "ERROR:" + token
        default: nil
        }
    }
}

/// Runs a mapping written in a test over an input written in a test.
struct MappingRun {
    let folder = TemporaryFolder()

    func run(
        mapping: String, input: String, configure: (inout MigrationOptions) -> Void = { _ in }
    ) throws -> (report: MigrationReport, output: String) {
        folder.write("input.csv", input)
        let mappingPath = folder.write("mapping.yaml", mapping)
        var options = MigrationOptions(mappingPath: mappingPath)
        options.outputPath = folder.path("out.jsonl")
        configure(&options)
        let report = try Migration.run(options, standard: testStandard)
        return (report, folder.read((options.outputPath as NSString).lastPathComponent) ?? "")
    }

    /// The JSON objects of the output, one a line.
    static func objects(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}

/// A mapping with the usual head, for tests that only vary the fields.
func mapping(fields: String, source: String = "", extra: String = "") -> String {
    """
    htcds: "2.0"
    source:
      reader: csv
      path: input.csv
    \(source)
    case_id: Id
    \(extra)
    fields:
    \(fields)
    """
}

/// A JSON report without what differs between runs and releases: the start
/// time, the duration, the tool's version (reports compared across runs).
func withoutRunDetails(_ report: String) -> String {
    report.replacingOccurrences(of: #""started": "[^"]*""#, with: #""started": "(start)""#, options: .regularExpression)
        .replacingOccurrences(of: #""seconds": [0-9.e-]+"#, with: #""seconds": 0"#, options: .regularExpression)
        .replacingOccurrences(of: #""version": "[^"]*""#, with: #""version": "(version)""#, options: .regularExpression)
}

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A document read with Foundation's streaming XML parser (libxml2's SAX
/// underneath): whether it is well formed, its elements' names in order and
/// its text. (Foundation's XMLDocument tree keeps its nodes past their use.)
final class XMLReadBack: NSObject, XMLParserDelegate {
    private(set) var elements: [String] = []
    private(set) var text = ""

    /// nil when the document is not well-formed XML.
    static func read(_ data: Data) -> XMLReadBack? {
        let reader = XMLReadBack()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}

/// A seeded generator (SplitMix64's finaliser over a counter), so a test
/// asks the same every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 1
        return CaseIDRegistry.mixed(state)
    }
}
