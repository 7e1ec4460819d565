import Foundation
import Testing
@testable import HTCDSMigration

/// Compressed exports (issue 19, item 6): a .gz file is read through zlib as
/// what it holds, by every text reader, whatever its name; a ZIP's member is
/// read when `source.member` names it. The fixtures are Python's gzip and
/// zipfile's (Scripts/make-compressed-fixtures.py); the truth is the
/// uncompressed sample's conversion.
@Suite struct CompressedInputTests {
    static func fixture(_ name: String) -> String { Repository.path("Tests/HTCDSMigrationTests/Fixtures/" + name) }

    /// Converts with a shipped mapping, the input given (or the mapping's own), returning cases without their source.
    static func convert(_ mapping: String, input: String? = nil, threads: Int = 1,
                        edit: (String) -> String = { $0 }) throws -> (MigrationReport, [String], [[String: Any]]) {
        let folder = TemporaryFolder()
        let text = edit(try String(contentsOfFile: Repository.path(mapping), encoding: .utf8))
            .replacingOccurrences(of: "path: ../Samples/", with: "path: " + Repository.path("Samples") + "/")
        let mappingPath = folder.write("mapping.yaml", text)
        var options = MigrationOptions(mappingPath: mappingPath)
        options.inputPath = input
        options.threads = threads
        options.outputPath = folder.path("out.jsonl")
        let report = try Migration.run(options, standard: testStandard)
        let objects = MappingRun.objects(folder.read("out.jsonl") ?? "")
        let cases = objects.map { object in
            var object = object
            object["source"] = nil
            for set in ["historicTraffickingEvents", "caseComments", "supportPlans"] {
                object[set] = (object[set] as? [[String: Any]])?.map { item in item.filter { $0.key != "source" } }
            }
            return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        return (report, cases, objects.map { $0["source"] as! [String: Any] })
    }

    /// Two gzip members split inside a record read as one file, as gunzip reads them.
    @Test func aGzipRegisterReadsAsTheCSV() throws {
        let (_, expected, _) = try Self.convert("Mappings/safe-passage-register.yaml")
        let gz = Self.fixture("safe-passage-register.csv.gz")
        let (report, cases, sources) = try Self.convert("Mappings/safe-passage-register.yaml", input: gz)
        #expect(cases == expected)
        #expect(report.read == 61)
        #expect(sources.first?["file"] as? String == gz)
        #expect(try ReaderRegistry.definition(forPath: gz).name == "csv")
    }

    /// XML through zlib, on the parallel path too (which falls back to one pass: it reads a file at offsets).
    @Test(arguments: [1, 2])
    func aGzipXMLExportReadsAsTheXML(threads: Int) throws {
        let (_, expected, _) = try Self.convert("Mappings/casetrack-export-xml.yaml")
        let gz = Self.fixture("casetrack-export.xml.gz")
        let (_, cases, _) = try Self.convert("Mappings/casetrack-export-xml.yaml", input: gz, threads: threads)
        #expect(cases == expected)
        #expect(try ReaderRegistry.definition(forPath: gz).name == "xml")
    }

    @Test func aZIPsMemberIsReadWhenNamed() throws {
        let (_, expected, _) = try Self.convert("Mappings/safe-passage-register.yaml")
        let zip = Self.fixture("register-export.zip")
        let (_, cases, sources) = try Self.convert("Mappings/safe-passage-register.yaml", input: zip) {
            $0.replacingOccurrences(of: "  encoding: auto\n", with: "  encoding: auto\n  member: cases.csv\n")
        }
        #expect(cases == expected)
        #expect(sources.first?["file"] as? String == zip + "!/cases.csv")
        let missing = #expect(throws: InputError.self) {
            try Self.convert("Mappings/safe-passage-register.yaml", input: zip) {
                $0.replacingOccurrences(of: "  encoding: auto\n", with: "  member: Cases.csv\n")
            }
        }
        #expect(missing?.message == "has no member 'Cases.csv' (source.member); it holds 'README.txt', 'cases.csv'")
        // Without member:, a ZIP that is no workbook is refused saying what it holds.
        let refused = #expect(throws: InputError.self) { try Self.convert("Mappings/safe-passage-register.yaml", input: zip) }
        #expect(refused?.message.contains("it holds 'README.txt', 'cases.csv': read a CSV or XML file in it with source.member") == true)
    }

    /// A gzip file cut short, or damaged, stops the run with what is wrong, and nothing is written.
    @Test func aDamagedGzipFileStopsTheRun() throws {
        let folder = TemporaryFolder()
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("safe-passage-register.csv.gz")))
        let cut = folder.write("cut.csv.gz", bytes: Array(whole.prefix(whole.count / 3)))
        let error = #expect(throws: InputError.self) { try Self.convert("Mappings/safe-passage-register.yaml", input: cut) }
        #expect(error?.message == "ends before its compressed data does (the .gz file is cut short)")
        var damaged = Array(whole)
        for index in 40..<80 { damaged[index] ^= 0x5A }
        let bad = folder.write("bad.csv.gz", bytes: damaged)
        let damage = #expect(throws: InputError.self) { try Self.convert("Mappings/safe-passage-register.yaml", input: bad) }
        #expect(damage?.message.hasPrefix("is a damaged gzip file") == true)
    }

    /// A database or a workbook compressed with gzip is refused: their readers need a file of their own.
    @Test func aCompressedDatabaseIsRefusedSayingSo() throws {
        let folder = TemporaryFolder()
        let database = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Samples/hope-shelter.sqlite")))
        let path = folder.path("cases.sqlite.gz")
        let source = try ByteSource(path: Self.fixture("casetrack-export.xml.gz"))
        #expect(source.isCompressed && source.fileSize == nil)
        // (Compressed by the system's gzip.)
        try GzipTestWriter.write(database, to: path)
        let error = #expect(throws: InputError.self) { try ReaderRegistry.definition(forPath: path) }
        #expect(error?.message == "is an SQLite database compressed with gzip: decompress it (gunzip) and read that")
    }
}

/// gzip output for a test, by running the system's gzip (every Debian and macOS machine has it).
enum GzipTestWriter {
    static func write(_ data: Data, to path: String) throws {
        let input = path + ".plain"
        try data.write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-n", input]
        try process.run()
        process.waitUntilExit()
        try FileManager.default.moveItem(atPath: input + ".gz", toPath: path)
    }
}
