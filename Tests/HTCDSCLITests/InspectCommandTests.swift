import Foundation
import Testing

@Suite struct InspectCommandTests {
    @Test func profilesASampleAndMasksPersonalColumns() throws {
        let result = try ToolRunner.run("inspect", "Samples/safe-passage-register.csv")
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("61 records, 29 columns"))
        #expect(result.standardOutput.contains("dates as dd/MM/yyyy"))
        let surnames = ["Popescu", "Ionescu", "Rusu", "Ceban", "Okafor", "Haile", "Hoxha", "Kola", "Souza", "Osei"]
        #expect(!surnames.contains { result.standardOutput.contains($0) })
        let shown = try ToolRunner.run("inspect", "Samples/safe-passage-register.csv", "--show-values")
        #expect(surnames.contains { shown.standardOutput.contains($0) })
    }

    @Test func jsonForTools() throws {
        let result = try ToolRunner.run("inspect", "Samples/ctdc-style-dataset.csv", "--format", "json")
        #expect(result.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let tables = document?["tables"] as? [[String: Any]]
        #expect(tables?.first?["records"] as? Int == 30)
    }

    @Test func badInputsExitWithTwo() throws {
        #expect(try ToolRunner.run("inspect", "Samples/no-such-file.csv").status == 2)
        #expect(try ToolRunner.run("inspect", "Samples/safe-passage-register.csv", "--option", "header_row=x").status == 2)
        #expect(try ToolRunner.run("inspect", "Samples/safe-passage-register.csv", "--reader", "excel").status == 2)
    }
}

@Suite struct SchemaCommandTests {
    @Test func printsTheCommittedSchema() throws {
        let result = try ToolRunner.run("schema")
        #expect(result.status == 0)
        let committed = try String(contentsOf: ToolRunner.repository.appendingPathComponent("Schemas/htcds-mapping.schema.json"),
                                   encoding: .utf8)
        #expect(result.standardOutput == committed)
    }
}
