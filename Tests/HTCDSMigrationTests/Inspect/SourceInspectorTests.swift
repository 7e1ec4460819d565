import Foundation
import Testing
@testable import HTCDSMigration

@Suite struct SourceInspectorTests {
    func column(_ profile: SourceProfile, _ name: String, table: Int = 0) throws -> ColumnProfile {
        try #require(profile.tables[table].columns.first { $0.name == name }, "no column \(name)")
    }

    @Test func profilesACSVRegister() throws {
        let profile = try SourceInspector.inspect(InspectOptions(inputPath: Repository.path("Samples/safe-passage-register.csv")),
                                                  standard: testStandard)
        #expect(profile.reader == "csv")
        #expect(profile.tables.count == 1)
        #expect(profile.tables[0].records == 61)
        #expect(profile.tables[0].columns.count == 29)
        let caseNo = try column(profile, "Case No")
        #expect(caseNo.filled == 60)
        #expect(caseNo.patterns.first?.pattern == "AA-999")
        let sex = try column(profile, "Sex")
        #expect(sex.hasFewValues)
        #expect(sex.values.first.map { $0.value == "M" && $0.count == 13 } == true)
        #expect(try column(profile, "DOB").personal)
        #expect(try column(profile, "Date Referred").dateProposal?.formats == ["dd/MM/yyyy", "yyyy-MM-dd"])
        #expect(try column(profile, "Debt?").kinds[.yesNo] == 56)
    }

    @Test func masksPersonalColumnsAndContactLikeValues() throws {
        let folder = TemporaryFolder()
        folder.write("in.csv", "Id,Nom,Note\n1,Ana,call +40 721 555 010\n2,Ion,+40 721 555 011\n")
        let profile = try SourceInspector.inspect(InspectOptions(inputPath: folder.path("in.csv")), standard: testStandard)
        let text = ProfileRendering(profile, showValues: false).text()
        #expect(!text.contains("Ana") && !text.contains("Ion"))
        #expect(!text.contains("+40 721 555 011"))
        #expect(text.contains("\"call +40 721 555 010\""))  // text around a number is not a phone number
        #expect(text.contains("[masked]"))
        let json = ProfileRendering(profile, showValues: false).json()
        #expect(!json.contains("Ana") && !json.contains("555 011"))
        let shown = ProfileRendering(profile, showValues: true).text()
        #expect(shown.contains("\"Ana\"") && shown.contains("+40 721 555 011"))
    }

    @Test func readerOptionsAreTheMappingsOnes() throws {
        var options = InspectOptions(inputPath: Repository.path("Samples/htcds-excel-template.csv"))
        options.reader = "spreadsheet"
        options.sourceOptions = [("header_row", "1"), ("data_row", "3")]
        let profile = try SourceInspector.inspect(options, standard: testStandard)
        #expect(profile.tables[0].records == 24)
        #expect(profile.tables[0].columns.map(\.name).contains("vic_TraffickinStatusDecisionMakingOrg"))
        #expect(profile.notes.contains { $0.contains("Column 36") })

        options.sourceOptions = [("header_row", "many")]
        #expect(throws: InputError.self) { try SourceInspector.inspect(options, standard: testStandard) }
    }

    @Test func listsXMLPathsAndFindsTheRecordElement() throws {
        let profile = try SourceInspector.inspect(InspectOptions(inputPath: Repository.path("Samples/casetrack-export.xml")),
                                                  standard: testStandard)
        #expect(profile.describesPaths)
        #expect(profile.likelyRecordPath == "/ct:export/ct:cases/ct:case")
        let status = try column(profile, "/ct:export/ct:cases/ct:case/@status")
        #expect(status.seen == 4)
        #expect(try column(profile, "/ct:export/ct:cases/ct:case/client/name/given").personal)
    }

    @Test func profilesEveryTableOfADatabase() throws {
        let folder = TemporaryFolder()
        let path = try makeDatabase("""
            CREATE TABLE clients (id INTEGER PRIMARY KEY, surname TEXT, sex TEXT);
            INSERT INTO clients VALUES (1, 'Rusu', 'F'), (2, 'Haile', 'M'), (3, NULL, 'F');
            CREATE TABLE events (id INTEGER PRIMARY KEY, client INTEGER, kind TEXT);
            INSERT INTO events VALUES (1, 1, 'SX');
            """, in: folder)
        let profile = try SourceInspector.inspect(InspectOptions(inputPath: path), standard: testStandard)
        #expect(profile.tables.map(\.name) == ["clients", "events"])
        #expect(profile.tables[0].records == 3)
        let surname = try column(profile, "surname")
        #expect(surname.filled == 2 && surname.personal)
        #expect(try column(profile, "id").kinds[.integer] == 3)
    }

    @Test func aMappingSourceIsUsedAndItsPersonalColumnsMasked() throws {
        var options = InspectOptions(mappingPath: Repository.path("Mappings/casetrack-export-xml.yaml"))
        options.limit = 2
        let profile = try SourceInspector.inspect(options, standard: testStandard)
        #expect(profile.tables[0].records == 2)
        #expect(!profile.describesPaths)
        #expect(profile.tables[0].columns.contains { $0.personal })
    }
}
