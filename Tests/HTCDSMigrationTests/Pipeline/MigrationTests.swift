import Foundation
import Testing
@testable import HTCDSMigration

/// The run as a whole: accounting, policies, outputs.
@Suite struct MigrationTests {
    let fields = """
          prs_Gender:
            from: Sex
            map: { F: Feminine }
          prs_Birthdate:
            from: DOB
            date: [dd/MM/yyyy]
          prs_FirstName: Name
        """
    let input = "Id,Sex,DOB,Name,Extra\n1,F,03/02/1990,Ana,x\n,F,01/01/1990,Ion,\n3,F,31/02/1990,Eva,y\n1,F,01/01/1980,Ana,\n5,F,05/05/1985,Mia,z\n"

    @Test func everyRecordIsWrittenOrRejected() throws {
        let run = MappingRun()
        let (report, output) = try run.run(mapping: mapping(fields: fields), input: input) {
            $0.rejectsPath = run.folder.path("rejects.csv")
        }
        #expect(report.read == 5)
        #expect(report.written == 3)
        #expect(report.rejected == 2)
        #expect(report.read == report.written + report.rejected)
        #expect(MappingRun.objects(output).map { $0["caseId"] as? String } == ["1", "3", "5"])
        let rejects = try #require(run.folder.read("rejects.csv"))
        #expect(rejects == """
            Id,Sex,DOB,Name,Extra,_source,_reasons\r
            ,F,01/01/1990,Ion,,\(run.folder.path("input.csv")):3,the case id (column Id) is blank\r
            1,F,01/01/1980,Ana,,\(run.folder.path("input.csv")):5,case id '1' repeats an earlier record's\r

            """)
    }

    @Test func invalidValuesKeepRejectOrFail() throws {
        let keep = try MappingRun().run(mapping: mapping(fields: fields), input: input)
        #expect(MappingRun.objects(keep.output).first { $0["caseId"] as? String == "3" }?["prs_Birthdate"] == nil)
        #expect(keep.report.written == 3)

        let reject = try MappingRun().run(mapping: mapping(fields: fields), input: input) { $0.onInvalid = .reject }
        #expect(reject.report.written == 2)
        #expect(reject.report.rejected == 3)
        #expect(reject.report.read == reject.report.written + reject.report.rejected)

        let run = MappingRun()
        do {
            _ = try run.run(mapping: mapping(fields: fields), input: input) { $0.onInvalid = .fail }
            Issue.record("expected the run to stop")
        } catch let stopped as MigrationStopped {
            let reason = try #require(stopped.reason as? DataConditionError)
            #expect(reason.message == "invalid value: prs_Birthdate: not a date in the format dd/MM/yyyy (--on-invalid fail)")
            #expect(reason.location.line == 4)
            #expect(stopped.report.read == 3)
        }
        #expect(run.folder.contents == ["input.csv", "mapping.yaml"])
    }

    @Test func raggedRowsCanBeRejected() throws {
        let text = mapping(fields: "  prs_FirstName: Name", source: "  ragged: reject")
        let (report, output) = try MappingRun().run(mapping: text, input: "Id,Name\n1,Ana\n2\n3,Eva,extra\n")
        #expect(MappingRun.objects(output).map { $0["caseId"] as? String } == ["1"])
        #expect(report.rejected == 2)
    }

    @Test func limitConvertsTheFirstRecords() throws {
        let (report, output) = try MappingRun().run(mapping: mapping(fields: fields), input: input) { $0.limit = 2 }
        #expect(report.read == 2)
        #expect(MappingRun.objects(output).count == 1)
    }

    @Test func outputsAreOwnerOnlyAndAtomic() throws {
        let run = MappingRun()
        _ = try run.run(mapping: mapping(fields: fields), input: input)
        let attributes = try FileManager.default.attributesOfItem(atPath: run.folder.path("out.jsonl"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(run.folder.contents == ["input.csv", "mapping.yaml", "out.jsonl"])
    }

    @Test func aStopPartWayLeavesNoOutput() throws {
        let run = MappingRun()
        #expect(throws: MigrationStopped.self) {
            _ = try run.run(mapping: mapping(fields: "  prs_FirstName: Name"), input: "Id,Name\n1,Ana\n2,\"never closed\n")
        }
        #expect(run.folder.contents == ["input.csv", "mapping.yaml"])
    }

    @Test func theSameInputsGiveTheSameBytes() throws {
        let first = try MappingRun().run(mapping: mapping(fields: fields), input: input).output
        let second = try MappingRun().run(mapping: mapping(fields: fields), input: input).output
        #expect(!first.isEmpty)
        #expect(first.replacingOccurrences(of: #"/htcds-tests-[^/]+/"#, with: "/", options: .regularExpression)
            == second.replacingOccurrences(of: #"/htcds-tests-[^/]+/"#, with: "/", options: .regularExpression))
    }

    @Test func jsonLinesKeepTheStandardsOrderAndTheSource() throws {
        let run = MappingRun()
        let (_, output) = try run.run(mapping: mapping(fields: fields), input: "Id,Sex,DOB,Name,Extra\n7,F,03/02/1990,\"Ana \"\"A\"\"\",\n")
        #expect(output == #"{"caseId":"7","prs_FirstName":"Ana \"A\"","prs_Birthdate":"1990-02-03","prs_Gender":"Feminine","source":{"file":""# + run.folder.path("input.csv") + #"","line":2,"row":2}}"# + "\n")
    }

    @Test func theInputPathIsKeptAsGiven() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("Mappings"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path("Samples"), withIntermediateDirectories: true)
        folder.write("Samples/in.csv", "Id,Name\n1,Ana\n")
        folder.write("Mappings/m.yaml", mapping(fields: "  prs_FirstName: Name").replacingOccurrences(of: "path: input.csv", with: "path: ../Samples/in.csv"))
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(folder.url.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        var options = MigrationOptions(mappingPath: "Mappings/m.yaml")
        options.outputPath = "out.jsonl"
        let report = try Migration.run(options, standard: testStandard)
        #expect(report.inputPath == "Samples/in.csv")
        #expect(folder.read("out.jsonl")?.contains(#""source":{"file":"Samples/in.csv","line":2,"row":2}"#) == true)
    }

    @Test func lexicalPaths() {
        #expect(LexicalPath.join("Mappings", "../Samples/x.csv") == "Samples/x.csv")
        #expect(LexicalPath.join("", "x.csv") == "x.csv")
        #expect(LexicalPath.join("a/b", "../../../x.csv") == "../x.csv")
        #expect(LexicalPath.join("/m", "./x.csv") == "/m/x.csv")
    }
}
