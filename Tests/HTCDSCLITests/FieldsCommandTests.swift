import Foundation
import HTCDS
import Testing
@testable import HTCDSCLI

@Suite struct FieldListingTests {
    let standard = try! Standard.bundled()
    var listing: FieldListing { FieldListing(standard: standard) }

    @Test func groupsCoreFieldsByEntity() throws {
        let selection = try FieldSelection.resolve(names: [], entity: nil, coreOnly: true, in: standard)
        #expect(selection.fields.count == 40)
        let text = listing.table(selection.fields)
        let headings = text.split(separator: "\n").filter { $0.hasSuffix("_)") && !$0.hasPrefix(" ") }
        #expect(headings == [
            "Person (prs_)", "Person - victim context (vic_)", "Case (with referral details) (cas_)",
            "Consent (con_)",
        ])
        #expect(text.hasPrefix("HTCDS 2.0: 40 fields (40 core)\n"))
        #expect(text.contains("\n  prs_Gender "))
        #expect(!text.contains("org_Name"))
        #expect(text.hasSuffix("Human Trafficking Case Data Standard (HTCDS) by IOM, licensed under CC BY 4.0\n"))
    }

    @Test func filtersByEntity() throws {
        for spelling in ["prs", "prs_", "Person", "PRS"] {
            let selection = try FieldSelection.resolve(names: [], entity: spelling, coreOnly: false, in: standard)
            #expect(selection.fields.count == 25)
            #expect(selection.fields.allSatisfy { $0.entity == .person })
        }
    }

    @Test func showsOneFieldWithEveryValue() throws {
        let selection = try FieldSelection.resolve(
            names: ["vic_MethodsOfControl"], entity: nil, coreOnly: false, in: standard)
        let text = listing.details(selection.fields)
        #expect(text.hasPrefix("vic_MethodsOfControl: Methods of Control\n"))
        #expect(text.contains("  values (16):\n"))
        #expect(text.contains("\n    DebtBondage               Debt bondage\n"))
        #expect(text.contains("also spelt: vic_Methods_of_Control\n"))
        #expect(text.contains(
            "defined without a value: Threats, RestrictsMovement, UsesChildren (map such legacy flags to a value or to Other)"))
        #expect(!text.contains("Indicates whether"))
    }

    @Test func showsDefinitionsWhenAsked() throws {
        let selection = try FieldSelection.resolve(
            names: ["vic_TraffickingStatus"], entity: nil, coreOnly: false, in: standard)
        let text = FieldListing(standard: standard, showsDefinitions: true).details(selection.fields)
        #expect(text.contains("description: Trafficking status indicates whether a person"))
        #expect(text.contains("""
                PossibleVictimOfTrafficking  Possible victim of trafficking
                  Someone who might be a victim of trafficking but who has not yet been verified.
            """))
    }

    @Test func showsACodeListFieldsValuesAsACodeList() throws {
        let selection = try FieldSelection.resolve(
            names: ["prs_Citizenship"], entity: nil, coreOnly: false, in: standard)
        let text = listing.details(selection.fields)
        #expect(text.contains("type:   Multiselect Picklist (ISO 3166-1)"))
        #expect(text.contains("values: ISO 3166-1 alpha-2 codes (249 countries"))
        #expect(!text.contains("Use ISO"))
    }

    @Test func encodesEveryFieldAsJSON() throws {
        let json = try listing.json(standard.fields)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let fields = try #require(document["fields"] as? [[String: Any]])
        #expect(fields.count == 83)
        #expect(document["version"] as? String == "2.0")
        let gender = try #require(fields.first { $0["name"] as? String == "prs_Gender" })
        #expect((gender["values"] as? [[String: String]])?.count == 6)
        #expect(gender["core"] as? Bool == true)
        let owner = try #require(fields.first { $0["name"] as? String == "cas_CaseOwner" })
        #expect(owner["type"] as? String == "Lookup")
        #expect(owner["lookupTarget"] as? String == "user")
    }

    @Test(arguments: [
        ("prs_Gendr", "unknown field 'prs_Gendr'; did you mean 'prs_Gender'? (htcds fields lists them all)"),
        ("Longitude", "'Longitude' names several fields: org_ShippingLongitude, prs_MailingLongitude, hte_Longitude; give the full name"),
    ])
    func refusesUnknownAndAmbiguousNames(name: String, message: String) {
        #expect(throws: CommandFailure.badInput(message)) {
            try FieldSelection.resolve(names: [name], entity: nil, coreOnly: false, in: standard)
        }
    }

    @Test func refusesAnUnknownEntity() {
        #expect(throws: CommandFailure.badInput(
            "unknown entity 'victims'; the entities are org, prs, vic, per, cas, cco, hte, spl, con")) {
            try FieldSelection.resolve(names: [], entity: "victims", coreOnly: false, in: standard)
        }
    }
}

/// The built command, as users run it: output streams and exit codes.
@Suite struct FieldsCommandProcessTests {
    @Test func showsGendersSixValues() throws {
        let result = try ToolRunner.run("fields", "prs_Gender")
        #expect(result.status == 0)
        for value in ["Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine",
                      "NonConforming", "NonSpecifiedUnknown"] {
            #expect(result.standardOutput.contains("\n    \(value) "))
        }
    }

    @Test func printsParseableJSONWithAllFields() throws {
        let result = try ToolRunner.run("fields", "--format", "json")
        #expect(result.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect((document?["fields"] as? [Any])?.count == 83)
    }

    @Test func anUnknownNameExitsWithTwo() throws {
        let result = try ToolRunner.run("fields", "vic_MethodOfControl")
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("did you mean 'vic_MethodsOfControl'?"))
    }

    @Test func aSyntaxErrorKeepsTheParsersCode() throws {
        let result = try ToolRunner.run("fields", "--format", "yaml")
        #expect(result.status == 64)
    }
}
