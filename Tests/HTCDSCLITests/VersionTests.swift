import Foundation
import HTCDS
import HTCDSMigration
import Testing

/// One version, in one place (issue 21, item 5): `--version` prints it with
/// the standard's, and the standard's is the compiled-in standard's own.
@Suite struct VersionTests {
    @Test func versionPrintsTheToolsAndTheStandards() throws {
        let result = try ToolRunner.run("--version")
        #expect(result.status == 0)
        #expect(result.standardOutput == "htcds \(ToolVersion.version) (HTCDS \(ToolVersion.standard))\n")
        #expect(try Standard.bundled().version == ToolVersion.standard)
    }

    /// CHANGELOG.md's latest release is the tool's version.
    @Test func theChangelogsLatestReleaseIsTheVersion() throws {
        let changelog = try String(contentsOf: ToolRunner.repository.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let releases = changelog.split(separator: "\n").filter { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
        #expect(releases.first?.hasPrefix("## [\(ToolVersion.version)] - ") == true)
    }
}
