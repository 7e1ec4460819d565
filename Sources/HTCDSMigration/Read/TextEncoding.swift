/// The text encodings readers accept, by the names a mapping file uses.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"          // with a byte-order mark
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"
    /// Byte-order mark if any, else UTF-8 if every byte sequence is valid
    /// UTF-8, else Windows-1252; files only.
    case auto

    /// Accepts the usual other spellings ("UTF8", "cp1252", "iso-8859-1").
    public init?(name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8": self = .utf8
        case "utf16": self = .utf16
        case "utf16le": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "windows1252", "cp1252", "win1252": self = .windows1252
        case "latin1", "iso88591", "l1": self = .latin1
        case "auto": self = .auto
        default: return nil
        }
    }
}
