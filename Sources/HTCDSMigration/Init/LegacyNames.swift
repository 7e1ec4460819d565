/// Column names legacy registers really use, with the HTCDS field each one
/// means (or the case id). Compared by stems, so "Date of Birth", "date_birth"
/// and "DateOfBirth" are one entry.
enum LegacyNames {
    static let caseID = "case id"

    /// Names of case-id columns, the most telling first.
    static let caseIDNames = [
        "case no", "case number", "case id", "case ref", "case reference", "case code", "file no", "file number",
        "file ref", "record id", "numéro de dossier", "dossier", "expediente", "número de caso", "uuid", "reference",
        "ref", "id", "client id",
    ]

    private static let caseIDRanks: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (rank, name) in caseIDNames.enumerated() where ranks[key(name)] == nil { ranks[key(name)] = rank }
        return ranks
    }()

    /// How telling a column name is as a case id (lower is better), nil if it is not one.
    static func caseIDRank(_ name: String) -> Int? {
        caseIDRanks[key(name)]
    }

    /// Names are compared by their stems: "Date of Birth", "date_birth" and "DateOfBirth" are one key.
    private static func key(_ name: String) -> String {
        NameWords.stems(name).joined(separator: " ")
    }

    private static let written: [(names: [String], field: String)] = [
        (caseIDNames, caseID),
        (["first name", "given name", "forename", "name", "first", "prénom", "nombre", "vorname", "имя", "given"], "prs_FirstName"),
        (["surname", "last name", "family name", "second name", "last", "nom", "nom de famille", "apellido", "apellidos",
          "nachname", "фамилия", "family"], "prs_SecondName"),
        (["sex", "gender", "sexe", "sexo", "geschlecht", "пол"], "prs_Gender"),
        (["dob", "date of birth", "birth date", "birthdate", "born", "birthday", "date de naissance", "fecha de nacimiento",
          "geburtsdatum", "дата рождения"], "prs_Birthdate"),
        (["nationality", "citizenship", "citizen", "country of origin", "origin", "nat", "nationalité", "nacionalidad",
          "staatsangehörigkeit", "гражданство"], "prs_Citizenship"),
        (["language", "mother tongue", "first language", "main language", "langue", "idioma", "sprache", "lang"],
         "prs_PrimaryLanguage"),
        (["second language", "other language"], "prs_SecondaryLanguage"),
        (["phone", "mobile", "mobile phone", "telephone", "tel", "cell", "cell phone", "phone number", "contact number",
          "téléphone", "teléfono", "telefon", "телефон"], "prs_MobilePhone"),
        (["home phone", "landline"], "prs_HomePhone"),
        (["email", "e-mail", "email address", "mail", "courriel", "correo"], "prs_Email"),
        (["town", "city", "ville", "ciudad", "stadt", "город", "mailing city"], "prs_MailingCity"),
        (["address", "street", "street address", "adresse", "dirección", "mailing street"], "prs_MailingStreet"),
        (["postcode", "post code", "zip", "zip code", "postal code"], "prs_MailingPostalCode"),
        (["state", "province", "region", "county"], "prs_MailingState"),
        (["country of residence", "residence country", "mailing country"], "prs_MailingCountry"),
        (["marital", "marital status", "civil status", "état civil", "estado civil", "familienstand"], "prs_MaritalStatus"),
        (["children", "number of children", "no of children", "kids", "nb enfants"], "prs_NumberOfChildren"),
        (["victim status", "status of victim", "trafficking status", "victim", "identification status",
          "victim type"], "vic_TraffickingStatus"),
        (["identified by", "identifying organisation", "identification by", "decision by", "identified"],
         "vic_TraffickingStatusDecisionMakingOrg"),
        (["exploitation type", "type of exploitation", "form of exploitation", "exploitation", "exploitation form",
          "trafficking type", "type of trafficking"], "vic_TypeOfExploitation"),
        (["sector", "industry", "labour sector", "work sector", "sector of exploitation"], "vic_ForcedLabourIndustry"),
        (["recruited via", "recruitment", "recruitment method", "method of recruitment", "how recruited",
          "recruited by"], "vic_MethodOfRecruitment"),
        (["control", "means of control", "control methods", "methods of control"], "vic_MethodsOfControl"),
        (["sex exploitation type", "type of sexual exploitation"], "vic_TypeOfSexExploitation"),
        (["place of recruitment", "recruitment location", "recruited at"], "vic_LocationOfRecruitment"),
        (["place of exploitation", "exploitation location", "exploited at"], "vic_LocationOfExploitation"),
        (["consent", "consent given", "consented", "consent form", "agreed to share"], "con_Consent"),
        (["referred by", "referral source", "referring agency", "referring organisation", "referrer", "source of referral",
          "referral from", "agency"], "cas_ReferringOrganisation"),
        (["referred to", "referral to", "onward referral", "referred organisation"], "cas_ReferredOrganisation"),
        (["caseworker", "case worker", "case owner", "case manager", "assigned to", "social worker", "worker"],
         "cas_CaseOwner"),
        (["case status", "status", "file status", "state of case"], "cas_Status"),
        (["closure reason", "reason for closure", "reason closed", "closing reason"], "cas_ReasonForCaseClosure"),
        (["date referred", "referral date", "date of referral", "intake date", "date opened", "opened", "date received",
          "registration date", "date of registration", "referred on", "incoming referral date"], "cas_IncomingReferralDate"),
        (["referral reason", "reason for referral"], "cas_ReasonForIncomingReferral"),
        (["notes", "referral notes", "referral details", "comments", "remarks", "observations"],
         "cas_IncomingReferralDetails"),
        (["date closed", "closed on", "closing date"], "cas_OutgoingReferralDate"),
    ]

    /// Stems of a name -> field name (or `caseID`).
    static let table: [String: String] = {
        var table: [String: String] = [:]
        for entry in written {
            for name in entry.names where table[key(name)] == nil { table[key(name)] = entry.field }
        }
        return table
    }()

    static func field(for name: String) -> String? {
        table[key(name)]
    }

    /// Synonyms of picklist values legacy data uses that no label resembles.
    static let valueSynonyms: [String: [String: String]] = [
        "prs_Gender": [
            "f": "Feminine", "female": "Feminine", "woman": "Feminine", "girl": "Feminine", "w": "Feminine",
            "femme": "Feminine", "mujer": "Feminine", "weiblich": "Feminine",
            "m": "Masculine", "male": "Masculine", "man": "Masculine", "boy": "Masculine", "homme": "Masculine",
            "hombre": "Masculine", "männlich": "Masculine",
            "trans woman": "TransgenderFeminine", "transwoman": "TransgenderFeminine", "mtf": "TransgenderFeminine",
            "trans man": "TransgenderMasculine", "transman": "TransgenderMasculine", "ftm": "TransgenderMasculine",
            "non-binary": "NonConforming", "nonbinary": "NonConforming", "transgender/nonconforming": "NonConforming",
            "unknown": "NonSpecifiedUnknown", "not specified": "NonSpecifiedUnknown",
        ],
        "cas_Status": [
            "open": "Active", "opened": "Active", "ongoing": "Active", "in progress": "Active",
            "follow-up": "FollowUp", "follow up": "FollowUp", "monitoring": "FollowUp",
            "closed - referred": "ClosedReferred", "referred": "ClosedReferred",
        ],
        "vic_TraffickingStatus": [
            "confirmed": "ActualVictimOfTrafficking", "confirmed victim": "ActualVictimOfTrafficking",
            "identified victim": "ActualVictimOfTrafficking", "victim": "ActualVictimOfTrafficking",
            "presumed victim": "PossibleVictimOfTrafficking", "potential victim": "PossibleVictimOfTrafficking",
            "suspected victim": "PossibleVictimOfTrafficking", "presumed": "PossibleVictimOfTrafficking",
            "not a victim": "NotAVictimOfTrafficking", "non-victim": "NotAVictimOfTrafficking",
        ],
        "vic_TypeOfExploitation": [
            "forced labor": "ForcedLabour", "labour": "ForcedLabour", "labor": "ForcedLabour",
            "sexual": "SexualExploitation", "sex": "SexualExploitation", "prostitution": "SexualExploitation",
            "domestic servitude": "Servitude", "begging": "ForcedBegging", "marriage": "ForcedMarriage",
            "organ": "OrganRemoval", "organs": "OrganRemoval", "servitude": "Servitude",
        ],
        "vic_MethodOfRecruitment": [
            "facebook": "ThroughOnlineSocialNetworks", "instagram": "ThroughOnlineSocialNetworks",
            "tiktok": "ThroughOnlineSocialNetworks", "whatsapp": "ThroughOnlineSocialNetworks",
            "telegram": "ThroughOnlineSocialNetworks", "vk": "ThroughOnlineSocialNetworks",
            "viber": "ThroughOnlineSocialNetworks", "social media": "ThroughOnlineSocialNetworks",
        ],
        "prs_MaritalStatus": [
            "widow": "Widowed", "widower": "Widowed", "partner": "RegisteredPartnership",
        ],
    ]
}
