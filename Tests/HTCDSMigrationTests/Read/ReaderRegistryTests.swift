import Foundation
import Testing
@testable import HTCDSMigration
import ZIPFoundation

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
        ("book.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] as [UInt8], "is not a complete ZIP archive"),
        // A gzip file is read as what it holds: these bytes are no gzip data.
        ("export.csv.gz", [0x1F, 0x8B, 0x08, 0x00], "is a damaged gzip file"),
        ("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "is an Excel 97-2003 workbook"),
        // Excel saves a workbook with a password as an OLE document, whatever its extension.
        ("secret.xlsx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "is an encrypted (password-protected) Excel workbook"),
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

    /// A ZIP is known by its members: a workbook goes to its reader, anything
    /// else is refused saying what it is.
    @Test func workbooksAreKnownByWhatTheirZIPHolds() throws {
        let register = Repository.path("Samples/safe-passage-register.xlsx")
        #expect(try ReaderRegistry.definition(forPath: register).name == "xlsx")
        #expect(try ReaderRegistry.definition(forPath: Repository.path("Samples/safe-passage-register.ods")).name == "ods")
        let renamed = folder.path("register.csv")
        try FileManager.default.copyItem(atPath: register, toPath: renamed)
        #expect(try ReaderRegistry.definition(forPath: renamed).name == "xlsx")
        let csv = ReaderRegistry.definition(named: "csv")!
        let error = #expect(throws: InputError.self) { try ReaderRegistry.checkSignature(of: renamed, for: csv) }
        #expect(error?.message == "is an Excel workbook (.xlsx), one sheet, streamed, not what the csv reader reads: use reader: xlsx")
        let ods = ReaderRegistry.definition(named: "ods")!
        #expect(throws: InputError.self) { try ReaderRegistry.checkSignature(of: register, for: ods) }
        let xlsx = ReaderRegistry.definition(named: "xlsx")!
        let notZip = #expect(throws: InputError.self) { try ReaderRegistry.checkSignature(of: folder.write("a.xlsx", "a,b\n"), for: xlsx) }
        #expect(notZip?.message.hasPrefix("is not a workbook") == true)
    }

    @Test(arguments: [
        (["Index/Document.iwa", "Metadata/Properties.plist"], "is an Apple Numbers document"),
        (["cases.csv"], "is a ZIP archive but not an Excel or OpenDocument workbook"),
    ])
    func otherZIPsAreRefusedSayingWhatTheyAre(members: [String], what: String) throws {
        let path = folder.path("archive.zip")
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for member in members {
            let data = Data("x".utf8)
            try archive.addEntry(with: member, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let error = #expect(throws: InputError.self) { try ReaderRegistry.definition(forPath: path) }
        #expect(error?.message.hasPrefix(what) == true)
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
