import Testing
@testable import HTCDSMigration

@Suite struct ValueShapeTests {
    @Test(arguments: [
        ("12", ValueKind.integer), ("-3", .integer), ("007", .code), ("3,5", .decimal), ("12.09.1978", .date),
        ("2021-03-05", .date), ("yes", .yesNo), ("Non", .yesNo), ("a.b@example.org", .email),
        ("+44 7700 900123", .phone), ("07700-900-123", .phone), ("RO", .code), ("SP-014", .code),
        ("Forced labour", .text), ("+987825707", .phone),
    ])
    func kinds(_ text: String, _ kind: ValueKind) {
        #expect(ValueShape.kind(of: text) == kind)
    }

    @Test func patternsKeepPunctuationAndNumbers() {
        #expect(ValueShape.pattern(of: "SP-014") == "AA-999")
        #expect(ValueShape.pattern(of: "12/09/1978") == "99/99/9999")
        #expect(ValueShape.pattern(of: "Helpline") == nil)
    }

    @Test func dayFirstWhenAFirstPartExceedsTwelve() {
        var guess = DateFormatGuess()
        for text in ["03/04/1990", "25/12/2001", "01/01/2000"] { guess.add(DateShape(text)!) }
        #expect(guess.proposal == .init(formats: ["dd/MM/yyyy"], ambiguous: false))
    }

    @Test func monthFirstWhenASecondPartExceedsTwelve() {
        var guess = DateFormatGuess()
        for text in ["3/4/1990", "12/25/2001"] { guess.add(DateShape(text)!) }
        #expect(guess.proposal == .init(formats: ["M/d/yyyy"], ambiguous: false))
    }

    @Test func ambiguousDatesProposeDayFirstAndSaySo() {
        var guess = DateFormatGuess()
        for text in ["03.04.90", "01.02.85"] { guess.add(DateShape(text)!) }
        #expect(guess.proposal == .init(formats: ["dd.MM.yy"], ambiguous: true))
    }

    @Test func mixedOrdersGetBothFormatsMostFrequentFirst() {
        var guess = DateFormatGuess()
        for text in ["25/12/2001", "03/04/1990", "2021-03-15"] { guess.add(DateShape(text)!) }
        #expect(guess.proposal == .init(formats: ["dd/MM/yyyy", "yyyy-MM-dd"], ambiguous: false))
    }

    @Test func isoDates() {
        var guess = DateFormatGuess()
        guess.add(DateShape("2021-03-15")!)
        #expect(guess.proposal == .init(formats: ["yyyy-MM-dd"], ambiguous: false))
        #expect(DateShape("12345") == nil)
        #expect(DateShape("1/2") == nil)
        #expect(DateShape("99-999-999") == nil)
    }
}

@Suite struct PersonalLookingTests {
    @Test(arguments: [
        "First Name", "Surname", "prs_FirstName", "DOB", "Date of birth", "Phone", "E-mail", "Passport No",
        "ID number", "Nom", "Prénom", "Teléfono", "Fecha de nacimiento", "Vorname", "Geburtsdatum", "Фамилия",
        "الاسم", "电话", "client name given", "given", "family", "Forename", "名", "apellidos",
    ])
    func personalNames(_ name: String) {
        #expect(PersonalLooking.columnName(name), "\(name)")
    }

    @Test(arguments: ["Sex", "Nationality", "Case No", "Referring organisation name", "Exploitation Type", "Town",
                      "Identified By", "Case ID"])
    func otherNames(_ name: String) {
        #expect(!PersonalLooking.columnName(name), "\(name)")
    }

    @Test func valuesThatLookLikeContacts() {
        #expect(PersonalLooking.value("ana@example.org"))
        #expect(PersonalLooking.value("+40 721 555 010"))
        #expect(!PersonalLooking.value("12.03.2021"))
        #expect(!PersonalLooking.value("SP-014"))
    }
}
