import Foundation
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

/// Keys are built without a String per scalar; they are what the definition
/// says: the compatibility decomposition's letters and digits, each replaced
/// by its lower-case mapping. Checked on every name the standard bundles.
@Suite struct LookupKeyDefinitionTests {
    static func definition(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            default:
                continue
            }
        }
        return String(scalars)
    }

    @Test func everyBundledNameGetsTheKeyTheDefinitionGives() throws {
        let standard = try Standard.bundled()
        var names = standard.countries.countries.flatMap { country in
            [country.name] + [country.officialName, country.commonName].compactMap { $0 } + country.aliases
                + country.translations.values.joined()
        }
        names += standard.languages.languages.flatMap(\.names)
        names += ["İstanbul", "ǅemal", "ΣΟΦΙΑ", "Straße", "ﬁne"]  // special casings, ligatures
        #expect(names.count > 3000)
        for name in names {
            #expect(LookupKey(name).text == Self.definition(name), "\(name)")
        }
    }

    /// The keys the resource generator kept (Python's NFKD) are the tool's
    /// own, for every name that is not ASCII and no other.
    @Test(arguments: ["iso-3166-1-lookup-keys.tsv", "iso-639-2-lookup-keys.tsv"])
    func theKeysKeptAreTheToolsOwn(file: String) throws {
        let kept = try ResourceLoader.lookupKeys(file.hasPrefix("iso-3166") ? .countryLookupKeys : .languageLookupKeys)
        #expect(kept.count > 0 && (file.hasPrefix("iso-3166") ? EmbeddedResource.countryLookupKeys : .languageLookupKeys).name == file)
        #expect(!kept.isEmpty)
        for (name, key) in kept {
            let ascii = name.text.utf8.allSatisfy { $0 < 0x80 }
            #expect(!ascii, "\(name.text)")
            // Byte for byte: the index compares keys' bytes, not their canonical equivalence.
            #expect(Array(LookupKey(name.text).text.utf8) == Array(key.utf8), "\(name.text)")
        }
        let standard = try Standard.bundled()
        let nonASCII = file.hasPrefix("iso-3166")
            ? standard.countries.countries.flatMap { country in
                [country.name] + [country.officialName, country.commonName].compactMap { $0 } + country.aliases
                    + country.translations.values.joined()
            }
            : standard.languages.languages.flatMap(\.names)
        // The names' own bytes: a name spelt otherwise than its kept key's would have its key made at each start.
        let expected = Set(nonASCII.filter { !$0.utf8.allSatisfy { $0 < 0x80 } }.map(ByteKey.init))
        #expect(expected == Set(kept.keys))
    }

    /// Tab-separated resource lines: comments and empty lines skipped, empty
    /// columns kept, the last line read without its line break, bytes kept as written.
    @Test func splitsTabSeparatedLines() {
        let text = "# a comment\ncountry\tRO\t\tRomânia\n\nalias\t\n\tlead\nlast\tline"
        var lines: [[String]] = []
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            ResourceLoader.eachLine(of: bytes) { lines.append($0) }
        }
        #expect(lines == [["country", "RO", "", "România"],
                          ["alias", ""], ["", "lead"], ["last", "line"]])
        var none = 0
        [UInt8]().withUnsafeBufferPointer { ResourceLoader.eachLine(of: $0) { _ in none += 1 } }
        #expect(none == 0)
    }
}
