import Testing
@testable import HTCDS

@Suite struct LookupKeyTests {
    @Test(arguments: [
        ("Not Specified/Unknown", "notspecifiedunknown"),
        ("Feminine\u{00A0}", "feminine"),
        ("  Sexual   Exploitation ", "sexualexploitation"),
        ("Türkiye", "turkiye"),
        ("Côte d'Ivoire", "cotedivoire"),
        ("Bachelor’s", "bachelors"),
        ("4Sale", "4sale"),
        ("ＵＫ", "uk"),  // full-width letters
        ("罗马尼亚", "罗马尼亚"),
        ("Румыния", "румыния"),
        ("-/()", ""),
    ])
    func normalises(raw: String, key: String) {
        #expect(LookupKey(raw).text == key)
    }
}

@Suite struct SuggestionsTests {
    @Test(arguments: [
        ("kitten", "sitting", 3), ("abc", "acb", 1), ("", "abc", 3), ("same", "same", 0),
    ])
    func measuresEditDistance(a: String, b: String, distance: Int) {
        #expect(Suggestions.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars)) == distance)
    }

    @Test func ranksNearestFirstAndLimits() {
        let found = Suggestions.nearest(to: "Gendr", among: ["Gender", "Genre", "Tender", "Sender"], limit: 2)
        #expect(found == ["Gender", "Genre"])
        #expect(Suggestions.nearest(to: "xyz", among: ["Gender"]).isEmpty)
    }

    @Test func suggestsWhatAPairNames() {
        let found = Suggestions.nearest(to: "Birth date", among: [(spelling: "Birthdate", suggestion: "prs_Birthdate")])
        #expect(found == ["prs_Birthdate"])
    }
}

/// The ASCII fast path and the Unicode path agree.
@Suite struct LookupKeyFastPathTests {
    @Test(arguments: ["Not Specified/Unknown", "  Sexual   Exploitation ", "4Sale", "A_Agriculture", "-", "", "MiXeD 123"])
    func asciiKeysMatchTheUnicodePath(text: String) {
        // A trailing non-ASCII space forces the Unicode path for the same letters.
        #expect(LookupKey(text).text == LookupKey(text + "\u{00A0}").text)
    }
}
