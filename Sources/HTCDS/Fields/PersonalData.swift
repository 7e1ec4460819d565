extension Field {
    /// Fields whose values identify or locate a person: names, contacts, birth
    /// date, identity number and address. Case data describes victims of
    /// trafficking, so reports and terminal output mask these values unless asked.
    public var isPersonalData: Bool { Field.personalFieldNames.contains(name) }

    /// Whether the standard gives this field the E.164 phone pattern.
    public var isPhoneNumber: Bool { pattern == Field.e164Pattern }

    static let e164Pattern = #"^\+?[1-9]\d{1,14}$"#

    static let personalFieldNames: Set<String> = [
        "prs_Salutation", "prs_FirstName", "prs_MiddleName", "prs_SecondName", "prs_Birthdate",
        "prs_IdentityNumber", "prs_Email", "prs_HomePhone", "prs_MobilePhone",
        "prs_MailingStreet", "prs_MailingCity", "prs_MailingState", "prs_MailingPostalCode",
        "prs_MailingLongitude", "prs_MailingLatitude",
    ]
}
