import Foundation
import Testing
@testable import HTCDSMigration

@Suite struct CSVParsingTests {
    let tricky = "Id,Name,Notes\r\n1,\"Doe, Jane\",\"She said \"\"no\"\"\"\n2,Ann,\"line one\nline two\r\nline three\"\r3,\"\",last\n"

    @Test func readsRFC4180QuotingAndEveryLineEnding() throws {
        let (columns, records) = try readCSV(Array(tricky.utf8))
        #expect(columns == ["Id", "Name", "Notes"])
        #expect(records.map(texts) == [
            ["1", "Doe, Jane", "She said \"no\""],
            ["2", "Ann", "line one\nline two\r\nline three"],
            ["3", "", "last"],
        ])
        // Each record's line is the line of its first byte; line breaks inside quotes count.
        #expect(records.map(\.location.line) == [2, 3, 6])
        #expect(records.map(\.location.record) == [1, 2, 3])
    }

    /// Unquoted fields of every length from 0 to 19, so that each stop byte
    /// (delimiter, LF, CRLF, CR, a stray quote inside the field) falls at
    /// every place in a word the parser reads eight bytes at a time, and
    /// near the end of the input where it reads a byte at a time.
    @Test(arguments: [",", ";", "\t", "|"])
    func plainFieldsEndWhereverTheirStopFalls(delimiter: String) throws {
        let pool = ["a", "é", "Z", " ", "-", "7", "😀"]
        func field(_ length: Int, _ seed: Int) -> String {
            var text = ""
            while text.utf8.count < length { text += pool[(seed + text.utf8.count) % pool.count] }
            // A quote after a field's first byte is an ordinary byte.
            if length > 3 && seed % 3 == 0 { text.insert("\"", at: text.index(after: text.startIndex)) }
            return text
        }
        let endings = ["\n", "\r\n", "\r"]
        var text = ["A", "B", "C"].joined(separator: delimiter) + "\n"
        var expected: [[String?]] = []
        for first in 0..<20 {
            for second in 0..<12 {
                // (The third never empty: a row of empty cells is a blank line, skipped.)
                let row = [field(first, second), field(second, first), field((first + second) % 9 + 1, first * second)]
                expected.append(row)
                text += row.joined(separator: delimiter) + endings[(first + second) % 3]
            }
        }
        var dialect = CSVDialect()
        dialect.delimiter = .byte(Array(delimiter.utf8)[0])
        #expect(try readCSV(Array(text.utf8), dialect: dialect).records.map(texts) == expected)
        // The last record ends with the input, no line break after it.
        let last = "x" + delimiter + String(repeating: "y", count: 13) + delimiter + "zz"
        #expect(try readCSV(Array(("A" + delimiter + "B" + delimiter + "C\n" + last).utf8), dialect: dialect)
            .records.map(texts) == [["x", String(repeating: "y", count: 13), "zz"]])
    }

    /// A quoted field after plain ones starts at every place in the words
    /// the plain fields are read in, and plain fields follow it again.
    @Test func quotedFieldsAfterPlainOnesStartWhereverTheyFall() throws {
        var text = "A,B,C,D\n"
        var expected: [[String?]] = []
        for before in 0..<18 {
            for after in 1..<4 {
                let plain = String(repeating: "p", count: before)
                let quoted = "q,\"\"\n" + String(repeating: "r", count: after)
                expected.append([plain, "s", quoted.replacingOccurrences(of: "\"\"", with: "\""), String(after)])
                text += plain + ",s,\"" + quoted + "\"," + String(after) + (after == 2 ? "\r\n" : "\n")
            }
        }
        #expect(try readCSV(Array(text.utf8)).records.map(texts) == expected)
    }

    /// Quoted fields of every length from 0 to 19 with a doubled quote, an
    /// LF, a CRLF or a CR at every place, so that each falls at every place
    /// in a word the parser reads eight bytes at a time; the line numbers
    /// count the line breaks inside quotes.
    @Test func quotedFieldsEndWhereverTheirQuoteFalls() throws {
        let inner = ["\"\"", "\n", "\r\n", "\r", "é"]
        var text = "A,B\n"
        var expected: [[String?]] = []
        var lines: [Int] = []
        var line = 2
        for length in 0..<20 {
            for (kind, insert) in inner.enumerated() {
                for at in stride(from: 0, through: length, by: 3) {
                    var content = String(repeating: "x", count: length)
                    content.insert(contentsOf: insert, at: content.index(content.startIndex, offsetBy: at))
                    expected.append([insert == "\"\"" ? content.replacingOccurrences(of: "\"\"", with: "\"") : content, "\(kind)"])
                    lines.append(line)
                    text += "\"" + content + "\"," + "\(kind)\n"
                    line += insert == "\"\"" || insert == "é" ? 1 : 2
                }
            }
        }
        let records = try readCSV(Array(text.utf8)).records
        #expect(records.map(texts) == expected)
        #expect(records.map(\.location.line) == lines)
    }

    /// Every chunk size from one byte up splits records, quoted fields, CRLF
    /// pairs and multi-byte characters at every possible place.
    @Test(arguments: Array(1...12) + [64])
    func chunkEdgesNeverChangeTheRecords(chunkSize: Int) throws {
        let text = tricky + "4,Nguyễn Thị,\"😀 \"\"quoted\"\", and ü\"\r\n"
        var dialect = CSVDialect()
        dialect.chunkSize = chunkSize
        var reference = CSVDialect()
        reference.chunkSize = 1 << 20
        let (_, split) = try readCSV(Array(text.utf8), dialect: dialect)
        let (_, whole) = try readCSV(Array(text.utf8), dialect: reference)
        #expect(split.map(texts) == whole.map(texts))
        #expect(split.map(\.location.line) == whole.map(\.location.line))
        #expect(split.last.map(texts) == ["4", "Nguyễn Thị", "😀 \"quoted\", and ü"])
    }

    @Test func aLastRecordWithoutLineBreakIsRead() throws {
        let (_, records) = try readCSV(Array("A,B\n1,2".utf8))
        #expect(records.map(texts) == [["1", "2"]])
    }

    @Test func anUnterminatedQuoteIsAnErrorAtItsLine() throws {
        let text = "Id,Notes\n1,fine\n2,\"never closed\n3,more\n"
        do {
            _ = try readCSV(Array(text.utf8))
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == 3)
            #expect(error.message == "a quoted field opened here is never closed before the end of the file")
        }
    }

    @Test func textAfterAClosingQuoteIsKept() throws {
        let (_, records) = try readCSV(Array("A,B\n\"ab\"c,x\"y\"\n\"a\"b\"c,\"\"\"\"\n".utf8))
        #expect(records.map(texts) == [["abc", "x\"y\""], ["ab\"c", "\""]])
    }

    /// Cells rewritten (doubled quotes, text after a closing quote) sit beside
    /// cells that are ranges of the row, in any order, across chunk edges.
    @Test(arguments: [1, 2, 3, 7, 64])
    func rewrittenCellsAmongPlainOnes(chunkSize: Int) throws {
        var dialect = CSVDialect()
        dialect.chunkSize = chunkSize
        let text = "A,B,C,D\n1,\"a\"\"b\",c,\"x\"y\n\"q\",\"\"\"\"\"\",,\"é, \"\"ü\"\"\"\n"
        let (_, records) = try readCSV(Array(text.utf8), dialect: dialect)
        #expect(records.map(texts) == [["1", "a\"b", "c", "xy"], ["q", "\"\"", "", "é, \"ü\""]])
        #expect(records.allSatisfy { $0.row != nil })
    }

    /// Rows far wider than the parser's first room for cells (64), with
    /// rewritten cells among them, and a narrow row after a wide one.
    @Test(arguments: [7, 1 << 16])
    func wideRowsKeepEveryCell(chunkSize: Int) throws {
        var dialect = CSVDialect()
        dialect.chunkSize = chunkSize
        let width = 300
        let header = (0..<width).map { "C\($0)" }
        let cells = (0..<width).map { $0 % 7 == 0 ? "\"q\"\"\($0)\"" : "v\($0)" }
        let expected = (0..<width).map { $0 % 7 == 0 ? "q\"\($0)" : "v\($0)" }
        let text = header.joined(separator: ",") + "\n" + cells.joined(separator: ",") + "\nx,y\n"
            + cells.joined(separator: ",") + "\n"
        let (columns, records) = try readCSV(Array(text.utf8), dialect: dialect)
        #expect(columns == header)
        #expect(records.count == 3)
        #expect(records[0].values.compactMap(\.text) == expected)
        #expect(records[1].raggedCellCount == 2)
        #expect(records[2].values.compactMap(\.text) == expected)
    }

    @Test func rowsAsWideAsTheHeaderKeepTheirCellsAsBytes() throws {
        let (_, records) = try readCSV(Array("A,B\n1,\"x, y\"\n2\n3,4,5\n".utf8))
        #expect(records.map { $0.row != nil } == [true, false, true])
        #expect(records.map(texts) == [["1", "x, y"], ["2", nil], ["3", "4"]])
        #expect(records[1].value(at: 1) == .null)
        #expect((0..<2).map { records[0].isFilled($0) } == [true, true])
    }

    @Test(arguments: [
        ("a;b;c\n1;2;3\n", ["a", "b", "c"]),
        ("a\tb\n1\t2\n", ["a", "b"]),
        ("a|b\n1|2\n", ["a", "b"]),
        ("a,b;c\n1,2;3\n4,5;6\n", ["a", "b;c"]),
        ("\"x;y\",z\n1,2\n", ["x;y", "z"]),
        ("single\nvalue\n", ["single"]),
    ])
    func sniffsTheDelimiter(text: String, columns: [String]) throws {
        #expect(try readCSV(Array(text.utf8)).columns == columns)
    }

    @Test func aGivenDelimiterWins() throws {
        var dialect = CSVDialect()
        dialect.delimiter = .byte(UInt8(ascii: ";"))
        #expect(try readCSV(Array("a,b;c\n".utf8), dialect: dialect).columns == ["a,b", "c"])
    }
}

@Suite struct CSVEncodingTests {
    let expected: [[String?]] = [["1", "Nguyễn Thị", "€ Ünal"]]

    @Test func utf8WithAndWithoutByteOrderMark() throws {
        let text = "Id,Name,Note\n1,Nguyễn Thị,€ Ünal\n"
        #expect(try readCSV(Array(text.utf8)).records.map(texts) == expected)
        let issues = IssueRecorder()
        let (columns, records) = try readCSV([0xEF, 0xBB, 0xBF] + Array(text.utf8), issues: issues)
        #expect(columns.first == "Id")
        #expect(records.map(texts) == expected)
        #expect(issues.issues.isEmpty)
    }

    @Test(arguments: [false, true])
    func utf16WithByteOrderMark(bigEndian: Bool) throws {
        let text = "Id,Name,Note\r\n1,Nguyễn Thị,€ Ünal\r\n"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        for chunkSize in [1, 2, 3, 5, 4096] {
            var dialect = CSVDialect()
            dialect.chunkSize = chunkSize
            let (columns, records) = try readCSV(bytes, dialect: dialect)
            #expect(columns == ["Id", "Name", "Note"], "chunk \(chunkSize)")
            #expect(records.map(texts) == expected, "chunk \(chunkSize)")
        }
    }

    /// A surrogate pair (😀) split across chunks at every byte.
    @Test func utf16SurrogatePairsAcrossChunks() throws {
        let text = "A\n😀x😀\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        for chunkSize in 1...7 {
            var dialect = CSVDialect()
            dialect.chunkSize = chunkSize
            #expect(try readCSV(bytes, dialect: dialect).records.map(texts) == [["😀x😀"]])
        }
    }

    /// Windows-1252 given, and chosen by `auto` when the bytes are not UTF-8;
    /// its five undefined bytes are decoded, not refused.
    @Test func windows1252ExplicitAndDetected() throws {
        let bytes: [UInt8] = Array("Name\n".utf8) + [0x80, 0x20, 0xDC, 0x6E, 0x61, 0x6C, 0x20, 0x93, 0x71, 0x94, 0x20, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x0A]
        let decoded = "€ Ünal “q” \u{81}\u{8D}\u{8F}\u{90}\u{9D}"
        var explicit = CSVDialect()
        explicit.encoding = .windows1252
        #expect(try readCSV(bytes, dialect: explicit).records.map(texts) == [[decoded]])

        let issues = IssueRecorder()
        #expect(try readCSV(bytes, dialect: CSVDialect(), issues: issues).records.map(texts) == [[decoded]])
        #expect(issues.codes() == [.encodingDetected])
        #expect(issues.issues.first?.message.contains("Windows-1252") == true)
    }

    /// A file validated in pieces on several threads is found UTF-8 exactly
    /// when it is whole: characters of two to four bytes straddling every
    /// place a piece can start, stray continuation bytes there, a sequence
    /// cut short at the end, a bad byte in any piece; and a byte-order mark.
    @Test func validatesInPiecesAsWhole() throws {
        let folder = TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        let characters: [[UInt8]] = [[0x41], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80]]
        let damage: [[UInt8]] = [[0x80], [0x80, 0x80, 0x80, 0x80], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xE2, 0x82]]
        var kinds = Set<Bool>()
        for trial in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...40, using: &generator) { bytes += characters.randomElement(using: &generator)! }
            if trial % 2 == 0 {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                bytes.insert(contentsOf: damage.randomElement(using: &generator)!, at: at)
            }
            let path = folder.write("piece-\(trial).csv", bytes: bytes)
            let whole = UTF8Validator.isValid(bytes.withUnsafeBufferPointer { $0 })
            kinds.insert(whole)
            for pieces in 2...5 {
                let found = try UTF8Stream.detect(ByteSource(path: path), size: bytes.count, pieces: pieces)
                #expect(found == (whole ? .utf8 : .windows1252), "\(bytes) in \(pieces) pieces")
            }
        }
        #expect(kinds == [true, false])
        let marked = folder.write("bom.csv", bytes: [0xFF, 0xFE, 0x41, 0x00])
        #expect(try UTF8Stream.detect(ByteSource(path: marked), size: 4, pieces: 2) == .utf16LE)
    }

    @Test func latin1() throws {
        var dialect = CSVDialect()
        dialect.encoding = .latin1
        #expect(try readCSV(Array("N\n".utf8) + [0xE9, 0x80, 0x0A], dialect: dialect).records.map(texts) == [["é\u{80}"]])
    }

    @Test func badUTF8WhenUTF8IsGivenIsReported() throws {
        var dialect = CSVDialect()
        dialect.encoding = .utf8
        let issues = IssueRecorder()
        let (_, records) = try readCSV(Array("N\n".utf8) + [0x41, 0xFF, 0x0A], dialect: dialect, issues: issues)
        #expect(records.map(texts) == [["A\u{FFFD}"]])
        #expect(issues.codes() == [.encodingDetected])
    }

    @Test func standardInputNeedsAnEncoding() throws {
        let source = try ByteSource(path: "-")
        #expect(throws: InputError.self) {
            _ = try CSVReader(source: source, dialect: CSVDialect(), issues: IssueRecorder())
        }
    }
}

@Suite struct CSVHeaderAndRowTests {
    @Test func blankAndRepeatedHeaderNamesAreMadeUniqueAndReported() throws {
        let issues = IssueRecorder()
        let (columns, _) = try readCSV(Array("Name,,Notes,Notes, Name \n".utf8), issues: issues)
        #expect(columns == ["Name", "Column 2", "Notes", "Notes (2)", "Name (2)"])
        #expect(issues.codes() == [.headerBlank, .headerDuplicate, .headerDuplicate])
        #expect(issues.issues.allSatisfy { $0.location?.line == 1 })
    }

    @Test func headerRowDataRowAndSkippedLines() throws {
        var dialect = CSVDialect()
        dialect.skipLinesMatching = "^#"
        dialect.headerRow = 2
        dialect.dataRow = 4
        let text = "# exported 2020-01-01\nignored,preamble\nId,Name\nNumber,Label\n1,Ann\n"
        let (columns, records) = try readCSV(Array(text.utf8), dialect: dialect)
        #expect(columns == ["Id", "Name"])
        #expect(records.map(texts) == [["1", "Ann"]])
        #expect(records.first?.location.line == 5)
    }

    @Test func aMissingHeaderRowIsAnError() throws {
        #expect(throws: InputError.self) { try readCSV([]) }
        var dialect = CSVDialect()
        dialect.headerRow = 3
        #expect(throws: InputError.self) { try readCSV(Array("a\nb\n".utf8), dialect: dialect) }
    }

    @Test func raggedRowsAreReportedAndMarked() throws {
        let issues = IssueRecorder()
        let (_, records) = try readCSV(Array("A,B,C\n1,2\n1,2,3,4\n1,2,3,,\n".utf8), issues: issues)
        #expect(records.map(texts) == [["1", "2", nil], ["1", "2", "3"], ["1", "2", "3"]])
        #expect(records.map(\.raggedCellCount) == [2, 4, nil])
        #expect(issues.codes() == [.raggedRow, .raggedRow])
        #expect(issues.issues.map { $0.location?.line } == [2, 3])
    }

    @Test func blankRowsAreSkippedAndCounted() throws {
        let issues = IssueRecorder()
        let (_, records) = try readCSV(Array("A,B\n\n1,2\n,\n \n3,4\n".utf8), issues: issues)
        #expect(records.map(texts) == [["1", "2"], ["3", "4"]])
        #expect(records.map(\.location.record) == [1, 2])
        #expect(issues.codes() == [.blankRows, .blankRows, .blankRows])
    }
}

@Suite struct SpreadsheetDialectTests {
    var dialect: CSVDialect {
        var dialect = CSVDialect()
        dialect.spreadsheet = true
        return dialect
    }

    @Test func sepLineChoosesTheDelimiter() throws {
        let (columns, records) = try readCSV(Array("sep=;\r\nA;B\r\n1,5;2\r\n".utf8), dialect: dialect)
        #expect(columns == ["A", "B"])
        #expect(records.map(texts) == [["1,5", "2"]])
        #expect(records.first?.location.line == 3)
    }

    @Test func errorCellsAreTyped() throws {
        let (_, records) = try readCSV(Array("A,B,C\n#N/A,#VALUE!,#REF!x\n".utf8), dialect: dialect)
        #expect(records.map(texts) == [["ERROR:#N/A", "ERROR:#VALUE!", "#REF!x"]])
        // The plain csv reader keeps them as text.
        #expect(try readCSV(Array("A\n#N/A\n".utf8)).records.map(texts) == [["#N/A"]])
    }

    @Test func trailingEmptyColumnsAndRowsAreDropped() throws {
        let issues = IssueRecorder()
        let (columns, records) = try readCSV(Array("A,B,,\n1,2,,\n,,,\n,,,\n".utf8), dialect: dialect, issues: issues)
        #expect(columns == ["A", "B"])
        #expect(records.map(texts) == [["1", "2"]])
        #expect(!issues.codes().contains(.raggedRow))
    }

    @Test func theTemplatesFieldNameRowAsHeaderWithItsLabelRowSkipped() throws {
        var dialect = self.dialect
        dialect.dataRow = 3
        let text = ",cas_CaseOwner,,cas_OutgoingReferralDate\n,Case Owner,Reason for Outgoing Referral,Outgoing Referral Date\n1,Ann,Other,2020-01-02\n"
        let (columns, records) = try readCSV(Array(text.utf8), dialect: dialect)
        #expect(columns == ["Column 1", "cas_CaseOwner", "Column 3", "cas_OutgoingReferralDate"])
        #expect(records.map(texts) == [["1", "Ann", "Other", "2020-01-02"]])
    }
}
