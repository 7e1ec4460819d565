import Foundation
import Testing
@testable import HTCDSMigration

/// Inputs are known by their first bytes before their extension, and files
/// no reader opens are refused by what they are, never read as text.
@Suite struct ReaderRegistryTests {
    let folder = TemporaryFolder()
    static let sqlite = Array("SQLite format 3\u{0}".utf8) + [UInt8](repeating: 0, count: 84)

    @Test(arguments: [
        ("cases.csv", "a,b\n1,2\n", "csv"),
        ("cases.txt", "a;b\n", "csv"),
        ("cases", "a,b\n", "csv"),
        ("export.xml", "<export/>", "xml"),
        ("export.dat", "<?xml version=\"1.0\"?><export/>", "xml"),
        ("export.csv", "\u{FEFF}<?xml version=\"1.0\"?><export/>", "xml"),
    ])
    func chosenByBytesThenExtension(name: String, text: String, reader: String) throws {
        let path = folder.write(name, text)
        #expect(try ReaderRegistry.definition(forPath: path).name == reader)
    }

    @Test func anSQLiteDatabaseIsKnownByItsHeaderWhateverItsName() throws {
        let path = folder.write("cases.csv", bytes: Self.sqlite)
        #expect(try ReaderRegistry.definition(forPath: path).name == "sqlite")
        #expect(try ReaderRegistry.definition(forPath: folder.write("empty.db", "")).name == "sqlite")
    }

    @Test(arguments: [
        ("book.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] as [UInt8], "a ZIP container"),
        ("export.csv.gz", [0x1F, 0x8B, 0x08, 0x00], "a gzip-compressed file"),
        ("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an Excel 97-2003 workbook"),
    ])
    func containersNoReaderOpensAreRefusedByName(name: String, bytes: [UInt8], what: String) {
        let path = folder.write(name, bytes: bytes + [UInt8](repeating: 0x41, count: 40))
        #expect {
            _ = try ReaderRegistry.definition(forPath: path)
        } throws: { error in
            (error as? InputError)?.message.hasPrefix(what) == true
        }
        // Named in a mapping as CSV, the same file is refused before it is read.
        #expect(throws: InputError.self) { try ReaderRegistry.checkSignature(of: path, for: ReaderRegistry.definition(named: "csv")!) }
    }

    @Test func aMappingsCSVReaderRefusesADatabaseAndSaysWhichReaderReadsIt() throws {
        let run = MappingRun()
        let error = #expect(throws: InputError.self) {
            _ = try run.run(mapping: mapping(fields: "  prs_FirstName: Name\n"), input: "") { options in
                options.inputPath = run.folder.write("cases.csv", bytes: Self.sqlite)
            }
        }
        #expect(error?.message == "the input is an SQLite database, not what the csv reader reads: use reader: sqlite")
        #expect(!run.folder.exists("out.jsonl"))
    }

    /// Standard input and pipes are never read ahead (they cannot be read twice).
    @Test func standardInputHasNoSignature() {
        #expect(FileSignature.head(of: "-") == nil)
        #expect(FileSignature.head(of: "/dev/zero") == nil)
    }

    /// Every reader the registry lists is one the mapping's JSON Schema and the command line offer.
    @Test func everyReaderIsInTheSchema() throws {
        let schema = MappingSchema.json(standard: testStandard)
        for name in ReaderRegistry.names { #expect(schema.contains("\"\(name)\"")) }
    }
}
