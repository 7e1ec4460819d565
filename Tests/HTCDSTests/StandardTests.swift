import Testing
@testable import HTCDS

/// The bundled standard holds what the published field list holds.
@Suite struct StandardTests {
    let standard = try! Standard.bundled()

    @Test func holdsEightyThreeFieldsInTheStandardsOrder() {
        #expect(standard.fields.count == 83)
        #expect(standard.version == "2.0")
        #expect(standard.fields.first?.name == "org_Name")
        #expect(standard.fields.last?.name == "con_Consent")
        #expect(Set(standard.fields.map(\.name)).count == 83)
    }

    @Test(arguments: [
        (Entity.organisation, 10), (.person, 25), (.victim, 16), (.perpetrator, 2), (.case, 13),
        (.caseComment, 1), (.historicTraffickingEvent, 10), (.supportPlan, 5), (.consent, 1),
    ])
    func countsFieldsByEntity(entity: Entity, count: Int) {
        #expect(standard.fields(in: entity).count == count)
        #expect(standard.fields(in: entity).allSatisfy { $0.name.hasPrefix(entity.prefix + "_") })
    }

    @Test(arguments: [
        (FieldType.text, 24), (.longText, 9), (.number, 4), (.date, 6), (.checkbox, 3),
        (.geolocation, 4), (.picklist, 15), (.multiselectPicklist, 9), (.picklistOrText, 2),
        (.lookup(.organisation), 4), (.lookup(.person), 2), (.lookup(.user), 1),
    ])
    func countsFieldsByType(type: FieldType, count: Int) {
        #expect(standard.fields.filter { $0.type == type }.count == count)
    }

    @Test func countsCoreAndDeprecatedFields() {
        #expect(standard.coreFields.count == 40)
        #expect(standard.fields.filter(\.isDeprecated).map(\.name)
            == ["vic_AgreementToManagePersonalData", "vic_Vulnerabilities", "vic_DetailsOfVulnerabilities"])
    }

    @Test func readsAFieldsFacts() throws {
        let field = try #require(standard.field(named: "prs_Gender"))
        #expect(field.entity == .person)
        #expect(field.shortName == "Gender")
        #expect(field.label == "Gender")
        #expect(field.type == .picklist)
        #expect(field.isCore)
        #expect(field.status == .draft)
        #expect(field.description.hasPrefix("Designates the individual's expression"))
        #expect(field.values.map(\.name) == [
            "Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine",
            "NonConforming", "NonSpecifiedUnknown",
        ])
        #expect(field.values.last?.label == "Not Specified/Unknown")
        #expect(field.codeList == nil)
    }

    @Test(arguments: [
        ("org_Type", 9), ("prs_Gender", 6), ("prs_MaritalStatus", 6), ("prs_HighestLevelOfEducation", 9),
        ("vic_TraffickingStatus", 3), ("vic_TraffickingStatusDecisionMakingOrg", 5),
        ("vic_RelationshipToTrafficker", 3), ("vic_RecruitmentWebsitesAndApps", 15),
        ("vic_MethodOfRecruitment", 10), ("vic_MethodsOfControl", 16), ("vic_TypeOfExploitation", 11),
        ("vic_ForcedLabourIndustry", 21), ("vic_TypeOfSexExploitation", 4),
        ("vic_ExploitationWebsitesAndApps", 15), ("vic_Vulnerabilities", 12), ("per_RoleInProcess", 15),
        ("cas_Status", 4), ("cas_ReasonForIncomingReferral", 3), ("cas_ReasonForOutgoingReferral", 3),
        ("hte_Type", 3), ("spl_Type", 9),
    ])
    func countsPicklistValues(field name: String, count: Int) throws {
        let field = try #require(standard.field(named: name))
        #expect(field.values.count == count)
        #expect(field.values.allSatisfy { !$0.name.isEmpty && !$0.label.isEmpty })
    }

    @Test func onlyPicklistFieldsCarryValues() {
        let withValues = standard.fields.filter(\.hasPicklist)
        #expect(withValues.count == 21)
        #expect(withValues.allSatisfy { [.picklist, .multiselectPicklist].contains($0.type) })
    }

    /// The four fields that carry "Use ISO ..." where their values should be are
    /// code-list fields, not picklists with that sentence as their only value.
    @Test(arguments: [
        ("prs_Citizenship", CodeList.country, FieldType.multiselectPicklist),
        ("prs_MailingCountry", .country, .text),
        ("prs_PrimaryLanguage", .language, .picklist),
        ("prs_SecondaryLanguage", .language, .picklist),
        ("org_ShippingCountry", .country, .picklistOrText),
        ("hte_Country", .country, .text),
    ])
    func modelsCodeListFields(field name: String, codeList: CodeList, type: FieldType) throws {
        let field = try #require(standard.field(named: name))
        #expect(field.codeList == codeList)
        #expect(field.type == type)
        #expect(field.values.isEmpty)
    }

    @Test func noPicklistValueCarriesTheISOSentence() {
        let sentences = standard.fields.flatMap(\.values).filter { $0.label.contains("ISO") }
        #expect(sentences.isEmpty)
    }

    @Test func keepsTheExcelTemplateRowsAsPublished() {
        let template = standard.excelTemplate
        #expect(template.names.count == 39)
        #expect(template.labels.count == 39)
        #expect(template.names[0] == "")
        #expect(template.names[19] == "vic_TraffickinStatusDecisionMakingOrg")
        #expect(template.names[35] == "")
        #expect(template.labels[35] == "Reason for Outgoing Referral")
        // The label row is shifted against the name row for the mailing address.
        #expect(template.names[13] == "prs_MailingCity")
        #expect(template.labels[13] == "Mailing Street")
        // Every named column is a field of the standard, by name or variant spelling.
        #expect(template.names.filter { !$0.isEmpty }.allSatisfy { standard.field(named: $0) != nil })
    }

    @Test func carriesTheAttribution() {
        #expect(standard.attribution == "Human Trafficking Case Data Standard (HTCDS) by IOM, licensed under CC BY 4.0")
    }
}

/// Value definitions come from the standard's definitions document.
@Suite struct DefinitionTests {
    let standard = try! Standard.bundled()

    @Test func methodsOfControlKeepTheirDefinitions() throws {
        let field = try #require(standard.field(named: "vic_MethodsOfControl"))
        let debt = try #require(field.values.first { $0.name == "DebtBondage" })
        #expect(debt.definition?.hasPrefix("Indicates whether the individual is forced to work to pay off") == true)
        // Spelt ThreatOfLawEnforcement and PsychoactiveSubstances in the definitions.
        #expect(field.values.first { $0.name == "ThreatsLawEnforcement" }?.definition != nil)
        #expect(field.values.first { $0.name == "PsychoactiveSubstance" }?.definition != nil)
        #expect(field.definitionsWithoutValue.map(\.name) == ["Threats", "RestrictsMovement", "UsesChildren"])
    }

    @Test func everyIndustryAndStatusIsDefined() throws {
        for name in ["vic_ForcedLabourIndustry", "vic_TraffickingStatus"] {
            let field = try #require(standard.field(named: name))
            #expect(field.values.allSatisfy { $0.definition?.isEmpty == false }, "\(name)")
            #expect(field.definitionsWithoutValue.isEmpty)
        }
    }
}

@Suite struct FieldPolicyTests {
    let standard = try! Standard.bundled()

    @Test func phoneFieldsCarryTheE164Pattern() {
        #expect(standard.fields.filter(\.isPhoneNumber).map(\.name) == ["org_Phone", "prs_HomePhone", "prs_MobilePhone"])
        #expect(standard.field(named: "prs_MobilePhone")?.pattern == #"^\+?[1-9]\d{1,14}$"#)
    }

    @Test func personalFieldsAreFieldsOfTheStandard() {
        #expect(Field.personalFieldNames.allSatisfy { standard.field(named: $0) != nil })
        #expect(standard.field(named: "prs_Birthdate")?.isPersonalData == true)
        #expect(standard.field(named: "prs_Gender")?.isPersonalData == false)
    }
}
