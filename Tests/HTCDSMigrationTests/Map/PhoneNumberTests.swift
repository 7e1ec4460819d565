import Foundation
import HTCDS
import Testing
@testable import HTCDSMigration

/// Phone numbers against libphonenumber's own answers (the fixture made by
/// Scripts/make-phone-fixture.py with the version the plans come from).
@Suite struct PhoneNumberTests {
    static let standard = try! Standard.bundled()
    static let plans = try! NumberingPlans.bundled()

    static func normaliser(region: String?) -> PhoneNormaliser {
        let plan = region.flatMap { plans.plan(region: $0) }
        return PhoneNormaliser(parser: PhoneNumberParser(plans: plans), region: plan.map(PhoneRegion.plan) ?? .none,
                               countries: standard.countries)
    }

    struct FixtureCase: CustomStringConvertible {
        let text: String
        let region: String
        let answer: String
        let extensionSplit: Bool
        var description: String { "\(text) in \(region.isEmpty ? "no region" : region)" }
    }

    static let fixture: [FixtureCase] = {
        let text = try! String(contentsOfFile: Repository.path("Tests/HTCDSMigrationTests/Fixtures/phone-numbers.tsv"),
                               encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return FixtureCase(text: columns[0], region: columns[1], answer: columns[2], extensionSplit: columns[3] == "yes")
        }
    }()

    @Test func fixtureIsLargeAndVaried() {
        #expect(Self.fixture.count >= 300)
        #expect(Set(Self.fixture.map(\.region).filter { !$0.isEmpty }).count >= 20)
        #expect(Self.fixture.contains { $0.answer.hasPrefix("+") } && Self.fixture.contains { !$0.answer.hasPrefix("+") })
    }

    @Test func agreesWithLibphonenumberOnEveryFixtureNumber() {
        var disagreements: [String] = []
        for item in Self.fixture {
            let outcome = Self.normaliser(region: item.region.isEmpty ? nil : item.region).normalise(item.text)
            let ours: String
            switch outcome {
            case .number(let number, let dropped): ours = number + (dropped ? " (extension)" : "")
            case .invalid(let problem): ours = problem.code.rawValue
            }
            let expected = item.answer + (item.extensionSplit && item.answer.hasPrefix("+") ? " (extension)" : "")
            if ours != expected { disagreements.append("\(item): \(ours), libphonenumber: \(expected)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(Self.fixture.count): \(disagreements.prefix(20))")
    }

    @Test(arguments: [
        ("+44 (0)20 7946 0034", "GB", "+442079460034"),
        ("+254 0712 345 678", "KE", "+254712345678"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("8 912 345 67 89", "RU", "+79123456789"),
        ("٠٧١٢ ٣٤٥ ٦٧٨", "KE", "+254712345678"),
        ("0044 20 7946 0034", "GB", "+442079460034"),
        ("011 44 20 7946 0034", "US", "+442079460034"),
        ("(0712) 345-678", "KE", "+254712345678"),
    ] as [(String, String, String)])
    func normalisesTheReportedNumbers(text: String, region: String, expected: String) {
        #expect(Self.normaliser(region: region).normalise(text) == .number(expected, extensionDropped: false))
    }

    @Test func splitsOffExtensionsInsteadOfCallingThemExcelDamage() {
        let kenya = Self.normaliser(region: "KE")
        for text in ["0712 345 678 ext. 12", "0712 345 678 x 12", "0712 345 678 extension 12", "0712 345 678 #12",
                     "0712 345 678 EXT:12"] {
            #expect(kenya.normalise(text) == .number("+254712345678", extensionDropped: true), "\(text)")
        }
        #expect(kenya.normalise("9.87826E+08").code == .excelScientificNotation)
    }

    @Test func saysWhyANumberIsInvalid() {
        let britain = Self.normaliser(region: "GB")
        #expect(britain.normalise("+44 1234").code == .phoneNotValidForRegion)
        #expect(britain.normalise("+999 1234 5678").code == .phoneCountryCodeUnknown)
        #expect(britain.normalise("020 79").code == .phoneNotValidForRegion)   // possible as a local number
        #expect(britain.normalise("020").code == .phoneTooShort)
        #expect(britain.normalise("+44 20 7946 0000 0000 0000 0000").code == .phoneTooLong)
        #expect(britain.normalise("call after 5").code == .phoneNotANumber)
        #expect(britain.normalise("1").code == .phoneNotANumber)
        #expect(britain.normalise("07700 9001\u{0}23").code == .phoneNotANumber)
        #expect(Self.normaliser(region: nil).normalise("0712 345 678").code == .phoneCountryCodeUnknown)
        #expect(Self.normaliser(region: nil).normalise("+254 712 345 678") == .number("+254712345678", extensionDropped: false))
    }

    @Test func aRecordsRegionComesFromItsColumn() {
        let phones = Self.normaliser(region: nil)
        #expect(phones.region(named: "") == nil)
        #expect(phones.region(named: "Kenya")?.plan?.region == "KE")
        #expect(phones.region(named: "RO")?.plan?.region == "RO")
        let nowhere = phones.region(named: "Atlantis")
        #expect(nowhere?.plan == nil && nowhere != nil)
        #expect(phones.normalise("0712 345 678", region: phones.region(named: "Kenya")) == .number("+254712345678", extensionDropped: false))
        #expect(phones.normalise("0712 345 678", region: nowhere).code == .phoneCountryCodeUnknown)
    }
}

extension PhoneNormaliser.Outcome {
    var code: IssueCode? {
        if case .invalid(let problem) = self { return problem.code }
        return nil
    }
}
