import Foundation
import Testing
@testable import HTCDSMigration

/// Every mapping error names its line and column, and stops the run before
/// anything is written.
@Suite struct MappingErrorTests {
    let input = "Id,Sex,DOB,Exploitation,Notes,Industry\n1,F,03/02/1990,begging,x,Agriculture\n"

    func errors(_ text: String) throws -> [String] {
        let run = MappingRun()
        do {
            _ = try run.run(mapping: text, input: input)
        } catch let errors as MappingErrors {
            #expect(!run.folder.exists("out.jsonl"))
            #expect(!run.folder.contents.contains { $0.hasPrefix(".out.jsonl") })
            let found = errors.errors.map { "\($0.location.line ?? 0):\($0.location.column ?? 0): \($0.message)" }
            return found
        }
        Issue.record("expected mapping errors")
        return []
    }

    @Test func yamlSyntax() throws {
        #expect(try errors("htcds: \"2.0\"\nsource: [a\n") == ["3:1: YAML syntax: did not find expected ',' or ']'"])
        #expect(try errors("htcds: \"2.0\"\nhtcds: \"2.0\"\n").first?.hasPrefix("1:1: the key 'htcds' is written twice") == true)
    }

    @Test func unknownKeysWithSuggestions() throws {
        let text = mapping(fields: "  prs_Gender:\n    form: Sex", source: "  encodng: utf-8")
        #expect(try errors(text) == [
            "5:3: unknown key 'encodng' in source (reader csv); did you mean 'encoding'?",
            "10:5: unknown key 'form' in the entry prs_Gender; did you mean 'from'?",
            "10:5: the entry prs_Gender needs one of from:, value:, template: or flags:",
        ])
    }

    @Test func unknownFieldsWithSuggestions() throws {
        #expect(try errors(mapping(fields: "  prs_Gendr: Sex\n  Gender: Sex")) == [
            "9:3: 'prs_Gendr' is not a field of HTCDS 2.0; did you mean 'prs_Gender'?",
            "10:3: 'Gender' is not a field of HTCDS 2.0; did you mean 'prs_Gender'?",
        ])
    }

    @Test func valueMapTargetsMustBeValuesOfThePicklist() throws {
        let text = mapping(fields: """
              vic_TypeOfExploitation:
                from: Exploitation
                map: { begging: ForcedBeging, theft: Theft }
            """)
        #expect(try errors(text) == [
            "11:21: 'ForcedBeging' is not a value of vic_TypeOfExploitation; did you mean 'ForcedBegging'?",
            "11:42: 'Theft' is not a value of vic_TypeOfExploitation (htcds fields vic_TypeOfExploitation lists them)",
        ])
    }

    @Test func columnsTheInputLacks() throws {
        let text = mapping(fields: "  prs_Gender: Sexe\n  prs_Birthdate:\n    from: DOB\n    date: [dd/MM/yyyy]",
                           source: "", extra: "")
        #expect(try errors(text) == ["9:15: the input has no column 'Sexe'; did you mean 'Sex'?"])
        #expect(try errors(mapping(fields: "  prs_Gender: Sex").replacingOccurrences(of: "case_id: Id", with: "case_id: Case"))
            == ["6:10: the input has no column 'Case'"])
    }

    @Test func transformsThatDoNotFitTheFieldType() throws {
        let text = mapping(fields: """
              prs_Birthdate:
                from: Sex
                split: ","
              prs_FirstName:
                from: Notes
                date: [dd/MM/yyyy]
              vic_ForcedLabourIndustry:
                from: Industry
                otherwise: Other
              con_Consent:
                from: Sex
                phone_country_code: "+44"
            """)
        #expect(try errors(text) == [
            "11:5: split: does not fit prs_Birthdate, which takes no list of values (Date)",
            "14:5: date: does not fit prs_FirstName, which is not a date (Text)",
            "17:16: otherwise: needs a picklist with an Other value; vic_ForcedLabourIndustry has none, so uncovered values are reported and left empty",
            "20:5: phone_country_code: does not fit con_Consent, which is not a phone number",
        ])
    }

    @Test func badDateFormatsAndConstants() throws {
        let text = mapping(fields: """
              prs_Birthdate:
                from: DOB
                date: [dd/MM/yy, dd/QQ/yyyy]
              prs_Gender:
                value: Female-ish
            """)
        #expect(try errors(text) == [
            "11:12: date format 'dd/MM/yy': two-digit years (yy) need century_pivot: on the entry, such as 1950",
            "11:22: date format 'dd/QQ/yyyy': 'Q' is not a date pattern letter (d dd M MM MMM MMMM yy yyyy H HH mm ss); "
                + "put literal text in quotes ('de')",
            "13:12: value: 'Female-ish' does not fit prs_Gender: not a value of prs_Gender",
        ])
    }

    @Test func fieldsMappedTwiceAndIgnoredColumnsInUse() throws {
        #expect(try errors(mapping(fields: "  prs_Gender: Sex\n  prs_Gender: Sex"))
            == ["9:3: the key 'prs_Gender' is written twice in one mapping"])
        // The XLSForm's spelling names the same field.
        #expect(try errors(mapping(fields: "  prs_FirstName: Notes\n  prs_First_Name: Notes"))
            == ["10:3: prs_FirstName is mapped twice (first at line 9)"])
        let ignored = mapping(fields: "  prs_Gender: Sex") + "\nignore: [Sex]\n"
        #expect(try errors(ignored) == ["10:10: 'Sex' is under ignore: but an entry uses it"])
    }

    @Test func aValueMapMustNotSayTwoThings() throws {
        let text = mapping(fields: """
              prs_Gender:
                from: Sex
                map: { F: Feminine, "f.": Masculine }
            """)
        #expect(try errors(text) == ["11:25: 'f.' maps to Masculine, but a value written alike at line 11 maps to Feminine"])
    }

    @Test func aMappingFileThatIsNotAMapping() throws {
        #expect(try errors("- htcds\n- source\n") == ["1:1: the mapping file must be a mapping (key: value lines), not a list"])
        #expect(try errors("# nothing\n") == ["1:1: the mapping file is empty"])
    }

    @Test func theVersionAndTheRequiredSections() throws {
        #expect(try errors("htcds: \"1.0\"\n") == [
            "1:1: the mapping file needs 'source:'",
            "1:1: the mapping file needs 'case_id:'",
            "1:1: the mapping file needs 'fields:'",
            "1:8: this tool converts to HTCDS 2.0, not '1.0'",
        ])
    }
}
