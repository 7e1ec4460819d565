import Foundation
import Testing
@testable import HTCDSMigration

@Suite struct JSONTextTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("a\"b\\c", #""a\"b\\c""#),
        ("line\nbreak\r\ttab", #""line\nbreak\r\ttab""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("Nguyễn 😀 /", "\"Nguyễn 😀 /\""),
        ("", #""""#),
    ])
    func escapesOnlyWhatJSONNeeds(text: String, json: String) throws {
        var output: [UInt8] = []
        JSONText.appendString(text, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == json)
        // A mapping thread's line buffer gets the same bytes (after what it holds).
        var arena = ByteArena(capacity: 16)
        arena.append(Array("x".utf8))
        JSONText.appendString(text, to: &arena)
        #expect(Array(arena.all) == Array("x".utf8) + output)
        // And it reads back as the same text.
        let parsed = try JSONSerialization.jsonObject(with: Data(output), options: .fragmentsAllowed) as? String
        #expect(parsed == text)
    }

    /// A character JSON escapes at every place in strings of up to 24 bytes,
    /// so that it falls at every place in a word the escaper reads eight
    /// bytes at a time and in the bytes after the last word: the same bytes
    /// as escaping byte by byte.
    @Test func escapesWhereverTheCharacterFalls() throws {
        func byteByByte(_ text: String) -> [UInt8] {
            var bytes: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: bytes += [0x5C, 0x22]
                case 0x5C: bytes += [0x5C, 0x5C]
                case 0x0A: bytes += Array("\\n".utf8)
                case 0x0D: bytes += Array("\\r".utf8)
                case 0x09: bytes += Array("\\t".utf8)
                case 0..<0x20: bytes += Array(String(format: "\\u%04x", byte).utf8)
                default: bytes.append(byte)
                }
            }
            return bytes + [0x22]
        }
        for length in 0...24 {
            for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", " "] {
                for at in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: at))
                    var output: [UInt8] = []
                    JSONText.appendString(text, to: &output)
                    #expect(output == byteByByte(text), "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func writesEveryValueKind() {
        var output: [UInt8] = []
        let values: [HTCDSValue] = [
            .number("-3.5"), .boolean(true), .date(CalendarDate(year: 990, month: 2, day: 3)!),
            .list(["A", "B"]), .reference([.init(key: "org_Name", text: "City \"Police\"")]),
        ]
        for value in values {
            JSONText.appendValue(value, to: &output)
            output.append(UInt8(ascii: " "))
        }
        #expect(String(decoding: output, as: UTF8.self)
            == #"-3.5 true "0990-02-03" ["A","B"] {"org_Name":"City \"Police\""} "#)
        // Into a line buffer that must grow as it goes: the same bytes.
        var arena = ByteArena(capacity: 16)
        for value in values {
            JSONText.appendValue(value, to: &arena)
            arena.append(byte: UInt8(ascii: " "))
        }
        #expect(Array(arena.all) == output)
    }
}
