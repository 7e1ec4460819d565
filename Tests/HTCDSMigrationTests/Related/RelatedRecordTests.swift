import Foundation
import Testing
@testable import HTCDSMigration

/// One-to-many records in each of their forms, and their accounting.
@Suite struct RelatedRecordTests {
    func run(_ mappingText: String, input: String, files: [String: String] = [:],
             configure: (inout MigrationOptions) -> Void = { _ in })
        throws -> (report: MigrationReport, records: [[String: Any]], folder: TemporaryFolder) {
        let run = MappingRun()
        for (name, text) in files { run.folder.write(name, text) }
        let (report, output) = try run.run(mapping: mappingText, input: input) {
            $0.rejectsPath = run.folder.path("rejects.csv")
            configure(&$0)
        }
        return (report, MappingRun.objects(output), run.folder)
    }

    func count(_ report: MigrationReport, _ name: String) -> MigrationReport.RelatedCount? {
        report.relatedCounts.first { $0.name == name }
    }

    @Test func fromAnotherFileJoinedOnTheCaseID() throws {
        let text = mapping(fields: "  prs_FirstName: Name") + """

            related:
              events:
                entity: hte
                source: { reader: csv, path: events.csv }
                link: Case
                fields:
                  hte_Date: { from: When, date: [dd/MM/yyyy] }
                  hte_Type: Kind
            """
        let (report, records, folder) = try run(text, input: "Id,Name\n1,Ana\n2,Ion\n,Nobody\n", files: [
            "events.csv": "Case,When,Kind\n1,02/01/2019,recruitment\n2,03/02/2019,Transit\n1,04/03/2019,exploitation\n9,05/05/2020,transit\n,06/06/2020,transit\n",
        ])
        let events = records.map { ($0["historicTraffickingEvents"] as? [[String: Any]])?.compactMap { $0["hte_Date"] as? String } ?? [] }
        #expect(events == [["2019-01-02", "2019-03-04"], ["2019-02-03"]])
        let events1 = try #require(records[0]["historicTraffickingEvents"] as? [[String: Any]])
        #expect((events1[0]["source"] as? [String: Any])?["line"] as? Int == 2)
        #expect(count(report, "events") == MigrationReport.RelatedCount(name: "events", entity: .historicTraffickingEvent, read: 5, linked: 3, rejected: 2))
        let rejects = try #require(folder.read("rejects.events.csv"))
        #expect(rejects.contains("9,05/05/2020,transit,\(folder.path("events.csv")):5,its case id '9' matches no written case"))
        #expect(rejects.contains(",06/06/2020,transit,\(folder.path("events.csv")):6,its link (column Case) is blank"))
    }

    /// Every related record is linked or rejected once: duplicate case ids,
    /// blank ids, cases rejected for an invalid value, orphans and blank links,
    /// whatever the policy and the number of threads.
    @Test(arguments: [(InvalidValuePolicy.keep, 1), (.reject, 1), (.keep, 4), (.reject, 4)])
    func relatedRecordsAreCountedOnce(policy: InvalidValuePolicy, threads: Int) throws {
        let text = mapping(fields: "  prs_FirstName: Name\n  prs_Birthdate: { from: Born, date: [dd/MM/yyyy] }") + """

            related:
              events:
                entity: hte
                source: { reader: csv, path: events.csv }
                link: Case
                fields:
                  hte_Type: Kind
            """
        // Case 1 is written, then repeated twice; case 2 has a bad date; case 3
        // repeats case 2's rejected id; a blank id; case 5 has no events.
        let input = "Id,Name,Born\n1,Ana,01/01/1990\n1,Ana again,01/01/1990\n2,Ion,31/02/1990\n1,Third,\n2,Ion again,01/01/1990\n,Nobody,\n5,Maria,\n"
        let events = "Case,Kind\n1,recruitment\n2,transit\n1,exploitation\n9,transit\n,transit\n2,exploitation\n1,transit\n"
        let (report, records, folder) = try run(text, input: input, files: ["events.csv": events]) {
            $0.onInvalid = policy
            $0.threads = threads
        }
        let counted = try #require(count(report, "events"))
        #expect(counted.read == 7)
        #expect(counted.read == counted.linked + counted.rejected)
        let linked = records.reduce(0) { $0 + (($1["historicTraffickingEvents"] as? [Any])?.count ?? 0) }
        #expect(linked == counted.linked)
        let rejectedLines = (folder.read("rejects.events.csv") ?? "").split(whereSeparator: \.isNewline).count - 1
        #expect(rejectedLines == counted.rejected)
        #expect(report.read == report.written + report.rejected)
        #expect(counted.linked == (policy == .keep ? 5 : 3))
    }

    @Test func aRelatedSourcesUnmappedColumnsNameTheirSet() throws {
        let text = mapping(fields: "  prs_FirstName: Name") + """

            related:
              events:
                entity: hte
                source: { reader: csv, path: events.csv }
                link: Case
                ignore: [Clerk]
                fields:
                  hte_Type: Kind
            """
        let (report, _, _) = try run(text, input: "Id,Name\n1,Ana\n", files: [
            "events.csv": "Case,Kind,Clerk,Remarks,Blank\n1,transit,Ion,seen twice,\n1,recruitment,Ion,,\n",
        ])
        let rendering = ReportRendering(report, showValues: false)
        #expect(rendering.unmappedColumns.map { "\($0.set ?? "-"):\($0.name):\($0.filled)" } == ["events:Remarks:1", "events:Blank:0"])
        #expect(rendering.json().contains("\"set\": \"events\""))
        #expect(rendering.summary().contains("unmapped columns in events (2): Remarks (1 filled), Blank (0 filled)"))
        #expect(report.hasUnmapped)
    }

    @Test func fromRepeatedColumnGroupsOfAWideRegister() throws {
        let text = mapping(fields: "  prs_FirstName: Name") + """

            related:
              events:
                entity: hte
                groups: ["1", "2", "3"]
                fields:
                  hte_City: "Event {n} City"
                  hte_Type: "Event {n} Type"
            """
        let (report, records, _) = try run(text, input: """
            Id,Name,Event 1 City,Event 1 Type,Event 2 City,Event 2 Type,Event 3 City,Event 3 Type
            1,Ana,Iasi,recruitment,London,exploitation,,
            2,Ion,,,,,,
            """ + "\n")
        let cities = records.map { ($0["historicTraffickingEvents"] as? [[String: Any]])?.compactMap { $0["hte_City"] as? String } }
        #expect(cities == [["Iasi", "London"], nil])
        #expect(count(report, "events") == MigrationReport.RelatedCount(name: "events", entity: .historicTraffickingEvent, read: 2, linked: 2, rejected: 0))
        #expect(ReportRendering(report, showValues: false).unmappedColumns.isEmpty)
    }

    @Test func fromALongRegisterWithSeveralRowsPerCase() throws {
        let text = mapping(fields: "  prs_FirstName: Name") + """

            related:
              perpetrators:
                entity: per
                rows: true
                fields:
                  prs_FirstName: Perpetrator
                  per_RoleInProcess: { from: Role, split: ";" }
            """
        let (report, records, _) = try run(text, input: """
            Id,Name,Perpetrator,Role
            1,Ana,Viktor,recruiter or intermediary
            1,Ana,Olga,exploiter;transporter
            2,Ion,Sasha,smuggler
            1,Ana,Late,abuser
            """ + "\n")
        #expect(records.map { $0["caseId"] as? String } == ["1", "2"])
        let first = try #require(records[0]["perpetrators"] as? [[String: Any]])
        #expect(first.map { $0["prs_FirstName"] as? String } == ["Viktor", "Olga"])
        #expect(first[1]["per_RoleInProcess"] as? [String] == ["Exploiter", "Transporter"])
        #expect(report.read == 3 && report.written == 2 && report.rejected == 1)
        #expect(count(report, "perpetrators") == MigrationReport.RelatedCount(name: "perpetrators", entity: .perpetrator, read: 4, linked: 3, rejected: 1))
        #expect(report.issues[.recordRejected]?.examples.first?.message == "case id '1' repeats an earlier record's (the rows of a case must be together)")
    }

    /// Cases naming their referring organisation by a key of partners.csv.
    static let partnersMapping = mapping(fields: """
          cas_ReferringOrganisation:
            from: Referrer
            organisation: partners
        """) + """

        related:
          partners:
            entity: org
            source: { reader: csv, path: partners.csv }
            link: Key
            fields:
              org_Name: Name
              org_Type: { from: Kind, map: { POL: LawEnforcement } }
        """

    @Test func organisationLookupsByKey() throws {
        let text = Self.partnersMapping
        let (report, records, _) = try run(text, input: "Id,Referrer\n1,P1\n2,P1\n3,P9\n", files: [
            "partners.csv": "Key,Name,Kind\nP1,City Police,POL\nP2,Helpline,NGO\n",
        ])
        let organisation = records[0]["cas_ReferringOrganisation"] as? [String: String]
        #expect(organisation == ["org_Name": "City Police", "org_Type": "LawEnforcement"])
        #expect(records[2]["cas_ReferringOrganisation"] == nil)
        #expect(report.invalidValues.values.first?.reason == "no organisation with this key in partners")
        #expect(count(report, "partners") == MigrationReport.RelatedCount(name: "partners", entity: .organisation, read: 2, linked: 1, rejected: 1))
    }

    /// An organisation is mapped once and remembered, and what mapping it
    /// reported is said again for every case that names it: the report's
    /// counts are those of mapping it each time.
    @Test func aRememberedOrganisationReportsForEveryCaseNamingIt() throws {
        let text = Self.partnersMapping
        let (report, records, _) = try run(text, input: "Id,Referrer\n1,P2\n2,P1\n3,P2\n4,P2\n5,P9\n6,P9\n", files: [
            "partners.csv": "Key,Name,Kind\nP1,City Police,POL\nP2,Helpline,Hotline\n",
        ])
        #expect(records.map { ($0["cas_ReferringOrganisation"] as? [String: String])?["org_Name"] }
                == ["Helpline", "City Police", "Helpline", "Helpline", nil, nil])
        // "Hotline" is no org_Type: unmapped once for each of the three cases naming P2.
        let unmapped = try #require(report.unmappedValues["org_Type"])
        #expect(unmapped.values["Hotline"]?.count == 3)
        #expect(report.invalidValues.values.first?.count == 2)  // P9, twice
        #expect(count(report, "partners") == MigrationReport.RelatedCount(name: "partners", entity: .organisation, read: 2, linked: 2, rejected: 0))
    }

    @Test func relatedSetsAreCheckedLikeTheMapping() throws {
        let text = mapping(fields: "  prs_FirstName: Name") + """

            related:
              events:
                entity: hte
                groups: ["1"]
                fields:
                  spl_Type: Kind
                  hte_City: "Town {n}"
              plans:
                entity: spl
                source: { reader: csv, path: plans.csv }
                fields:
                  spl_Type: Kind
              odd:
                entity: xyz
                rows: true
                fields: {}
            """
        let run = MappingRun()
        do {
            _ = try run.run(mapping: text, input: "Id,Name\n1,Ana\n")
            Issue.record("expected mapping errors")
        } catch let errors as MappingErrors {
            #expect(errors.errors.map(\.message) == [
                "spl_Type does not belong in events, which takes hte_ fields",
                "source: needs link:, the column that holds the case id",
                "entity: must be hte, spl, cco, per or org, not 'xyz'",
            ])
        }
    }
}
