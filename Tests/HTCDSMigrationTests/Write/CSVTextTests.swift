import Testing
@testable import HTCDSMigration

/// CSV fields as RFC 4180 and spreadsheets read them: quoted when they hold a
/// comma, a quote or a line break, or begin or end with a space (which a
/// spreadsheet would trim), quotes doubled; everything else as it is.
@Suite struct CSVTextTests {
    func field(_ text: String) -> String {
        var bytes: [UInt8] = []
        CSVText.appendField(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(field("") == "")
        #expect(field("Ioana Rusu") == "Ioana Rusu")
        #expect(field("Ağrı — 東京") == "Ağrı — 東京")
        #expect(field("Dover, Kent") == "\"Dover, Kent\"")
        #expect(field("the \"agency\"") == "\"the \"\"agency\"\"\"")
        #expect(field("line\nbreak") == "\"line\nbreak\"")
        #expect(field("cr\rhere") == "\"cr\rhere\"")
        #expect(field(" leading") == "\" leading\"")
        #expect(field("trailing ") == "\"trailing \"")
        // A space with a combining mark on it is still a space byte first.
        #expect(field(" \u{301}accent") == "\" \u{301}accent\"")
        #expect(field("tab\tinside") == "tab\tinside")
    }

    @Test func rowsEndWithCRLF() {
        var bytes: [UInt8] = []
        CSVText.appendRow(["caseId", "a,b", ""], to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "caseId,\"a,b\",\r\n")
    }
}
