import Foundation
import Testing
@testable import HTCDSMigration

@Suite struct MappingTestRunnerTests {
    let text = mapping(fields: """
          prs_Gender:
            from: Sex
            map: { F: Feminine }
          vic_TypeOfExploitation:
            from: Types
            split: ","
        """) + """

        tests:
          - name: right
            given: { Id: "1", Sex: F, Types: "forced begging, forced labour" }
            expect: { prs_Gender: Feminine, vic_TypeOfExploitation: [ForcedBegging, ForcedLabour] }
          - name: wrong
            given: { Sex: F }
            expect:
              prs_Gender: Masculine
              vic_TypeOfExploitation: ~
          - given: { Id: "", Sex: F }
            expect: { rejected: "is blank" }
          - given: { Id: "4", Sex: F }
            expect: { rejected: "anything" }
        """

    /// Objects are compared as values: their keys in any order; lists keep their order (issue 20, item 5).
    @Test func objectsCompareWhateverTheirKeysOrder() {
        typealias Value = MappingTestRunner.TestValue
        let organisation = Value.object([("org_Type", .text("NGO")), ("org_Name", .text("Helpline 116"))])
        #expect(organisation == .object([("org_Name", .text("Helpline 116")), ("org_Type", .text("NGO"))]))
        #expect(organisation != .object([("org_Name", .text("Helpline 116"))]))
        #expect(organisation != .object([("org_Name", .text("Helpline 116")), ("org_Type", .text("GOV"))]))
        #expect(Value.list([.text("a"), .text("b")]) != .list([.text("b"), .text("a")]))
    }

    @Test func reportsEachDifferenceAtItsLine() throws {
        let folder = TemporaryFolder()
        folder.write("input.csv", "Id,Sex,Types\n")
        let path = folder.write("mapping.yaml", text)
        let result = try MappingTestRunner.run(mappingPath: path, standard: testStandard)
        #expect(result.count == 4)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of fragment: String) -> Int { lines.firstIndex { $0.contains(fragment) }! + 1 }
        #expect(result.failures.map(\.test) == ["'wrong'", "4"])
        #expect(result.failures.first?.location.line == line(of: "- name: wrong"))
        #expect(result.failures.first?.differences == ["line \(line(of: "prs_Gender: Masculine")): prs_Gender: expected Masculine, got Feminine"])
        #expect(result.failures.last?.differences == ["line \(line(of: "anything")): expected the record rejected (anything), got it written"])
    }
}

@Suite struct MappingCheckTests {
    @Test func findsWhatConvertWouldRefuseAndWhatLooksWrong() throws {
        let folder = TemporaryFolder()
        folder.write("input.csv", "Id,Sex,Extra,Vulnerable\n1,F,x,y\n")
        let path = folder.write("mapping.yaml", mapping(fields: """
              prs_Gender:
                from: Sex
                map: { F: Feminine, f.: Feminine, M: Masculine }
                ignore_values: [m]
              vic_Vulnerabilities: Vulnerable
            """))
        let result = MappingCheck.run(mappingPath: path, inputPath: nil, standard: testStandard)
        #expect(result.errors.isEmpty)
        #expect(Set(result.warnings.map(\.message).filter { !$0.hasPrefix("core fields") }) == [
            "vic_Vulnerabilities is deprecated in HTCDS 2.0",
            "'f.' in the map of prs_Gender repeats the entry at line 11 and is never reached",
            "'m' is under ignore_values of prs_Gender, but map: at line 11 sends it to a value",
            "the input's column 'Extra' is used by no entry; map it or list it under ignore:",
        ])
        #expect(result.warnings.contains { $0.message.hasPrefix("core fields no entry fills (37)") })
    }

    /// Scalars YAML 1.1 tools read as booleans or numbers are warned at their
    /// line, unless quoted; `true` and `false` are warned only as keys (issue 20, item 7).
    @Test func scalarsYAML11ToolsReadDifferentlyAreWarned() throws {
        let folder = TemporaryFolder()
        folder.write("input.csv", "Id,Consent,Sex\n1,Y,F\n")
        let path = folder.write("mapping.yaml", mapping(fields: """
              con_Consent:
                from: Consent
                boolean: { true: [Y, "yes"], "false": ["N"] }
              prs_Gender: { from: Sex, map: { F: Feminine, "M": Masculine }, trim: true }
            """, extra: "tests:\n  - given: { Id: 007, Consent: \"Y\" }\n    expect: { con_Consent: true }\n"))
        let result = MappingCheck.run(mappingPath: path, inputPath: nil, standard: testStandard)
        let warned = result.warnings.filter { $0.code == .yamlReadDifferently }.map { "\($0.location.line ?? 0):\($0.location.column ?? 0) \($0.message)" }
        #expect(warned.map { String($0.prefix(while: { $0 != " " })) } == ["8:18", "14:16", "14:23"])   // 007, the key true, Y
        #expect(warned.count > 1 && warned[1].hasSuffix("'true' is text to htcds but a boolean (true) to YAML 1.1 tools (PyYAML, check-jsonschema, editors): write it in quotes, \"true\""))
        #expect(YAMLPortability.reading(of: "Off", isKey: false) == "a boolean (false)")
        #expect(YAMLPortability.reading(of: "089", isKey: false) == "a number (its leading zero dropped)")
        #expect(YAMLPortability.reading(of: "true", isKey: false) == nil)
        #expect(YAMLPortability.reading(of: "0", isKey: true) == nil)
        #expect(YAMLText.quoted("007") == "\"007\"" && YAMLText.quoted("17") == "17")
    }

    /// `not_collected:` takes fields out of the core-field warning and lists
    /// them as acknowledged in the report; a field it names must exist and not be mapped (issue 20, item 4).
    @Test func notCollectedAcknowledgesFieldsTheSourceNeverHad() throws {
        let run = MappingRun()
        let core = testStandard.coreFields.filter { !$0.isDeprecated }.map(\.name).filter { $0 != "prs_Gender" }
        let text = mapping(fields: "  prs_Gender: { from: Sex, map: { F: Feminine } }\n",
                           extra: "not_collected: [\(core.joined(separator: ", "))]")
        let (report, _) = try run.run(mapping: text, input: "Id,Sex\n1,F\n")
        #expect(report.notCollected == core)
        let rendering = ReportRendering(report, showValues: false)
        #expect(rendering.missingCoreFields.isEmpty)
        #expect(rendering.json().contains("\"acknowledged\""))
        let path = run.folder.write("m2.yaml", text)
        #expect(!MappingCheck.run(mappingPath: path, inputPath: nil, standard: testStandard).warnings.contains { $0.code == .coreFieldsUnfilled })
        let wrong = MappingCheck.run(mappingPath: run.folder.write("m3.yaml", mapping(fields: "  prs_Gender: Sex\n",
                                                                                     extra: "not_collected: [prs_Gender, prs_Salutaton]")),
                                     inputPath: nil, standard: testStandard)
        #expect(wrong.errors.map(\.message).contains("prs_Gender is under not_collected but mapped at line 9"))
        #expect(wrong.errors.contains { $0.message == "'prs_Salutaton' is not a field of HTCDS 2.0; did you mean 'prs_Salutation'?" })
    }

    @Test func reportsErrorsWithTheirLines() throws {
        let folder = TemporaryFolder()
        folder.write("input.csv", "Id,Sex\n")
        let path = folder.write("mapping.yaml", mapping(fields: "  prs_Gender: Sexe"))
        let result = MappingCheck.run(mappingPath: path, inputPath: nil, standard: testStandard)
        #expect(result.errors.map { "\($0.location.line ?? 0): \($0.message)" } == ["9: the input has no column 'Sexe'; did you mean 'Sex'?"])
    }
}
