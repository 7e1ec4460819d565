import Foundation
import Testing
@testable import HTCDSMigration

/// `header_row: auto`, the default: title rows, notes and blank rows above
/// the header are skipped, the row taken is said, and a register whose header
/// is its first row reads as before (issue 19, item 2).
@Suite struct HeaderRowDetectionTests {
    static let titled = """
        Fallregister Fachberatungsstelle 2016-2019,,,
        Stand: 31.12.2019,,,
        ,,,
        Fall-Nr,Geschlecht,Geburtsdatum,Notiz
        F-1,w,03.02.1990,
        F-2,m,,Anruf
        F-3,w,01.01.1985,

        """

    @Test func titleRowsNotesAndBlankRowsAboveTheHeaderAreSkipped() throws {
        let issues = IssueRecorder()
        let (columns, records) = try readCSV(Array(Self.titled.utf8), issues: issues)
        #expect(columns == ["Fall-Nr", "Geschlecht", "Geburtsdatum", "Notiz"])
        #expect(records.map { texts($0)[0] } == ["F-1", "F-2", "F-3"])
        #expect(records.first?.location.line == 5)
        #expect(issues.codes() == [.headerRowDetected])
        #expect(issues.issues.first?.message
                == "the header is row 4 (line 4): the rows above it (a title, notes, blank rows) are skipped; say header_row: 4 to keep it there")
    }

    @Test func aHeaderOnTheFirstRowStaysAndIsNotReported() throws {
        let issues = IssueRecorder()
        let (columns, records) = try readCSV(Array("Id,,Name\n1,x,Ann\n2,,Bo\n".utf8), issues: issues)
        #expect(columns == ["Id", "Column 2", "Name"])
        #expect(records.count == 2)
        #expect(!issues.codes().contains(.headerRowDetected))
    }

    /// Said explicitly, the header is where it is said to be.
    @Test func aGivenHeaderRowIsTaken() throws {
        var dialect = CSVDialect()
        dialect.headerRow = 1
        let (columns, _) = try readCSV(Array(Self.titled.utf8), dialect: dialect)
        #expect(columns.first == "Fallregister Fachberatungsstelle 2016-2019")
    }

    @Test(arguments: [
        ([1, 4, 4, 4], 1), ([0, 1, 5, 5, 4, 5], 2), ([5, 5, 5], 0), ([1], 0), ([], 0),
        ([1, 2, 2, 2], 1), ([3, 4, 4], 0), ([2, 3, 4], 1),
    ] as [([Int], Int)])
    func theHeaderIsTheFirstRowFillingMoreThanHalfTheTypicalRow(_ counts: [Int], _ header: Int) {
        #expect(HeaderRowDetection.headerIndex(filledCounts: counts) == header)
    }

    /// The issue's case: init on a titled register drafts a mapping that runs.
    @Test func initOnATitledRegisterDraftsAMappingThatRuns() throws {
        let folder = TemporaryFolder()
        let input = folder.write("register.csv", Self.titled)
        let text = try MappingInitializer.draft(InspectOptions(inputPath: input), mappingPath: folder.path("m.yaml"),
                                                standard: testStandard)
        #expect(text.contains("case_id: Fall-Nr"))
        #expect(text.contains("  header_row: \"4\"\n") || text.contains("  header_row: 4\n"))
        let profile = try SourceInspector.inspect(InspectOptions(inputPath: input), standard: testStandard)
        #expect(profile.tables.first?.headerRow == 4)
        #expect(ProfileRendering(profile, showValues: false).text().contains("3 records, 4 columns (header: row 4, found below title rows)"))
        folder.write("m.yaml", text)
        var options = MigrationOptions(mappingPath: folder.path("m.yaml"))
        options.outputPath = folder.path("out.jsonl")
        let report = try Migration.run(options, standard: testStandard)
        #expect((report.read, report.written) == (3, 3))
        // The draft says where the header is: nothing left to find.
        #expect(report.issues[.headerRowDetected] == nil)
    }

    /// `header_rows: 2`: a group label merged over the names (written once,
    /// blank after) names its columns with it; found below a title too.
    @Test func twoHeaderRowsNameTheColumnsTogether() throws {
        var dialect = CSVDialect()
        dialect.headerRows = 2
        let text = "Register 2019,,,,\n,Victim,,Case,\nId,Name,Date of birth,Number,Status\n1,Ana,1990-02-03,7,open\n2,Ion,,8,closed\n"
        let issues = IssueRecorder()
        let (columns, records) = try readCSV(Array(text.utf8), dialect: dialect, issues: issues)
        #expect(columns == ["Id", "Victim / Name", "Victim / Date of birth", "Case / Number", "Case / Status"])
        #expect(records.map { texts($0)[1] } == ["Ana", "Ion"])
        #expect(issues.issues.first?.message.hasPrefix("the header is row 2 (line 2)") == true)
        #expect(HeaderNames.joined([["", "A", ""], ["x", "y", "z"]]) == ["x", "A / y", "A / z"])
    }
}
