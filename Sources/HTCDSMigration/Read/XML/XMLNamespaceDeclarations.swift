/// The namespace declarations a start tag makes (`xmlns="…"`, `xmlns:p="…"`),
/// read from its bytes as written, for `XMLChunkScanner`, which must know
/// which namespace a prefixed record path names without parsing the
/// document. It checks nothing: a malformed tag is libxml2's to report when
/// it parses the piece.
struct XMLNamespaceDeclarations {
    /// Each declared prefix (empty for the default namespace) and its namespace name.
    private(set) var bindings: [(prefix: [UInt8], uri: [UInt8])] = []

    /// The namespace `prefix` is bound to by this tag, if it binds it.
    func uri(of prefix: some Collection<UInt8>) -> [UInt8]? {
        bindings.last { $0.prefix.elementsEqual(prefix) }?.uri
    }

    /// No declarations.
    init() {}

    /// The declarations of the start tag `tag` (from its `<` to its `>`); nil
    /// when a declared value holds a reference (`&…;`), whose meaning only a
    /// parser knows.
    init?(startTag tag: some Collection<UInt8>) {
        let bytes = Array(tag)
        let xmlns = Array("xmlns".utf8)
        // Past the name, then attribute by attribute: name, "=", quoted value.
        var index = 1
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != 0x3E, bytes[index] != 0x2F { index += 1 }
        while true {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != 0x3D, bytes[index] != 0x3E,
                  bytes[index] != 0x2F { index += 1 }
            let name = bytes[nameStart..<index]
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
            guard !name.isEmpty, index < bytes.count, bytes[index] == 0x3D else { return }  // the tag's end
            index += 1
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { return }
            let quote = bytes[index]
            let valueStart = index + 1
            guard let valueEnd = bytes[valueStart...].firstIndex(of: quote) else { return }
            index = valueEnd + 1
            guard name.starts(with: xmlns) else { continue }
            let rest = name.dropFirst(xmlns.count)
            guard rest.isEmpty || rest.first == 0x3A else { continue }  // "xmlnsx" is an attribute
            let value = bytes[valueStart..<valueEnd]
            if value.contains(0x26) { return nil }  // "&"
            bindings.append((Array(rest.dropFirst()), Array(value)))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
