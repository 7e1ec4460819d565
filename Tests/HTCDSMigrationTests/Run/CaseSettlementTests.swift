import Foundation
import Testing
@testable import HTCDSMigration

/// The rules of settling a case, tested alone: one thread, cases handed in
/// as a mapping worker hands them, a writer that keeps what it is given.
@Suite struct CaseSettlementTests {
    /// Keeps the cases written, in order.
    final class KeptCases: RecordWriter {
        var cases: [CaseRecord] = []
        func write(_ record: CaseRecord) throws { cases.append(record) }
        func commit() throws {}
        func discard() {}
    }

    struct Setting {
        let plan: MappingPlan
        let report = MigrationReport()
        let writer = KeptCases()
        let settlement: CaseSettlement
        let worker: MappingWorker

        init(onInvalid: InvalidValuePolicy = .keep, rejectsRagged: Bool = false) throws {
            let document = try MappingDocument.parse(
                text: mapping(fields: "  prs_Gender: { from: Sex, map: { F: Feminine } }\n  prs_Birthdate: { from: Born, date: dd/MM/yyyy }\n"),
                path: "m.yaml", directory: URL(fileURLWithPath: "/"), standard: testStandard)
            plan = try MappingCompiler.compile(document, columns: ["Id", "Sex", "Born"], standard: testStandard)
            report.prepare(plan: plan, standard: testStandard)
            let related = RelatedRuntime(plans: [], indexes: [], report: report, onInvalid: onInvalid, rejects: [])
            settlement = CaseSettlement(plan: plan, report: report, writer: writer, rejects: nil, related: related,
                                        onInvalid: onInvalid, rejectsRagged: rejectsRagged, groupsRows: false, progress: nil)
            worker = MappingWorker(plan: plan, encoder: nil, remembers: true)
        }

        /// Reads, maps and settles one row.
        func settle(_ cells: [String], line: Int, raggedCellCount: Int? = nil) throws {
            let record = SourceRecord(location: SourceLocation(file: "in.csv", line: line), values: cells.map { .text($0) },
                                      raggedCellCount: raggedCellCount)
            let read = ReadCase(rows: [record], linked: [])
            guard try settlement.admit(read) else { return }
            try settlement.settle(read, worker.map(read, report: report).item, line: nil)
        }

        var rejectedReasons: [String] { report.issues[.recordRejected]?.examples.compactMap(\.message) ?? [] }
    }

    @Test func aRepeatedCaseIDIsRejectedAndTheFirstIsKept() throws {
        let setting = try Setting()
        try setting.settle(["C-1", "F", "01/02/1990"], line: 2)
        try setting.settle(["C-1", "F", "02/02/1990"], line: 3)
        #expect(setting.writer.cases.map(\.caseID) == ["C-1"])
        #expect(setting.writer.cases[0].location.line == 2)
        #expect((setting.report.read, setting.report.written, setting.report.rejected) == (2, 1, 1))
        #expect(setting.rejectedReasons == ["case id 'C-1' repeats an earlier record's"])
    }

    @Test func aBlankCaseIDIsRejected() throws {
        let setting = try Setting()
        try setting.settle(["  ", "F", ""], line: 2)
        #expect(setting.writer.cases.isEmpty)
        #expect(setting.rejectedReasons == ["the case id (column Id) is blank"])
    }

    @Test(arguments: [InvalidValuePolicy.keep, .reject])
    func anInvalidValueFollowsThePolicy(_ policy: InvalidValuePolicy) throws {
        let setting = try Setting(onInvalid: policy)
        try setting.settle(["C-1", "F", "31/02/1990"], line: 2)
        #expect(setting.report.invalidValueCount == 1)
        if policy == .keep {
            #expect(setting.writer.cases.count == 1)
            #expect(setting.writer.cases[0].values.compactMap { $0 } == [.text("Feminine")])
        } else {
            #expect(setting.writer.cases.isEmpty)
            #expect(setting.rejectedReasons.count == 1)
            #expect(setting.rejectedReasons[0].hasPrefix("prs_Birthdate: "))
        }
    }

    @Test func failStopsAtTheFirstInvalidValueWithItsLocation() throws {
        let setting = try Setting(onInvalid: .fail)
        try setting.settle(["C-1", "F", "01/02/1990"], line: 2)
        #expect(throws: DataConditionError.self) { try setting.settle(["C-2", "F", "1990"], line: 3) }
        #expect(setting.writer.cases.count == 1)
        #expect((setting.report.read, setting.report.written) == (2, 1))
    }

    @Test func aRaggedRowIsRejectedBeforeMappingWhenThePolicySays() throws {
        let setting = try Setting(rejectsRagged: true)
        try setting.settle(["C-1", "F", "01/02/1990"], line: 2, raggedCellCount: 4)
        #expect(setting.writer.cases.isEmpty)
        #expect(setting.rejectedReasons == ["row has 4 cells, the header 3"])
        #expect(setting.report.unmappedValues.isEmpty)
    }

    /// Every count is made once, as cases are settled: filled fields only for cases written.
    @Test func fillCountsCountWrittenCasesOnly() throws {
        let setting = try Setting(onInvalid: .reject)
        try setting.settle(["C-1", "F", "01/02/1990"], line: 2)
        try setting.settle(["C-2", "F", "31/02/1990"], line: 3)
        try setting.settle(["C-1", "F", ""], line: 4)
        setting.report.finish()
        let fill = Dictionary(uniqueKeysWithValues: setting.report.coreFieldFill.compactMap { entry in
            entry.filled.map { (entry.field.name, $0) }
        })
        #expect(fill["prs_Gender"] == 1)
        #expect(setting.report.columns.map(\.filled) == [3, 3, 2])
    }
}
