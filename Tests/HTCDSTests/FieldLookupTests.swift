import Testing
@testable import HTCDS

@Suite struct FieldLookupTests {
    let standard = try! Standard.bundled()

    @Test(arguments: [
        // full names
        ("prs_Gender", "prs_Gender"),
        ("cas_ReasonForOutgoingReferral", "cas_ReasonForOutgoingReferral"),
        // labels
        ("Gender", "prs_Gender"),
        ("Mailing Zip/Postal Code", "prs_MailingPostalCode"),
        ("mailing zip postal code", "prs_MailingPostalCode"),
        ("Trafficking Status Decision Making Organization", "vic_TraffickingStatusDecisionMakingOrg"),
        // the official artefacts' variant spellings
        ("vic_TraffickinStatusDecisionMakingOrg", "vic_TraffickingStatusDecisionMakingOrg"),
        ("prs_First_Name", "prs_FirstName"),
        ("prs_Second_Name", "prs_SecondName"),
        ("vic_Methods_of_Control", "vic_MethodsOfControl"),
        // forgiving case and separators
        ("PRS_GENDER", "prs_Gender"),
        ("prs_first_name", "prs_FirstName"),
    ])
    func resolvesFields(text: String, expected: String) {
        #expect(standard.resolveField(text).match?.name == expected)
    }

    @Test func exactNameLookupTakesVariantsButNotLabels() {
        #expect(standard.field(named: "vic_TraffickinStatusDecisionMakingOrg")?.name
            == "vic_TraffickingStatusDecisionMakingOrg")
        #expect(standard.field(named: "prs_First_Name")?.name == "prs_FirstName")
        #expect(standard.field(named: "Gender") == nil)
        #expect(standard.field(named: "prs_gender") == nil)
    }

    @Test func aliasesComeFromTheArtefacts() {
        let aliased = standard.fields.filter { !$0.aliases.isEmpty }
        #expect(Dictionary(uniqueKeysWithValues: aliased.map { ($0.name, $0.aliases) }) == [
            "prs_FirstName": ["prs_First_Name"],
            "prs_SecondName": ["prs_Second_Name"],
            "vic_TraffickingStatusDecisionMakingOrg": ["vic_TraffickinStatusDecisionMakingOrg"],
            "vic_MethodsOfControl": ["vic_Methods_of_Control"],
        ])
    }

    /// The XLSForm labels prs_Title "Second Name"; the standard's label wins.
    @Test func secondNameIsTheSecondNameField() {
        #expect(standard.resolveField("Second Name").match?.name == "prs_SecondName")
    }

    @Test func aLabelSharedByEntitiesIsAmbiguous() throws {
        guard case .ambiguous(let fields) = standard.resolveField("Longitude") else {
            Issue.record("expected an ambiguous answer")
            return
        }
        #expect(fields.map(\.name) == ["org_ShippingLongitude", "prs_MailingLongitude", "hte_Longitude"])
        #expect(standard.fields(labelled: "Type").map(\.name) == ["org_Type", "hte_Type", "spl_Type"])
    }

    @Test func anEntityNarrowsALabel() {
        #expect(standard.resolveField("Longitude", in: .historicTraffickingEvent).match?.name == "hte_Longitude")
        #expect(standard.resolveField("Type", in: .supportPlan).match?.name == "spl_Type")
        #expect(standard.resolveField("prs_Gender", in: .victim).match == nil)
    }

    @Test(arguments: [
        ("prs_Gendr", ["prs_Gender"]),
        ("vic_MethodOfControl", ["vic_MethodsOfControl"]),
        ("Birth day", ["prs_Birthdate"]),
        ("Exploitation", ["vic_TypeOfExploitation"]),
    ])
    func suggestsTheNearestNames(text: String, expected: [String]) {
        guard case .notFound(let suggestions) = standard.resolveField(text) else {
            Issue.record("expected no match for \(text)")
            return
        }
        #expect(Array(suggestions.prefix(expected.count)) == expected)
    }

    @Test func aHopelessNameHasNoSuggestions() {
        #expect(standard.resolveField("zzzzzzzz") == .notFound(suggestions: []))
        #expect(standard.resolveField("") == .notFound(suggestions: []))
    }

    /// No two fields share a forgiving name, so forgiving lookups never guess.
    @Test func forgivingNamesAreUnique() {
        var owners: [String: Set<String>] = [:]
        for field in standard.fields {
            for spelling in [field.name] + field.aliases {
                owners[LookupKey(spelling).text, default: []].insert(field.name)
            }
        }
        #expect(owners.values.allSatisfy { $0.count == 1 })
        #expect(Set(owners.values.flatMap { $0 }).count == 83)
    }
}
