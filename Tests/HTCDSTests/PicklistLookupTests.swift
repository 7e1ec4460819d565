import Testing
@testable import HTCDS

@Suite struct PicklistLookupTests {
    let standard = try! Standard.bundled()

    @Test(arguments: [
        ("prs_Gender", "Not Specified/Unknown", "NonSpecifiedUnknown"),
        ("prs_Gender", "transgender feminine", "TransgenderFeminine"),
        ("prs_Gender", "Feminine\u{00A0}", "Feminine"),  // the XLSForm's non-breaking space
        ("prs_Gender", "NON-CONFORMING", "NonConforming"),
        ("prs_Gender", "nonspecifiedunknown", "NonSpecifiedUnknown"),
        ("vic_TypeOfExploitation", "Sexual Exploitation ", "SexualExploitation"),
        ("vic_TypeOfExploitation", "Forced military (by non-state actors)", "ForcedMilitaryByNonStateActors"),
        ("vic_MethodsOfControl", "DebtBondage ", "DebtBondage"),  // the XLSForm's choice name
        ("vic_MethodsOfControl", "Debt bondage\u{00A0}", "DebtBondage"),
        ("vic_MethodsOfControl", "threatens children / family", "ThreatensChildrenFamily"),
        ("prs_HighestLevelOfEducation", "Bachelor's or equivalent level", "BachelorsOrEquivalentLevel"),
        ("vic_ForcedLabourIndustry", "Agriculture, forestry and fishing", "A_AgricultureForestryAndFishing"),
        ("vic_ForcedLabourIndustry", "A_AgricultureForestryAndFishing", "A_AgricultureForestryAndFishing"),
        ("vic_ForcedLabourIndustry", "AgricultureForestryAndFishing", "A_AgricultureForestryAndFishing"),
        ("vic_RecruitmentWebsitesAndApps", "4sale", "4Sale"),
        ("cas_Status", "follow-up", "FollowUp"),
    ])
    func findsValuesForgivingly(field name: String, text: String, expected: String) throws {
        let field = try #require(standard.field(named: name))
        #expect(field.value(matching: text).match?.name == expected)
    }

    @Test func aMissIsAValueWithSuggestions() throws {
        let field = try #require(standard.field(named: "vic_TypeOfExploitation"))
        guard case .notFound(let suggestions) = field.value(matching: "forced labor") else {
            Issue.record("expected no match")
            return
        }
        #expect(suggestions.first == "ForcedLabour")
        #expect(field.value(matching: "forced criminality").match == nil)
        #expect(field.value(matching: "").match == nil)
    }

    @Test func fieldsWithoutPicklistsMatchNothing() throws {
        let field = try #require(standard.field(named: "prs_Citizenship"))
        #expect(field.value(matching: "Use ISO 3166 country codes standard") == .notFound(suggestions: []))
    }

    /// Within every picklist, names and labels are distinct after forgiving, so a
    /// lookup is never ambiguous.
    @Test func noPicklistValueIsAmbiguous() {
        for field in standard.fields where field.hasPicklist {
            for value in field.values {
                #expect(field.value(matching: value.name) == .found(value), "\(field.name) \(value.name)")
                #expect(field.value(matching: value.label) == .found(value), "\(field.name) \(value.label)")
            }
        }
    }
}
