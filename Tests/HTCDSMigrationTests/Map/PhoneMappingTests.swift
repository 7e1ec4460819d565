import Foundation
import Testing
@testable import HTCDSMigration

/// The mapping's phone settings: a region for the mapping or an entry, a
/// calling code's main region, and a column naming each record's region.
@Suite struct PhoneMappingTests {
    func convert(_ fields: String, _ input: String, extra: String = "")
        throws -> (report: MigrationReport, records: [[String: Any]]) {
        let (report, output) = try MappingRun().run(mapping: mapping(fields: fields, extra: extra), input: input)
        return (report, MappingRun.objects(output))
    }

    @Test func aColumnNamesEachRecordsRegionAndABlankFallsBack() throws {
        let (report, records) = try convert("""
              prs_MobilePhone:
                from: Phone
                phone_region_from: Country
            """, """
            Id,Phone,Country
            1,0712 345 678,Kenya
            2,06 1234 5678,IT
            3,8 912 345 67 89,Russian Federation
            4,020 7946 0034,
            5,0712 345 678,Atlantis
            6,+44 20 7946 0034,Atlantis
            """ + "\n", extra: "phone_region: GB")
        #expect(records.map { $0["prs_MobilePhone"] as? String } == [
            "+254712345678", "+390612345678", "+79123456789", "+442079460034", nil, "+442079460034",
        ])
        let invalid = try #require(report.invalidValues.values.first)
        #expect(invalid.problem.code == .phoneCountryCodeUnknown && invalid.count == 1)
        #expect(invalid.examples.first?.location?.line == 6)
        #expect(ReportRendering(report, showValues: false).unmappedColumns.isEmpty)
    }

    @Test func anEntrysRegionWinsOverTheMappings() throws {
        let (_, records) = try convert("""
              prs_MobilePhone:
                from: Mobile
                phone_country_code: "+7"
              prs_HomePhone: Home
            """, "Id,Mobile,Home\n1,8 912 345 67 89,020 7946 0034\n", extra: "phone_region: GB")
        #expect(records[0]["prs_MobilePhone"] as? String == "+79123456789")
        #expect(records[0]["prs_HomePhone"] as? String == "+442079460034")
    }

    @Test func anExtensionIsSplitOffAndReported() throws {
        let (report, records) = try convert("  prs_MobilePhone: Phone",
                                            "Id,Phone\n1,0712 345 678 ext. 12\n", extra: "phone_region: KE")
        #expect(records[0]["prs_MobilePhone"] as? String == "+254712345678")
        #expect(report.issues[.phoneExtensionDropped]?.count == 1)
        #expect(report.invalidValueCount == 0)
    }

    @Test func invalidNumbersCarryTheirCodeInTheReport() throws {
        let (report, records) = try convert("  prs_MobilePhone: Phone", "Id,Phone\n1,+44 1234\n", extra: "phone_region: GB")
        #expect(records[0]["prs_MobilePhone"] == nil)
        let json = ReportRendering(report, showValues: false).json()
        #expect(json.contains("\"code\": \"phone-not-valid-for-region\""))
    }

    @Test func badPhoneSettingsAreMappingErrors() throws {
        func errors(_ extra: String) -> [String] {
            do {
                _ = try MappingRun().run(mapping: mapping(fields: "  prs_MobilePhone: Phone", extra: extra), input: "Id,Phone\n1,1\n")
            } catch let errors as MappingErrors {
                return errors.errors.map(\.message)
            } catch {}
            return []
        }
        #expect(errors("phone_region: Atlantis") == ["phone_region: 'Atlantis' is not a country (write its ISO code, such as GB)"])
        #expect(errors("phone_country_code: \"+999\"") == ["phone_country_code must be a country's calling code such as +254, not '+999'"])
        #expect(errors("phone_region: GB\nphone_country_code: \"+44\"") == ["give phone_region or phone_country_code, not both"])
        #expect(errors("phone_region_from: Nation").first?.contains("no column 'Nation'") == true)
    }
}
