import Foundation
import Testing
@testable import HTCDSMigration

/// `date: unix` and `unix-ms`: the UTC day of an instant, against Python's
/// datetime on 1,200 instants (`Scripts/make-unix-time-fixture.py`), and
/// what is not a unix time reported with its code.
@Suite struct UnixTimeTests {
    @Test func daysAgreeWithPythonsDatetime() throws {
        let text = try String(contentsOfFile: Repository.path("Tests/HTCDSMigrationTests/Fixtures/unix-times.tsv"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t").map(String.init)
            let outcome = UnixTimeDate.date(from: cells[0], milliseconds: cells[1] == "ms")
            #expect(outcome == .date(CalendarDateParse(cells[2])), "\(cells[0]) \(cells[1])")
            checked += 1
        }
        #expect(checked > 1200)
    }

    @Test(arguments: ["", "abc", "1e9", "+5", "12.", "1,5", "١٢٣"])
    func notANumberIsInvalid(_ text: String) {
        #expect(UnixTimeDate.date(from: text, milliseconds: false) == .invalid(ValueProblem(.unixTimeNotANumber(milliseconds: false))))
        #expect(ValueProblem(.unixTimeNotANumber(milliseconds: true)).code == .dateInvalid)
    }

    @Test func beyondYear9999IsOutOfRange() {
        #expect(UnixTimeDate.date(from: "253402300800", milliseconds: false) == .invalid(ValueProblem(.unixTimeOutOfRange)))
        #expect(UnixTimeDate.date(from: "99999999999999999999", milliseconds: true) == .invalid(ValueProblem(.unixTimeNotANumber(milliseconds: true))))
    }

    /// In a mapping: numbers a database stored and numeric text alike.
    @Test func aMappingReadsUnixDates() throws {
        let run = MappingRun()
        let (report, output) = try run.run(mapping: mapping(fields: """
              cas_IncomingReferralDate: { from: Created, date: unix }
              cas_OutgoingReferralDate: { from: Closed, date: unix-ms }
            """), input: "Id,Created,Closed\n1,1552348800,1552435200000\n2,soon,\n")
        let records = MappingRun.objects(output)
        #expect(records.map { $0["cas_IncomingReferralDate"] as? String } == ["2019-03-12", nil])
        #expect(records.first?["cas_OutgoingReferralDate"] as? String == "2019-03-13")
        #expect(report.invalidValues.values.map(\.problem.code) == [.dateInvalid])
    }
}
