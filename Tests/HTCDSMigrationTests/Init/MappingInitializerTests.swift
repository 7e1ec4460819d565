import Foundation
import HTCDS
import Testing
import Yams
@testable import HTCDSMigration

@Suite struct MappingInitializerTests {
    /// Drafts a mapping for a sample into a temporary folder and converts with it.
    func draftAndConvert(_ sample: String, configure: (inout InspectOptions) -> Void = { _ in })
        throws -> (text: String, report: MigrationReport) {
        let folder = TemporaryFolder()
        var options = InspectOptions(inputPath: Repository.path(sample))
        configure(&options)
        let mappingPath = folder.path("draft.yaml")
        let text = try MappingInitializer.draft(options, mappingPath: mappingPath, standard: testStandard)
        folder.write("draft.yaml", text)
        var run = MigrationOptions(mappingPath: mappingPath)
        run.outputPath = folder.path("out.jsonl")
        let report = try Migration.run(run, standard: testStandard)
        #expect(report.read == report.written + report.rejected)
        return (text, report)
    }

    /// The register as a workbook drafts as the CSV does: the sheet and the
    /// header row below its title are written down, and the draft runs.
    @Test(arguments: ["Samples/safe-passage-register.xlsx", "Samples/safe-passage-register.ods"])
    func draftsTheRegistersWorkbookAndTheDraftRuns(sample: String) throws {
        let (text, report) = try draftAndConvert(sample)
        let (csvText, _) = try draftAndConvert("Samples/safe-passage-register.csv")
        #expect(report.read == 61 && report.rejected == 2)
        #expect(text.contains("  sheet: Register\n  header_row: 3\n"))
        let fields = { (draft: String) in draft.components(separatedBy: "fields:").last! }
        // Every field the CSV's draft maps, the workbook's maps alike (but for the date formats the date cells need not).
        let lines = { (draft: String) in Set(fields(draft).split(separator: "\n").filter { !$0.contains("date:") && !$0.contains("yyyy") }) }
        #expect(lines(text) == lines(csvText))
    }

    @Test func draftsTheRegisterAndTheDraftRuns() throws {
        let (text, report) = try draftAndConvert("Samples/safe-passage-register.csv")
        #expect(report.read == 61)
        #expect(text.contains("case_id: Case No   # 1 blank, 1 repeated in the profile: those records will be rejected\n"))
        #expect(text.contains("  prs_Gender:\n    from: Sex\n    map:\n"))
        #expect(text.contains("      F: Feminine\n"))
        #expect(text.contains("  prs_Birthdate:\n    from: DOB\n    date: [dd/MM/yyyy]\n"))
        #expect(text.contains("    from: Date Referred\n    date: [dd/MM/yyyy, yyyy-MM-dd]\n"))
        #expect(text.contains("\"Debt?\": DebtBondage"))
        #expect(text.contains("    split: \",\"\n"))
        #expect(text.contains("#   - Age Band"))
        // Not matched, so reported: the loop the README describes.
        #expect(report.columns.contains { $0.name == "Age Band" && !$0.used && !$0.ignored })
        // No personal value is written into a mapping.
        #expect(!text.contains("Popescu"))
    }

    @Test func theTemplatesUnnamedColumnIsItsOutgoingReferralReason() throws {
        let (text, _) = try draftAndConvert("Samples/htcds-excel-template.csv") { options in
            options.reader = "spreadsheet"
            options.sourceOptions = [("header_row", "1"), ("data_row", "3")]
        }
        #expect(text.contains("  cas_ReasonForOutgoingReferral:\n    from: Column 36\n"))
        #expect(text.contains("  vic_TraffickingStatusDecisionMakingOrg: vic_TraffickinStatusDecisionMakingOrg\n"))
        #expect(text.contains("header_row: 1"))
    }

    @Test func koboAnswersSplitOnSpaces() throws {
        let (text, _) = try draftAndConvert("Samples/htcds-kobo-export.csv")
        #expect(text.contains("case_id: _uuid\n"))
        #expect(text.contains("  vic_MethodsOfControl:\n    from: vic_Methods_of_Control\n    split: \" \"\n"))
        #expect(text.contains("  prs_FirstName: prs_First_Name\n"))
    }

    @Test func ctdcFlagsFoldIntoMultiselects() throws {
        let (text, _) = try draftAndConvert("Samples/ctdc-style-dataset.csv")
        #expect(text.contains("      meansOfControlSexualAbuse: SexualAbuse\n"))
        #expect(text.contains("      isForcedMarriage: ForcedMarriage\n"))
        #expect(text.contains("empty: [\"\", \"-99\"]"))
    }

    /// A register with no id column gets ids made from each record's place,
    /// so that the draft runs as written (issue 19, item 3).
    @Test func aRegisterWithoutAnIDGetsGeneratedIDsAndTheDraftRuns() throws {
        let folder = TemporaryFolder()
        let input = folder.write("noid.csv", "Name,Sex\nAna,F\nAna,F\nIon,M\n")
        var options = InspectOptions(inputPath: input)
        options.reader = nil
        let text = try MappingInitializer.draft(options, mappingPath: folder.path("noid.yaml"), standard: testStandard)
        #expect(text.contains("case_id: { generate: row }   # no column has a value in every record that no other repeats;\n"))
        folder.write("noid.yaml", text)
        var convert = MigrationOptions(mappingPath: folder.path("noid.yaml"))
        convert.outputPath = folder.path("out.jsonl")
        let report = try Migration.run(convert, standard: testStandard)
        #expect((report.read, report.written) == (3, 3))
        #expect(MappingRun.objects(folder.read("out.jsonl") ?? "").map { $0["caseId"] as? String } == ["1", "2", "3"])
    }

    @Test func xmlDraftsTakeTheRepeatedElementAsRecord() throws {
        let (text, report) = try draftAndConvert("Samples/casetrack-export.xml")
        #expect(text.contains("  record: \"/ct:export/ct:cases/ct:case\"\n"))
        #expect(text.contains("    ct: \"urn:example:casetrack:3\"\n"))
        #expect(text.contains("case_id: \"@id\"   # 1 blank in the profile: those records will be rejected\n"))
        #expect(text.contains("#   \"events/event/@kind\""))
        // Elements told apart by an attribute become one column per value.
        #expect(text.contains("  prs_MobilePhone: \"client/contact[@type='mobile']\"\n"))
        #expect(text.contains("  prs_Email: \"client/contact[@type='email']\"\n"))
        #expect(report.read == 4)
    }

    @Test func databasesDraftTheirCaseTable() throws {
        let folder = TemporaryFolder()
        let path = try makeDatabase("""
            CREATE TABLE cases (case_no TEXT, sex TEXT, nationality TEXT, opened TEXT);
            INSERT INTO cases VALUES ('A-1', 'F', 'Romania', '2021-03-01'), ('A-2', 'male', 'Albanian', '2021-04-15');
            CREATE TABLE notes (case_no TEXT, note TEXT);
            """, in: folder)
        let text = try MappingInitializer.draft(InspectOptions(inputPath: path), mappingPath: folder.path("m.yaml"),
                                                standard: testStandard)
        #expect(text.contains("  table: cases\n"))
        #expect(text.contains("case_id: case_no\n"))
        #expect(text.contains("      Albanian: AL\n"))
        #expect(text.contains("# other tables, for related: sets: notes"))
    }

    @Test func relativePathsFromTheMappingsFolder() {
        #expect(MappingInitializer.relativePath(of: "Samples/a.csv", fromFolderOf: "Mappings/a.yaml") == "../Samples/a.csv")
        #expect(MappingInitializer.relativePath(of: "a.csv", fromFolderOf: "a.yaml") == "a.csv")
    }

    /// Every shipped sample, and inputs shaped like real exports, drafts a
    /// mapping that converts, whose comments hold only text (issue 19, item 4).
    @Test(arguments: ["Samples/safe-passage-register.csv", "Samples/safe-passage-register-excel-1252.csv",
                      "Samples/ctdc-style-dataset.csv", "Samples/htcds-excel-template.csv", "Samples/htcds-kobo-export.csv",
                      "Samples/casetrack-export.xml", "Samples/hope-shelter.sqlite", "Samples/safe-passage-register.xlsx",
                      "Samples/safe-passage-register.ods", "Tests/HTCDSMigrationTests/Fixtures/workbook-cells.xlsx",
                      "Tests/HTCDSMigrationTests/Fixtures/safe-passage-register.csv.gz"])
    func everySamplesDraftRuns(sample: String) throws {
        let (text, report) = try draftAndConvert(sample)
        #expect(report.read > 0)
        #expect(Self.isText(text))
        // Every scalar quoted where YAML 1.1 tools would read it otherwise (issue 20, item 7).
        let folder = TemporaryFolder()
        let path = folder.write("draft.yaml", text)
        let warned = MappingCheck.run(mappingPath: path, inputPath: Repository.path(sample), standard: testStandard).warnings
        #expect(!warned.contains { $0.code == .yamlReadDifferently }, "\(warned.filter { $0.code == .yamlReadDifferently }.map(\.message))")
    }

    /// Only printable text and line breaks: no control character, no byte that was not text.
    static func isText(_ draft: String) -> Bool {
        draft.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F && $0 != "\u{FFFD}") }
    }

    /// A register whose first rows are a title and a note.
    @Test func aRegisterUnderATitleDraftsAndRuns() throws {
        let folder = TemporaryFolder()
        let path = folder.write("register.csv", """
            Fallregister Fachberatungsstelle 2016-2019,,,
            Stand: 31.12.2019,,,
            Fall-Nr,Geschlecht,Geburtsdatum,Nationalität
            F-1,w,03.02.1990,Rumänien
            F-2,m,,Albanien

            """)
        let text = try MappingInitializer.draft(InspectOptions(inputPath: path), mappingPath: folder.path("m.yaml"), standard: testStandard)
        folder.write("m.yaml", text)
        #expect(text.contains("  header_row: 3\n"))
        #expect(text.contains("case_id: Fall-Nr"))
        var run = MigrationOptions(mappingPath: folder.path("m.yaml"))
        run.outputPath = folder.path("out.jsonl")
        #expect(try Migration.run(run, standard: testStandard).written == 2)
    }

    /// A database of clients, cases, organisations and events: the client
    /// joined into the case's query, the organisations a related `org` set
    /// the case's lookup names by key, the events a related set, from the
    /// schema's foreign keys or, without them, from the columns' names.
    @Test(arguments: [true, false])
    func aRelationalDatabaseDraftsItsJoinsAndRelatedSets(declared: Bool) throws {
        let folder = TemporaryFolder()
        let reference = { (target: String) in declared ? " REFERENCES \(target)" : "" }
        let path = try makeDatabase("""
            CREATE TABLE clients (client_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, gender TEXT, date_of_birth TEXT);
            CREATE TABLE organisations (org_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
            CREATE TABLE cases (case_id INTEGER PRIMARY KEY, client_id INTEGER\(reference("clients (client_id)")),
                                referred_by INTEGER\(reference("organisations (org_id)")), opened TEXT);
            CREATE TABLE events (event_id INTEGER PRIMARY KEY, case_id INTEGER\(reference("cases (case_id)")), country TEXT, city TEXT);
            INSERT INTO clients VALUES (1, 'Ana', 'Popescu', 'F', '1990-02-03'), (2, 'Ion', 'Rusu', 'M', '1985-07-01');
            INSERT INTO organisations VALUES (1, 'City Police', 'London'), (2, 'Helpline 116', 'Leeds');
            INSERT INTO cases VALUES (10, 1, 2, '2021-03-01'), (11, 2, 1, '2021-04-15'), (12, 1, NULL, '2021-05-02');
            INSERT INTO events VALUES (1, 10, 'RO', 'Iasi'), (2, 10, 'GB', 'London'), (3, 11, 'FR', 'Calais');
            """, in: folder)
        let text = try MappingInitializer.draft(InspectOptions(inputPath: path), mappingPath: folder.path("m.yaml"), standard: testStandard)
        folder.write("m.yaml", text)
        #expect(text.contains("  query: \"SELECT c.*, t1.first_name, t1.last_name, t1.gender, t1.date_of_birth FROM cases c "
                              + "LEFT JOIN clients t1 ON t1.client_id = c.client_id ORDER BY c.case_id\"\n"))
        #expect(text.contains("    from: referred_by\n    organisation: organisations"))
        #expect(text.contains("  organisations:\n    entity: org\n    source: { reader: sqlite, table: organisations }\n    link: org_id\n"))
        #expect(text.contains("  events:\n    entity: hte\n    source: { reader: sqlite, table: events }\n    link: case_id\n"))
        #expect(Self.isText(text))
        var run = MigrationOptions(mappingPath: folder.path("m.yaml"))
        run.outputPath = folder.path("out.jsonl")
        let report = try Migration.run(run, standard: testStandard)
        #expect(report.written == 3)
        let cases = MappingRun.objects(folder.read("out.jsonl") ?? "")
        #expect(cases.first?["prs_FirstName"] as? String == "Ana")
        #expect((cases.first?["cas_ReferringOrganisation"] as? [String: Any])?["org_Name"] as? String == "Helpline 116")
        #expect((cases.first?["historicTraffickingEvents"] as? [[String: Any]])?.count == 2)
    }
}

@Suite struct DraftingPartsTests {
    @Test(arguments: [
        ("meansOfControlSexualAbuse", "vic_MethodsOfControl", "SexualAbuse"),
        ("isForcedMarriage", "vic_TypeOfExploitation", "ForcedMarriage"),
        ("Debt?", "vic_MethodsOfControl", "DebtBondage"),
        ("typeOfSexProstitution", "vic_TypeOfSexExploitation", "Prostitution"),
    ])
    func flagColumnsNameTheirValue(_ name: String, _ field: String, _ value: String) throws {
        let flag = try #require(ColumnMatcher(standard: testStandard).flag(name))
        #expect(flag.field == field && flag.value == value && !flag.unsure)
    }

    @Test(arguments: [
        ("Sex", "prs_Gender"), ("Date of Birth", "prs_Birthdate"), ("DateOfBirth", "prs_Birthdate"),
        ("Nationality", "prs_Citizenship"), ("Referred by", "cas_ReferringOrganisation"),
        ("Mailing Zip/Postal Code", "prs_MailingPostalCode"), ("prs_First_Name", "prs_FirstName"),
    ])
    func columnNames(_ name: String, _ field: String) {
        #expect(ColumnMatcher(standard: testStandard).match(name)?.field == field)
    }

    @Test func valuesGoWhereTheyClearlyBelong() throws {
        let gender = try #require(testStandard.field(named: "prs_Gender"))
        let matcher = ValueMatcher(standard: testStandard, field: gender)
        #expect(matcher.propose("Feminine") == .resolves)
        #expect(matcher.propose("female") == .map("Feminine"))
        #expect(matcher.propose("zz") == .unknown)
        let citizenship = try #require(testStandard.field(named: "prs_Citizenship"))
        #expect(ValueMatcher(standard: testStandard, field: citizenship).propose("Vietnamese") == .map("VN"))
    }

    @Test(arguments: ["Case No", "yes", "007", "a: b", " lead", "say \"hi\"", "Debt?", "@id", "x#y", "1990-02-03", "~"])
    func yamlScalarsReadBackAsWritten(_ text: String) throws {
        let node = try #require(try Yams.compose(yaml: "key: \(YAMLText.quoted(text))\n"))
        #expect(node.mapping?["key"]?.scalar?.string == text)
    }
}
