import Testing
@testable import HTCDSMigration

/// Output formats come from one registry: `--format`, the extensions that
/// imply a format and the help text all ask it.
@Suite struct WriterRegistryTests {
    @Test func everyWriterIsAFormatAndItsExtensionsImplyIt() {
        #expect(OutputFormat.allCases.map(\.rawValue) == WriterRegistry.names)
        for writer in WriterRegistry.all {
            for pathExtension in writer.extensions {
                #expect(OutputFormat(pathExtension: pathExtension)?.rawValue == writer.name)
                #expect(OutputFormat(pathExtension: pathExtension.uppercased())?.rawValue == writer.name)
            }
            #expect(OutputFormat.described.contains("\(writer.name) (\(writer.summary))"))
        }
        #expect(OutputFormat(pathExtension: "xlsx") == nil)
        #expect(OutputFormat(rawValue: "parquet") == nil)
        #expect(OutputFormat.listed == "jsonl, csv or sqlite")
    }

    @Test func relatedSetsAreGroupedByEntityInTheOrderTheyAreFirstNamed() throws {
        let field = { (name: String) in testStandard.field(named: name)! }
        func plan(_ name: String, _ entity: RelatedEntity, _ fields: [String]) -> RelatedPlan {
            RelatedPlan(name: name, entity: entity, targetFields: fields.map(field), rules: [], origin: .rows, columns: [])
        }
        let groups = RelatedGroups([
            plan("events", .historicTraffickingEvent, ["hte_Latitude"]),
            plan("partners", .organisation, ["org_Name"]),
            plan("notes", .caseComment, ["cco_CaseComment"]),
            plan("more events", .historicTraffickingEvent, ["hte_Longitude"]),
        ])
        #expect(groups.groups.map(\.entity) == [.historicTraffickingEvent, .caseComment])
        #expect(groups.groups[0].sets.map(\.index) == [0, 3])
        let location = SourceLocation(file: "in.csv", line: 2)
        let record = { (text: String) in RelatedRecord(values: [.text(text)], location: location) }
        let members = groups.records(of: groups.groups[0], in: [[record("a"), record("b")], [], [record("c")], [record("d")]])
        #expect(members.map(\.set) == [0, 0, 1])
        #expect(members.map { $0.record.values[0] } == [.text("a"), .text("b"), .text("d")])
    }
}
