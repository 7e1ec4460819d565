import Foundation
import Testing
@testable import HTCDSMigration

/// Month names in the languages the country lists cover, with `locale:`, and
/// literal text in quotes (issue 19, item 5): each date as CLDR's own long
/// and medium formats write it in the language (babel formats them:
/// Scripts/make-month-name-fixture.py) reads back as the date meant.
@Suite struct MonthNameTests {
    @Test func cldrsOwnDatesReadBack() throws {
        let text = try String(contentsOfFile: Repository.path("Tests/HTCDSMigrationTests/Fixtures/month-dates.tsv"), encoding: .utf8)
        var checked: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let format = try DateFormat(cells[1], centuryPivot: nil, language: cells[0])
            #expect(format.parse(cells[2]) == CalendarDateParse(cells[3]), "\(cells[0]) \(cells[1]) \(cells[2])")
            checked[cells[0], default: 0] += 1
        }
        #expect(checked.keys.sorted() == ["ar", "de", "en", "es", "fr", "pt", "ru", "zh"])
        #expect(checked.values.allSatisfy { $0 == 24 })
    }

    @Test(arguments: [
        ("fr", "d MMMM yyyy", "12 mars 2019", "2019-03-12"),
        ("fr", "d MMM yyyy", "1 févr. 2020", "2020-02-01"),
        ("fr", "d MMM yyyy", "1 FÉVR 2020", "2020-02-01"),          // any case, without the dot
        ("es", "d 'de' MMMM 'de' yyyy", "3 de marzo de 2019", "2019-03-03"),
        ("ru", "d MMMM yyyy", "8 марта 2019", "2019-03-08"),         // genitive, as in a date
        ("ru", "d MMMM yyyy", "8 март 2019", "2019-03-08"),          // standing alone
        ("ru", "d MMM. yyyy", "1 февр. 2020", "2020-02-01"),         // the pattern's own dot
        ("de", "d. MMMM yyyy", "1. März 2020", "2020-03-01"),
        ("en", "d MMM yyyy", "3 Sept 2019", "2019-09-03"),
        ("en", "dd/MM/yyyy 'at' HH:mm", "03/09/2019 at 14:30", "2019-09-03"),
        ("en", "d MMM ''yy", "3 Sep '19", "2019-09-03"),
    ])
    func namesAndQuotedText(language: String, pattern: String, text: String, date: String) throws {
        let format = try DateFormat(pattern, centuryPivot: 1950, language: language)
        #expect(format.parse(text) == CalendarDateParse(date))
    }

    /// A name of another language, or a word that is no month, is no date: strict.
    @Test(arguments: [("en", "12 mars 2019"), ("fr", "12 March 2019"), ("es", "3 de marzo 2019"), ("fr", "12 marsx 2019")])
    func otherLanguagesAreNotRead(language: String, text: String) throws {
        let pattern = text.contains(" de ") ? "d 'de' MMMM 'de' yyyy" : "d MMMM yyyy"
        #expect(try DateFormat(pattern, centuryPivot: nil, language: language).parse(text) == nil)
    }

    @Test func aQuoteLeftOpenIsAMistake() {
        #expect(throws: DateFormat.FormatError.quoteNotClosed) { try DateFormat("d 'de MMMM yyyy", centuryPivot: nil) }
    }

    /// `locale:` on the mapping applies to every date entry; an entry's own wins.
    @Test func localeOnTheMappingAndTheEntry() throws {
        let run = MappingRun()
        let (report, output) = try run.run(mapping: mapping(fields: """
              prs_Birthdate: { from: Born, date: d MMMM yyyy }
              cas_IncomingReferralDate: { from: Referred, date: "d 'de' MMMM 'de' yyyy", locale: es }
            """, extra: "locale: fr"), input: "Id,Born,Referred\n1,12 mars 1990,3 de marzo de 2019\n2,12 March 1990,3 de marzo de 2019\n")
        let objects = MappingRun.objects(output)
        #expect(objects.map { $0["prs_Birthdate"] as? String } == ["1990-03-12", nil])
        #expect(objects.map { $0["cas_IncomingReferralDate"] as? String } == ["2019-03-03", "2019-03-03"])
        #expect(report.invalidValueCount == 1)
    }

    @Test func anUnknownLocaleIsAMappingError() throws {
        let run = MappingRun()
        let errors = #expect(throws: MappingErrors.self) {
            try run.run(mapping: mapping(fields: "  prs_Birthdate: { from: Born, date: d MMMM yyyy, locale: tlh }\n"), input: "Id,Born\n")
        }
        #expect(errors?.description.contains("no month names are known in 'tlh'; locale takes ar, de, en, es, fr, pt, ru, zh") == true)
    }
}
