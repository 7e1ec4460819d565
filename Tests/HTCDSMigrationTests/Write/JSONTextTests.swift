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
