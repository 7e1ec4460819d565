import Testing
@testable import HTCDS

@Suite struct CountryLookupTests {
    let countries = try! Standard.bundled().countries

    @Test func holdsISO3166() {
        #expect(countries.countries.count == 249)
        #expect(countries.country(alpha2: "RO")?.alpha3 == "ROU")
        #expect(countries.country(alpha2: "ro") == nil)
    }

    /// The bundled list's lines read back whole: each country's codes and
    /// English names (empty columns as none), its aliases and its translations
    /// in order, the short name's first.
    @Test func readsTheBundledCountryLines() throws {
        let britain = try #require(countries.country(alpha2: "GB"))
        #expect(britain.alpha3 == "GBR" && britain.numeric == "826" && britain.name == "United Kingdom")
        #expect(britain.officialName == "United Kingdom of Great Britain and Northern Ireland" && britain.commonName == nil)
        #expect(britain.aliases.prefix(3) == ["UK", "U.K.", "Great Britain"])
        #expect(britain.translations["de"] == ["Vereinigtes Königreich", "Vereinigtes Königreich Großbritannien und Nordirland"])
        #expect(britain.translations.count == 9)
        let bolivia = try #require(countries.country(alpha2: "BO"))
        #expect(bolivia.commonName == "Bolivia")
        #expect(countries.countries.last?.alpha2 == "ZW")
    }

    @Test(arguments: [
        // codes
        ("RO", "RO"), ("ro", "RO"), ("ROU", "RO"), ("vnm", "VN"), ("GB", "GB"),
        // English names: ISO short, official and common names
        ("Romania", "RO"), ("Viet Nam", "VN"), ("Moldova, Republic of", "MD"),
        ("Republic of Moldova", "MD"), ("Bolivia", "BO"), ("Côte d'Ivoire", "CI"), ("cote divoire", "CI"),
        ("Congo, The Democratic Republic of the", "CD"), ("Congo", "CG"), ("Niger", "NE"), ("Nigeria", "NG"),
        // translations: German, French, Portuguese, Spanish, Russian, Arabic, Chinese
        ("Rumänien", "RO"), ("Roumanie", "RO"), ("Vietname", "VN"), ("Vietnã", "VN"), ("Rumanía", "RO"),
        ("Румыния", "RO"), ("رومانيا", "RO"), ("罗马尼亚", "RO"), ("羅馬尼亞", "RO"), ("Allemagne", "DE"),
        ("Moldavie", "MD"), ("Brasil", "BR"),
        // curated aliases legacy data uses
        ("Vietnam", "VN"), ("Moldova", "MD"), ("Russia", "RU"), ("Ivory Coast", "CI"), ("Congo DR", "CD"),
        ("UK", "GB"), ("U.K.", "GB"), ("USA", "US"), ("Türkiye", "TR"), ("Turkey", "TR"), ("Turkiye", "TR"),
        // the XLSForm's labels
        ("Bolivia (Plurinational State of)", "BO"), ("Virgin Islands (British)", "VG"),
        // whitespace and case as typed
        ("  united   kingdom ", "GB"), ("VIET NAM", "VN"),
    ])
    func findsCountries(text: String, alpha2: String) {
        #expect(countries.lookup(text).match?.alpha2 == alpha2)
    }

    /// The index compares keys by their bytes; a name typed decomposed
    /// (as macOS file names and some exports write it) or precomposed has one key.
    @Test func findsANameWhateverItsUnicodeForm() {
        for (text, alpha2) in [("Tu\u{308}rkiye", "TR"), ("Ruma\u{308}nien", "RO"), ("Co\u{302}te d'Ivoire", "CI"),
                               ("Vietna\u{303}", "VN"), ("ＲＯＭＡＮＩＡ", "RO")] {
            #expect(countries.lookup(text).match?.alpha2 == alpha2, "\(text)")
        }
        #expect(ByteKey("e\u{301}") != ByteKey("\u{E9}") && "e\u{301}" == "\u{E9}")
        #expect(ByteKey("Rumänien") == ByteKey(String(decoding: Array("Rumänien".utf8), as: UTF8.self)))
        #expect(Set([ByteKey("a"), ByteKey("b"), ByteKey("a")]).count == 2)
    }

    /// iso-codes' Arabic file gives Moldova's common name the Maldives' name;
    /// the generator moves it to the Maldives.
    @Test func aWrongTranslationIsCorrected() {
        #expect(countries.lookup("المالديف").match?.alpha2 == "MV")
        #expect(countries.lookup("جزر المالديف").match?.alpha2 == "MV")
        #expect(countries.lookup("جمهورية مولدوفا").match?.alpha2 == "MD")
    }

    /// A clash within one tier is reported, never settled by whichever came first.
    @Test func aClashWithinATierIsAmbiguous() {
        var index = LookupIndex<String>()
        index.add("Georgia", "GE", tier: 1)
        index.add("Georgia", "US-GA", tier: 1)
        index.add("Georgia", "XX", tier: 2)
        #expect(index.find("georgia") == .ambiguous(["GE", "US-GA"]))
        index.add("Georgia", "GE", tier: 0)
        #expect(index.find("georgia") == .found("GE"))
    }

    @Test func aMissIsAValueWithSuggestions() {
        guard case .notFound(let suggestions) = countries.lookup("Romnia") else {
            Issue.record("expected no match")
            return
        }
        #expect(suggestions.first == "Romania")
        #expect(countries.lookup("Atlantis").match == nil)
        #expect(countries.lookup("").match == nil)
        #expect(countries.lookup("¿?").match == nil)
    }

    @Test func everyCountryIsFoundByItsCodesAndName() {
        for country in countries.countries {
            #expect(countries.lookup(country.alpha2).match == country)
            #expect(countries.lookup(country.alpha3).match == country)
            #expect(countries.lookup(country.name).match == country, "\(country.name)")
        }
    }

    /// Every English name, alias and translated short name finds its own
    /// country: none is lost to a clash.
    @Test func everyNameFindsItsCountry() {
        for country in countries.countries {
            let english = [country.officialName, country.commonName].compactMap { $0 } + country.aliases
            let translated = country.translations.values.compactMap(\.first)
            for name in english + translated {
                #expect(countries.lookup(name).match == country, "\(name) for \(country.alpha2)")
            }
        }
    }
}

@Suite struct LanguageLookupTests {
    let languages = try! Standard.bundled().languages

    @Test(arguments: [
        ("fr", "fra"), ("fra", "fra"), ("fre", "fra"), ("French", "fra"), ("FRENCH", "fra"),
        ("en", "eng"), ("English", "eng"), ("ro", "ron"), ("rum", "ron"), ("Romanian", "ron"),
        ("Moldavian", "ron"), ("es", "spa"), ("Spanish", "spa"), ("Castilian", "spa"),
        ("zh", "zho"), ("chi", "zho"), ("Chinese", "zho"), ("ar", "ara"), ("Arabic", "ara"),
        ("Tigrinya", "tir"), ("Bangla", "ben"), ("Bengali", "ben"),
    ])
    func findsLanguages(text: String, alpha3: String) {
        #expect(languages.lookup(text).match?.alpha3 == alpha3)
    }

    @Test func holdsISO6392WithoutTheReservedRange() {
        #expect(languages.languages.count == 486)
        #expect(languages.language(alpha3: "qaa-qtz") == nil)
        #expect(languages.language(alpha3: "fra")?.bibliographic == "fre")
        #expect(languages.language(alpha3: "fra")?.alpha2 == "fr")
    }

    /// The bundled list's lines read back whole: codes (empty columns as none) and every name in order.
    @Test func readsTheBundledLanguageLines() throws {
        let spanish = try #require(languages.language(alpha3: "spa"))
        #expect(spanish.bibliographic == nil && spanish.alpha2 == "es" && spanish.names == ["Spanish", "Castilian"])
        let achinese = try #require(languages.language(alpha3: "ace"))
        #expect(achinese.bibliographic == nil && achinese.alpha2 == nil && achinese.names == ["Achinese"])
        #expect(languages.languages.first?.alpha3 == "aar" && languages.languages.last?.alpha3 == "zza")
        #expect(languages.languages.allSatisfy { !$0.names.isEmpty && !$0.names.contains("") })
    }

    @Test func aMissIsAValueWithSuggestions() {
        guard case .notFound(let suggestions) = languages.lookup("Frnch") else {
            Issue.record("expected no match")
            return
        }
        #expect(suggestions.first == "French")
        #expect(languages.lookup("Klingonese").match == nil)
    }
}
