import Foundation
import Testing
@testable import HTCDSMigration

/// An XML export's paths that no entry uses are reported as its unmapped
/// columns, and a mapped path no record has (a typo) is a finding of its own,
/// by convert and by check, whatever the number of threads.
@Suite struct XMLPathAuditTests {
    func mappingText(fields: String, ignore: String = "") -> String {
        """
        htcds: "2.0"
        source:
          reader: xml
          path: \(Repository.path("Samples/casetrack-export.xml"))
          record: /ct:export/ct:cases/ct:case
          namespaces: { ct: "urn:example:casetrack:3" }
        case_id: "@id"
        \(ignore)
        fields:
        \(fields)
        """
    }

    func convert(_ text: String, threads: Int) throws -> MigrationReport {
        let folder = TemporaryFolder()
        var options = MigrationOptions(mappingPath: folder.write("m.yaml", text))
        options.outputPath = folder.path("out.jsonl")
        options.threads = threads
        return try Migration.run(options, standard: testStandard)
    }

    @Test(arguments: [1, 4])
    func pathsNoEntryUsesAreUnmappedColumns(threads: Int) throws {
        let report = try convert(mappingText(fields: """
              prs_FirstName: client/name/given
              prs_MobilePhone: client/contact[@type='mobile']
              cas_Status:
                from: "@status"
                map: { open: Active, closed: Closed, follow-up: FollowUp }
            """, ignore: "ignore: [client/@lang, events]"), threads: threads)
        let unmapped = Dictionary(uniqueKeysWithValues: ReportRendering(report, showValues: false).unmappedColumns.map { ($0.name, $0.filled) })
        #expect(unmapped["client/citizenship"] == 3)
        #expect(unmapped["referral/@date"] == 2)
        #expect(unmapped["exploitation"] != nil)
        #expect(unmapped["client/name/family"] != nil)
        // Used, ignored, or tested by a predicate: not unmapped.
        for path in ["client/name/given", "@status", "@id", "client/contact", "client/contact/@type", "client/@lang",
                     "events/event/@kind", "events/event/place/@city"] {
            #expect(unmapped[path] == nil, "\(path)")
        }
        #expect(report.hasUnmapped)
        #expect(report.issues[.pathNeverSeen] == nil)
    }

    @Test(arguments: [1, 4])
    func aMappedPathNoRecordHasIsFoundWithTheNearestSeen(threads: Int) throws {
        let report = try convert(mappingText(fields: "  prs_FirstName: client/name/givn\n  prs_SecondName: client/name/family"),
                                 threads: threads)
        let found = try #require(report.issues[.pathNeverSeen])
        #expect(found.count == 1)
        #expect(found.examples.first?.message == "the path 'client/name/givn' (prs_FirstName) is in no record; did you mean 'client/name/given'?")
        #expect(found.examples.first?.location?.line == 10)
        #expect(report.hasUnmapped)
    }

    @Test func checkFindsThemToo() throws {
        let folder = TemporaryFolder()
        let path = folder.write("m.yaml", mappingText(fields: "  prs_FirstName: client/name/givn"))
        let result = MappingCheck.run(mappingPath: path, inputPath: nil, standard: testStandard)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.contains { $0.message == "the path 'client/name/givn' (prs_FirstName) is in no record; did you mean 'client/name/given'?" })
        #expect(result.warnings.contains { $0.message.hasPrefix("the input's path 'client/citizenship' (filled in 3 records) is used by no entry") })
    }
}
