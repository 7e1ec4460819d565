/// `check` and `test` for machines: their findings as JSON (`--format json`)
/// and the tests as JUnit XML (`--junit FILE`), which GitHub, GitLab and
/// Jenkins display.
public enum CheckRendering {
    /// `htcds check --format json`: each finding with its code, severity and place.
    public static func json(mapping: String, _ result: MappingCheck.Result) -> String {
        let finding = { (error: MappingError, severity: String) -> JSONDocument in
            .object([("code", .string(error.code.rawValue)), ("severity", .string(severity)),
                     ("message", .string(error.message)), ("location", .string(error.location.description)),
                     ("line", error.location.line.map(JSONDocument.integer) ?? .null),
                     ("column", error.location.column.map(JSONDocument.integer) ?? .null)])
        }
        return JSONDocument.object([
            ("mapping", .string(mapping)),
            ("input", result.inputPath.map(JSONDocument.string) ?? .null),
            ("errors", .integer(result.errors.count)),
            ("warnings", .integer(result.warnings.count)),
            ("findings", .array(result.errors.map { finding($0, "error") } + result.warnings.map { finding($0, "warning") })),
        ]).rendered()
    }

    /// One mapping's tests, as `test` reports them.
    public struct TestRun {
        public let mapping: String
        public let result: MappingTestRunner.Result

        public init(mapping: String, result: MappingTestRunner.Result) {
            self.mapping = mapping
            self.result = result
        }
    }

    /// `htcds test --format json`.
    public static func json(_ runs: [TestRun]) -> String {
        let failed = runs.reduce(0) { $0 + $1.result.failures.count }
        let total = runs.reduce(0) { $0 + $1.result.count }
        return JSONDocument.object([
            ("passed", .integer(total - failed)),
            ("failed", .integer(failed)),
            ("mappings", .array(runs.map { run in
                .object([
                    ("mapping", .string(run.mapping)),
                    ("tests", .integer(run.result.count)),
                    ("passed", .integer(run.result.count - run.result.failures.count)),
                    ("failed", .integer(run.result.failures.count)),
                    ("failures", .array(run.result.failures.map { failure in
                        .object([("test", .string(failure.test)), ("location", .string(failure.location.description)),
                                 ("differences", .array(failure.differences.map(JSONDocument.string)))])
                    })),
                ])
            })),
        ]).rendered()
    }

    /// `htcds test --junit FILE`: a test suite a mapping, a test case a test.
    public static func junit(_ runs: [TestRun]) -> String {
        var suites: [JUnitSuite] = []
        for run in runs {
            let cases = run.result.names.map { name in
                JUnitSuite.Case(name: name, failure: run.result.failures.first { $0.test == name }.map(\.description))
            }
            suites.append(JUnitSuite(name: run.mapping, cases: cases))
        }
        return JUnitSuite.document(suites)
    }
}

/// A JUnit XML test suite: the format CI systems read test results in.
public struct JUnitSuite {
    public struct Case {
        public let name: String
        /// What failed; nil when the case passed.
        public let failure: String?

        public init(name: String, failure: String?) {
            self.name = name
            self.failure = failure
        }
    }

    public let name: String
    public let cases: [Case]

    public init(name: String, cases: [Case]) {
        self.name = name
        self.cases = cases
    }

    public static func document(_ suites: [JUnitSuite]) -> String {
        let failures = suites.reduce(0) { $0 + $1.cases.filter { $0.failure != nil }.count }
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<testsuites name=\"htcds\" tests=\"\(tests)\" failures=\"\(failures)\">"]
        for suite in suites {
            lines.append("  <testsuite name=\"\(MarkupText.escaped(suite.name))\" tests=\"\(suite.cases.count)\" "
                         + "failures=\"\(suite.cases.filter { $0.failure != nil }.count)\">")
            for testCase in suite.cases {
                let opening = "    <testcase name=\"\(MarkupText.escaped(testCase.name))\" classname=\"\(MarkupText.escaped(suite.name))\""
                if let failure = testCase.failure {
                    let first = failure.split(separator: "\n").first.map(String.init) ?? failure
                    lines.append(opening + ">")
                    lines.append("      <failure message=\"\(MarkupText.escaped(first))\">\(MarkupText.escaped(failure))</failure>")
                    lines.append("    </testcase>")
                } else {
                    lines.append(opening + "/>")
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }
}
