/// The tool's name and version, and the standard's: the one place a release
/// changes them (`htcds --version`, every report, the SQLite output's `run`
/// table, the release archive's name, CHANGELOG.md's latest entry).
public enum ToolVersion {
    public static let name = "htcds"
    public static let version = "0.2.0"
    /// The version of HTCDS the tool writes (a test checks the compiled-in standard says so).
    public static let standard = "2.0"

    /// `htcds 0.2.0 (HTCDS 2.0)`.
    public static var description: String { "\(name) \(version) (HTCDS \(standard))" }
}
