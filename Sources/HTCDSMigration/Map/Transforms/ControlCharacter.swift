/// C0 control characters other than tab, line feed and carriage return (NUL,
/// bell, escape ...): never text a person typed, and cut or refused by some
/// outputs (SQLite's C strings end at a NUL). A value holding one is invalid;
/// a case id holding one rejects its record. Nothing is cut.
enum ControlCharacter {
    /// The first such byte in `bytes` (UTF-8 never uses bytes below 0x20 inside a longer character).
    static func first(in bytes: ByteView) -> UInt8? {
        for index in bytes.indices {
            let byte = bytes[index]
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return byte }
        }
        return nil
    }

    /// The first such byte of a String, read from its contiguous UTF-8.
    static func first(in text: String) -> UInt8? {
        ByteView.with(text) { first(in: $0) }
    }

    static func problem(_ byte: UInt8) -> ValueProblem {
        ValueProblem(.controlCharacter(name: name(byte)))
    }

    /// "U+0000", written without Foundation.
    static func name(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
