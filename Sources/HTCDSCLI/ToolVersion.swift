import HTCDSMigration

enum ToolVersion {
    static let current = ToolInfo.version
}
