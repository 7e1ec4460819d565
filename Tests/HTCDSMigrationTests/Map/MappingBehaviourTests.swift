import Foundation
import Testing
@testable import HTCDSMigration

/// What entries do to values, seen in the records written.
@Suite struct MappingBehaviourTests {
    func convert(_ fields: String, _ input: String, extra: String = "", source: String = "")
        throws -> (report: MigrationReport, records: [[String: Any]]) {
        let run = MappingRun()
        let (report, output) = try run.run(mapping: mapping(fields: fields, source: source, extra: extra), input: input)
        return (report, MappingRun.objects(output))
    }

    @Test func valueMapsMatchForgivinglyAndPicklistsMapThemselves() throws {
        let (report, records) = try convert("""
              prs_Gender:
                from: Sex
                map: { F: Feminine, "trans woman": TransgenderFeminine }
            """, "Id,Sex\n1, f \n2,Trans-Woman\n3,Not Specified/Unknown\n4,masculine\n5,robot\n")
        #expect(records.map { $0["prs_Gender"] as? String } == [
            "Feminine", "TransgenderFeminine", "NonSpecifiedUnknown", "Masculine", nil,
        ])
        let unmapped = report.unmappedValues["prs_Gender"]
        #expect(unmapped?.values.keys.sorted() == ["robot"])
        #expect(unmapped?.values["robot"]?.locations.first?.line == 6)
        #expect(report.read == 5 && report.written == 5)
    }

    @Test func defaultIgnoreValuesAndOtherwise() throws {
        let (report, records) = try convert("""
              vic_TraffickingStatus:
                from: Status
                map: { confirmed: ActualVictimOfTrafficking }
                default: PossibleVictimOfTrafficking
                ignore_values: [pending]
              vic_TypeOfExploitation:
                from: Types
                split: ","
                map: { begging: ForcedBegging }
                otherwise: Other
                keep_original_in: cas_IncomingReferralDetails
              cas_IncomingReferralDetails: Notes
            """, "Id,Status,Types,Notes\n1,confirmed,\"begging, forced criminality, theft\",seen twice\n2,pending,begging,\n3,odd,,\n")
        #expect(records.map { $0["vic_TraffickingStatus"] as? String } == ["ActualVictimOfTrafficking", nil, "PossibleVictimOfTrafficking"])
        #expect(records[0]["vic_TypeOfExploitation"] as? [String] == ["ForcedBegging", "Other"])
        #expect(records[0]["cas_IncomingReferralDetails"] as? String
            == "seen twice\nType of Exploitation: forced criminality, theft")
        #expect(records[1]["cas_IncomingReferralDetails"] == nil)
        let unmapped = try #require(report.unmappedValues["vic_TypeOfExploitation"])
        #expect(unmapped.values["forced criminality"]?.becameOther == true)
        #expect(unmapped.values.count == 2)
        #expect(report.unmappedValues["vic_TraffickingStatus"] == nil)
    }

    @Test func aMapKeptInACSVFileNextToTheMapping() throws {
        let run = MappingRun()
        run.folder.write("sectors.csv", "legacy,htcds\nFarm,A_AgricultureForestryAndFishing\n\"Hotel, bar\",I_AccommodationAndFoodServiceActivities\n")
        let (_, output) = try run.run(mapping: mapping(fields: """
              vic_ForcedLabourIndustry:
                from: Sector
                map_file: sectors.csv
            """), input: "Id,Sector\n1,farm\n2,\"Hotel, Bar\"\n")
        #expect(MappingRun.objects(output).map { $0["vic_ForcedLabourIndustry"] as? String }
            == ["A_AgricultureForestryAndFishing", "I_AccommodationAndFoodServiceActivities"])
    }

    /// The XLSForm's select_multiple industry, or several sector flags set:
    /// reported per record, never resolved silently.
    @Test func severalValuesForASingleValuePicklistAreInvalidPerRecord() throws {
        let (report, records) = try convert("""
              vic_ForcedLabourIndustry:
                from: Sectors
                split: " "
            """, "Id,Sectors\n1,C_Manufacturing F_Construction\n2,F_Construction\n3,F_Construction Construction\n")
        #expect(records.map { $0["vic_ForcedLabourIndustry"] as? String } == [nil, "F_Construction", "F_Construction"])
        let tally = try #require(report.invalidValues.values.first)
        #expect(tally.reason == "several values for a field that takes one")
        #expect(tally.count == 1)
        #expect(tally.examples.first?.value == "C_Manufacturing, F_Construction")

        let (flagged, flaggedRecords) = try convert("""
              vic_ForcedLabourIndustry:
                flags: { Farm: A_AgricultureForestryAndFishing, Building: F_Construction }
            """, "Id,Farm,Building\n1,1,1\n2,0,1\n")
        #expect(flaggedRecords.map { $0["vic_ForcedLabourIndustry"] as? String } == [nil, "F_Construction"])
        #expect(flagged.invalidValueCount == 1)
    }

    @Test func flagsFoldIntoAMultiselect() throws {
        let (report, records) = try convert("""
              vic_MethodsOfControl:
                flags:
                  meansOfControlDebtBondage: DebtBondage
                  meansOfControlThreats: PhysicalThreats
                  meansOfControlRestrictsMovement: Other
            """, "Id,meansOfControlDebtBondage,meansOfControlThreats,meansOfControlRestrictsMovement\n1,1,0,1\n2,0,0,0\n3,yes,,maybe\n")
        #expect(records[0]["vic_MethodsOfControl"] as? [String] == ["DebtBondage", "Other"])
        #expect(records[1]["vic_MethodsOfControl"] == nil)
        #expect(records[2]["vic_MethodsOfControl"] == nil)
        #expect(report.invalidValues.values.first?.reason.hasPrefix("a flag column holds a word that is not yes/no") == true)
    }

    @Test func templatesConcatenationsConstantsAndConditions() throws {
        let (_, records) = try convert("""
              cas_IncomingReferralDetails:
                template: "{Referrer}: {Notes}"
              cas_OutgoingReferralDetails:
                from: [Referrer, Notes]
                join: " / "
              cas_ReasonForCaseClosure:
                from: Reason
                when: { column: Status, in: [closed, "closed - referred"] }
              org_Type:
                value: NGO
            """, "Id,Referrer,Notes,Reason,Status\n1,Police,\"met at the station, scared\",moved,Closed\n2,,,moved,open\n")
        #expect(records[0]["cas_IncomingReferralDetails"] as? String == "Police: met at the station, scared")
        #expect(records[0]["cas_OutgoingReferralDetails"] as? String == "Police / met at the station, scared")
        #expect(records[0]["cas_ReasonForCaseClosure"] as? String == "moved")
        #expect(records[1]["cas_IncomingReferralDetails"] == nil)
        #expect(records[1]["cas_ReasonForCaseClosure"] == nil)
        #expect(records.allSatisfy { $0["org_Type"] as? String == "NGO" })
    }

    @Test func typesComeFromTheFieldNeverFromTheCell() throws {
        let (report, records) = try convert("""
              prs_IdentityNumber: IdNo
              prs_MobilePhone: Phone
              prs_NumberOfChildren: Kids
              con_Consent: Consent
              prs_Citizenship:
                from: Nationality
                split: "/"
              prs_PrimaryLanguage: Language
              cas_ReferringOrganisation: Referrer
              cas_CaseOwner: Owner
              org_ShippingLatitude: Lat
            """, "Id,IdNo,Phone,Kids,Consent,Nationality,Language,Referrer,Owner,Lat\n007,007,+447400123456,007,Yes,Rumänien/Viet Nam/romania,French,City Police,A. Mensah,45.5\n")
        let record = try #require(records.first)
        #expect(record["caseId"] as? String == "007")
        #expect(record["prs_IdentityNumber"] as? String == "007")
        #expect(record["prs_MobilePhone"] as? String == "+447400123456")
        #expect(record["prs_NumberOfChildren"] as? Int == 7)
        #expect(record["con_Consent"] as? Bool == true)
        #expect(record["prs_Citizenship"] as? [String] == ["RO", "VN"])
        #expect(record["prs_PrimaryLanguage"] as? String == "fra")
        #expect((record["cas_ReferringOrganisation"] as? [String: String]) == ["org_Name": "City Police"])
        #expect((record["cas_CaseOwner"] as? [String: String]) == ["name": "A. Mensah"])
        #expect(record["org_ShippingLatitude"] as? Double == 45.5)
        #expect(report.invalidValueCount == 0)
    }

    @Test(arguments: [
        ("prs_Email: Value", "no email", "prs_Email", "not an e-mail address"),
        ("prs_MobilePhone: Value", "0712 345", "prs_MobilePhone", "has no country calling code; write it with + or set phone_region"),
        ("prs_IdentityNumber: Value", "9.87826E+08", "prs_IdentityNumber", "looks like Excel's scientific notation (11 characters): the original digits are lost"),
        ("prs_NumberOfChildren: Value", "two", "prs_NumberOfChildren", "not a number"),
        ("hte_Latitude: Value", "95", "hte_Latitude", "out of range -90...90"),
        ("con_Consent: Value", "perhaps", "con_Consent", "not a yes/no word (true: true, yes, y, 1, x; false: false, no, n, 0)"),
        ("prs_Birthdate: Value", "1990-02-30", "prs_Birthdate", "not a date in the format yyyy-MM-dd"),
        ("cas_Status:\n    from: Value\n    split: \";\"".replacingOccurrences(of: "split: \";\"", with: "empty: []"), "Active", "cas_Status", ""),
    ])
    func invalidValuesAreReportedWithReasonAndLocation(entry: String, value: String, field: String, reason: String) throws {
        let (report, records) = try convert("  " + entry, "Id,Value\n1,\(value)\n")
        #expect(records.count == 1)
        #expect(records[0][field] == nil || reason.isEmpty)
        if reason.isEmpty {
            #expect(report.invalidValues.isEmpty)
            return
        }
        let tally = try #require(report.invalidValues.values.first)
        #expect(tally.reason == reason)
        #expect(tally.field.name == field)
        #expect(tally.columns == ["Value"])
        #expect(tally.examples.first?.location?.description.hasSuffix("input.csv:2") == true)
    }

    /// Scalars are read as written: `yes`, `no`, `007` and dates stay text.
    @Test func mappingScalarsStayText() throws {
        let (_, records) = try convert("""
              prs_IdentityNumber:
                value: 007
              prs_Title:
                from: Answer
                map: { yes: "1990-02-03", no: 0.50 }
            """, "Id,Answer\n1,yes\n2,NO\n")
        #expect(records.map { $0["prs_IdentityNumber"] as? String } == ["007", "007"])
        #expect(records.map { $0["prs_Title"] as? String } == ["1990-02-03", "0.50"])
    }

    @Test func codesExcelTurnedIntoDatesAreReportedWithoutTheirValue() throws {
        let (report, records) = try convert("  prs_IdentityNumber: Code", "Id,Code\n1,1-Mar\n2,A-17\n")
        #expect(records.first?["prs_IdentityNumber"] as? String == "1-Mar")
        let tally = try #require(report.issues[.spreadsheetDamage])
        #expect(tally.count == 1)
        #expect(tally.examples.first?.message?.contains("1-Mar") == false)
    }

    @Test func unknownCountriesAndLanguagesAreUnmapped() throws {
        let (report, records) = try convert("""
              prs_Citizenship: Nationality
              prs_PrimaryLanguage: Language
            """, "Id,Nationality,Language\n1,Atlantis,Elvish\n2,Moldova,ro\n")
        #expect(records.map { $0["prs_Citizenship"] as? [String] } == [nil, ["MD"]])
        #expect(records.map { $0["prs_PrimaryLanguage"] as? String } == [nil, "ron"])
        #expect(report.unmappedValues["prs_Citizenship"]?.values.keys.sorted() == ["Atlantis"])
        #expect(report.unmappedValues["prs_PrimaryLanguage"]?.values.keys.sorted() == ["Elvish"])
    }

    @Test func spreadsheetErrorCellsAreInvalid() throws {
        let (report, records) = try convert("  prs_FirstName: Name", "Id,Name\n1,#N/A\n", source: "").self
        #expect(records.first?["prs_FirstName"] as? String == "#N/A")
        _ = report
        let run = MappingRun()
        let text = mapping(fields: "  prs_FirstName: Name").replacingOccurrences(of: "reader: csv", with: "reader: spreadsheet")
        let (spreadsheet, output) = try run.run(mapping: text, input: "Id,Name\n1,#N/A\n")
        #expect(MappingRun.objects(output).first?["prs_FirstName"] == nil)
        #expect(spreadsheet.invalidValues.values.first?.reason == "a spreadsheet error cell (#N/A)")
    }

    @Test func datesWithMappingWideFormatsAndExcelSerials() throws {
        let (_, records) = try convert("""
              prs_Birthdate: Born
              cas_IncomingReferralDate:
                from: Serial
                date: excel-serial
            """, "Id,Born,Serial\n1,03/02/1990,32874\n2,1990-02-03,60\n", extra: "date_formats: [dd/MM/yyyy, yyyy-MM-dd]")
        #expect(records.map { $0["prs_Birthdate"] as? String } == ["1990-02-03", "1990-02-03"])
        #expect(records.map { $0["cas_IncomingReferralDate"] as? String } == ["1990-01-01", nil])
    }
}
