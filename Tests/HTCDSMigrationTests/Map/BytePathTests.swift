import Foundation
import Testing
@testable import HTCDSMigration

/// The ways a cell can be mapped agree: from a row's bytes (with or without
/// the cell memos) and from a String value, with the same values and the
/// same things reported.
@Suite struct BytePathTests {
    static let columns = ["Id", "Name", "Mail", "Phone", "Born", "Sex", "Kids", "Debt", "Threats", "Kind", "Notes"]

    static let mappingText = mapping(fields: """
          prs_FirstName: Name
          prs_Email: Mail
          prs_MobilePhone: Phone
          prs_Birthdate: { from: Born, date: [dd/MM/yyyy, yyyy-MM-dd] }
          prs_Gender: { from: Sex, map: { F: Feminine, M: Masculine } }
          prs_NumberOfChildren: Kids
          vic_MethodsOfControl: { flags: { Debt: DebtBondage, Threats: PhysicalThreats } }
          vic_TypeOfExploitation: { from: Kind, split: ",", otherwise: Other, keep_original_in: cas_IncomingReferralDetails }
          cas_IncomingReferralDetails: { template: "{Notes}" }
        """, extra: "phone_country_code: \"+44\"\n")

    /// Cells that take every turn: edges of whitespace (ASCII, tab, no-break
    /// space), empty tokens in any case, Excel's damage, non-ASCII text, bad
    /// e-mail addresses and dates, phone numbers in every form, flags spelt
    /// every way, quotes and backslashes that JSON must escape.
    static let cells: [[String]] = [
        ["Ana", "ana@example.org", "07700 900123", "03/02/1990", "F", "0", "yes", "no", "begging, criminality", "Met at the station"],
        [" Ana ", " ANA@EXAMPLE.ORG ", "+44 7700 900123", "1990-02-03", " f ", " 2 ", "Y", "N", "Begging", "  "],
        ["\u{00A0}Zoë\u{00A0}", "zoë@exämple.org", "0044\u{00A0}20 7946 0034", "31/02/1990", "Female", "two", "TRUE", "x", "forced labour,,", "\"quoted\" and \\ back"],
        ["N/A", "n/a", "N/A", "n/a", "N/A", "N/A", "", "", "N/A", "N/A"],
        ["\t-\t", "no email", "9.87826E+08", "1/3/90", "M", "-1", "yes", "maybe", "x, y, x", "line one\nline two"],
        ["1-Mar", "a@b", "call after 5", "", "", "3.5", "no", "no", "", "9.87E+08"],
        ["Mar-05", "a@@b.org", "+", "29/02/2000", "F", "1e3", "Yes", "YES", "begging", "tab\there"],
        ["", "", "", "", "", "", "", "", "", ""],
    ]

    func plan() throws -> MappingPlan {
        let document = try MappingDocument.parse(text: Self.mappingText, path: "m.yaml",
                                                 directory: URL(fileURLWithPath: "/"), standard: testStandard)
        return try MappingCompiler.compile(document, columns: Self.columns, standard: testStandard)
    }

    static func row(_ cells: [String]) -> RowCells {
        var bytes: [UInt8] = []
        var ends: [UInt32] = []
        for cell in cells {
            bytes += Array(cell.utf8)
            ends.append(UInt32(bytes.count))
        }
        return bytes.withUnsafeBufferPointer { bytes in ends.withUnsafeBufferPointer { RowCells.make(bytes: bytes, ends: $0) } }
    }

    /// A case's line and reasons, and what mapping it reported, as text to
    /// compare: mapped alone, or by a worker (its memos and its encoder's
    /// fragments kept from record to record).
    func mapped(_ plan: MappingPlan, _ record: SourceRecord, worker: MappingWorker? = nil) -> String {
        let delta = ReportDelta()
        let report = MigrationReport()
        var text: String
        if let worker {
            let result = worker.map(ReadCase(rows: [record], linked: []), report: delta)
            let lines = worker.takeLines()
            switch result.item {
            case .rejected(let reason):
                text = "rejected: \(reason)"
            case .mapped(let mapped, let values, _, _, _):
                let line = values.map { Self.encode(plan, mapped, $0) }
                    ?? lines.map { Array(RenderedLine(chunk: $0, range: result.lineRange!).bytes) } ?? []
                text = String(decoding: line, as: UTF8.self) + " | " + mapped.invalid.map { "\($0.code.rawValue) \($0.message)" }.joined(separator: "; ")
            }
        } else {
            let (outcome, values) = plan.apply(record, report: delta)
            switch outcome {
            case .rejected(let reason):
                text = "rejected: \(reason)"
            case .mapped(let mapped):
                text = String(decoding: Self.encode(plan, mapped, values), as: UTF8.self) + " | "
                    + mapped.invalid.map { "\($0.code.rawValue) \($0.message)" }.joined(separator: "; ")
            }
        }
        delta.replay(record: 0, into: report)
        report.read = 1
        return text + " | " + withoutRunDetails(ReportRendering(report, showValues: true).json())
    }

    /// A mapped case's line, encoded from its values by an encoder of its own.
    static func encode(_ plan: MappingPlan, _ mapped: MappedCase, _ values: [HTCDSValue?]) -> [UInt8] {
        var encoder = JSONLineEncoder(fields: plan.targetFields, related: RelatedGroups([]))
        var line = ByteArena()
        encoder.encode(caseID: mapped.caseID, values: values, related: [], location: mapped.location, to: &line)
        return Array(line.bytes(0, line.count))
    }

    static func encoder(_ plan: MappingPlan) -> JSONLineEncoder {
        JSONLineEncoder(fields: plan.targetFields, related: RelatedGroups([]))
    }

    @Test func bytesStringsAndMemosAgree() throws {
        let plan = try plan()
        // Workers that remember (encoding ahead and not), and one that does not.
        let workers = [MappingWorker(plan: plan, encoder: nil, remembers: true),
                       MappingWorker(plan: plan, encoder: Self.encoder(plan), remembers: true),
                       MappingWorker(plan: plan, encoder: Self.encoder(plan), remembers: false)]
        for round in 0..<3 {
            for (number, cells) in Self.cells.enumerated() {
                let all = ["C-\(number)"] + cells
                let location = SourceLocation(file: "in.csv", line: number + 2, record: number + 1)
                let asText = SourceRecord(location: location, values: all.map { .text($0) })
                let asBytes = SourceRecord(location: location, row: Self.row(all))
                let expected = mapped(plan, asText)
                #expect(mapped(plan, asBytes) == expected, "bytes, row \(number)")
                #expect(mapped(plan, asBytes, worker: workers[0]) == expected, "remembered, round \(round), row \(number)")
                #expect(mapped(plan, asText, worker: workers[0]) == expected, "values remembered, round \(round), row \(number)")
                #expect(mapped(plan, asBytes, worker: workers[2]) == expected, "not remembered, row \(number)")
                #expect(mapped(plan, asBytes, worker: workers[1]) == expected, "encoded ahead, round \(round), row \(number)")
            }
        }
    }

    /// Values a reader made that are not text (a repeated XML element, a
    /// missing one, an SQLite number) take the long way, remembered or not.
    @Test func valuesThatAreNotTextAgreeToo() throws {
        let plan = try plan()
        let worker = MappingWorker(plan: plan, encoder: Self.encoder(plan), remembers: true)
        let location = SourceLocation(file: "in.xml", line: 3)
        let odd: [[SourceValue]] = [
            [.text("C-1"), .list(["Ana", "Maria"]), .null, .integer(447700900123), .text("03/02/1990"), .list(["F", "M"]),
             .integer(2), .list(["yes", "no"]), .null, .list(["begging", "criminality"]), .real(1.5)],
            [.text("C-2"), .null, .null, .null, .null, .null, .null, .null, .null, .null, .null],
            // Its flags are no spelling of yes or no the memo could key by: read the long way.
            [.text("C-3"), .null, .null, .null, .null, .null, .null, .list(["yes"]), .null, .null, .null],
        ]
        for _ in 0..<3 {
            for values in odd {
                let record = SourceRecord(location: location, values: values)
                #expect(mapped(plan, record, worker: worker) == mapped(plan, record))
            }
        }
    }

    @Test func aMemoGivesUpOnCellsThatDoNotRepeatAndKeepsThoseThatDo() {
        var repeating = CellMemo()
        var distinct = CellMemo()
        for number in 0..<(CellMemo.trial * 2) {
            let same = Array("yes".utf8), unique = Array("note \(number)".utf8)
            same.withUnsafeBufferPointer { cell in
                let cell = ByteView(cell)
                if repeating.lookUp(cell) == nil {
                    _ = repeating.remember(cell, hash: CellMemo.hash(cell), outcome: FieldRule.Outcome(value: .boolean(true)), events: [])
                }
            }
            unique.withUnsafeBufferPointer { cell in
                let cell = ByteView(cell)
                if distinct.lookUp(cell) == nil {
                    _ = distinct.remember(cell, hash: CellMemo.hash(cell), outcome: FieldRule.Outcome(value: .text("x")), events: [])
                }
            }
        }
        let (repeatingOn, distinctOn) = (repeating.isOn, distinct.isOn)
        #expect(repeatingOn)
        #expect(!distinctOn)
        // What it remembered comes back whole, and only for the same bytes.
        let found = Array("yes".utf8).withUnsafeBufferPointer { cell in
            repeating.lookUp(ByteView(cell)).map { repeating.outcomes[$0.entry].value }
        }
        #expect(found == .boolean(true))
        let other = Array("Yes".utf8).withUnsafeBufferPointer { repeating.lookUp(ByteView($0)) == nil }
        #expect(other)
    }

    /// The memo compares keys by words that overlap and hashes a key's last
    /// bytes as one word: every length up to past the word paths, a
    /// difference at every position, finds only the same bytes.
    @Test func memoKeysOfEveryLengthDifferAtEveryByte() {
        for length in 0...40 {
            let key = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            var memo = CellMemo()
            key.withUnsafeBufferPointer { cell in
                let cell = ByteView(cell)
                _ = memo.remember(cell, hash: CellMemo.hash(cell), outcome: FieldRule.Outcome(value: .text("\(length)")), events: [])
            }
            let same = key.withUnsafeBufferPointer { cell in memo.lookUp(ByteView(cell)).map { memo.outcomes[$0.entry].value } }
            #expect(same == .text("\(length)"), "length \(length)")
            for position in 0..<length {
                var other = key
                other[position] = UInt8(ascii: "#")
                let differs = other.withUnsafeBufferPointer { cell in
                    CellMemo.sameBytes(key, cell.baseAddress!, count: length) == false && memo.lookUp(ByteView(cell)) == nil
                }
                #expect(differs, "length \(length), byte \(position)")
            }
            // A key one byte longer or shorter is another key.
            let longer = (key + [UInt8(ascii: "a")]).withUnsafeBufferPointer { memo.lookUp(ByteView($0)) == nil }
            #expect(longer, "length \(length) + 1")
        }
    }

    /// Flag cells' states remembered by spelling are the states decided
    /// afresh: more spellings than the cache has slots (so they replace one
    /// another), longer than it keeps, empty tokens, words, and neither.
    @Test func flagStatesRememberedAreTheStatesDecided() throws {
        let plan = try plan()
        let rule = try #require(plan.rules.first { $0.readsFlags })
        let spellings = ["yes", "Y", "no", "N", "", " ", "n/a", "N/A", "-", "unknown", "maybe", "yes!", "sí", "TRUE", "false",
                         "1", "0", "x", "yesyesyes", "no way", " y ", "\tNo"]
            + (0..<150).map { "w\($0)" } + (0..<20).map { ["Yes", "YES", "yEs", "nO"][$0 % 4] }
        var cache = FlagStateCache()
        for round in 0..<3 {
            for (number, debt) in spellings.enumerated() {
                let threats = spellings[(number * 7 + round) % spellings.count]
                let row = Self.row(["C", "", "", "", "", "", "", debt, threats, "", ""])
                var fresh = ByteArena(), remembered = ByteArena()
                var none = FlagStateCache()
                let (decided, recalled) = withExtendedLifetime(row) {
                    (rule.flagStates(row.view, into: &fresh, cache: &none), rule.flagStates(row.view, into: &remembered, cache: &cache))
                }
                #expect(decided == recalled, "\(debt) / \(threats), round \(round)")
                if decided {
                    #expect(Array(fresh.all) == Array(remembered.all), "\(debt) / \(threats), round \(round)")
                }
            }
        }
    }

    @Test func rowsKnowAbsentCellsFromEmptyOnes() {
        let bytes = Array("ab".utf8)
        let ends: [UInt32] = [1, 1 | RowCells.absent, 1, 2]
        let row = bytes.withUnsafeBufferPointer { bytes in ends.withUnsafeBufferPointer { RowCells.make(bytes: bytes, ends: $0) } }
        let record = SourceRecord(location: SourceLocation(file: "x"), row: row)
        #expect(record.values == [.text("a"), .null, .text(""), .text("b")])
        #expect((0..<4).map(record.isFilled) == [true, false, false, true])
        // The report's counts (made on the mapping threads) say the same, cell for cell.
        var counts = [0, 0, 0, 0, 0]
        counts.withUnsafeMutableBufferPointer { record.countFilled(into: $0) }
        let asValues = SourceRecord(location: record.location, values: record.values)
        counts.withUnsafeMutableBufferPointer { asValues.countFilled(into: $0) }
        #expect(counts == [2, 0, 0, 2, 0])
    }

    @Test func plainStacksGrowAndPopInOrder() {
        var stack = PlainBuffer<Int>(capacity: 2)
        for value in 0..<100 { stack.append(value) }
        #expect(stack.count == 100 && stack[0] == 0 && stack[99] == 99)
        #expect(Array(stack.all) == Array(0..<100))
        var popped: [Int] = []
        while let value = stack.popLast(), value >= 95 { popped.append(value) }
        #expect(popped == [99, 98, 97, 96, 95] && stack.count == 94)
        stack.removeAll()
        #expect(stack.isEmpty && stack.popLast() == nil)
    }

    /// The CSV parser drops what it has read from the front of its buffer:
    /// the rest moves over itself (overlapping ranges) and keeps its order.
    @Test func droppingTheFrontKeepsTheRest() {
        var buffer = PlainBuffer<Int>(capacity: 16)
        for value in 0..<100 { buffer.append(value) }
        buffer.removeFirst(30)
        #expect(Array(buffer.all) == Array(30..<100))
        buffer.removeFirst(0)
        #expect(buffer.count == 70 && buffer[0] == 30)
        buffer.append(100)
        #expect(buffer[70] == 100)
        buffer.removeFirst(1000)
        let empty = buffer.isEmpty
        #expect(empty)
    }

    /// The XML reader reads a file straight into its buffer, a block at a
    /// time and after what it kept: every byte once, in order, nothing past
    /// what was read.
    @Test func readingStraightIntoABufferKeepsEveryByte() throws {
        let bytes: [UInt8] = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-read-\(UUID().uuidString).bin")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try ByteSource(path: url.path)
        var buffer = ByteArena(capacity: 16)
        buffer.append([0xAA, 0xBB])
        var reads: [Int] = []
        while true {
            let got = try source.read(into: &buffer, count: 4096)
            if got == 0 { break }
            reads.append(got)
        }
        #expect(reads == [4096, 4096, 1808])
        #expect(Array(buffer.all) == [0xAA, 0xBB] + bytes)
        let wrote = buffer.append(upTo: 8) { space in
            space[0] = 1
            return 1
        }
        #expect(wrote == 1 && buffer.count == 10_003 && buffer[10_002] == 1)
    }

    /// Short copies without `memcpy`: every length around the word sizes, at
    /// every alignment, copies exactly its bytes and touches none beside them.
    @Test func smallCopiesCopyExactlyTheirBytes() {
        let source: [UInt8] = (0..<48).map { UInt8(1 + $0 * 7 % 251) }
        for count in 0...40 {
            for offset in 0..<9 {
                var destination = [UInt8](repeating: 0, count: 64)
                source.withUnsafeBytes { from in
                    destination.withUnsafeMutableBytes { to in
                        SmallCopy.copy(from: from.baseAddress! + offset % 3, to: to.baseAddress! + offset, byteCount: count)
                    }
                }
                let copied = Array(destination[offset..<offset + count])
                #expect(copied == Array(source[offset % 3..<offset % 3 + count]), "\(count) bytes at \(offset)")
                #expect(destination[..<offset].allSatisfy { $0 == 0 } && destination[(offset + count)...].allSatisfy { $0 == 0 })
            }
        }
    }

    @Test func byteArenasGrowAndKeepTheirBytes() {
        var arena = ByteArena(capacity: 16)
        var expected: [UInt8] = []
        for number in 0..<500 {
            let piece = Array("piece \(number);".utf8)
            piece.withUnsafeBufferPointer { arena.append($0) }
            expected += piece
        }
        #expect(Array(arena.all) == expected)
        arena.truncate(to: 6)
        #expect(Array(arena.all) == Array("piece ".utf8))
        arena.removeAll()
        #expect(arena.count == 0)
    }
}
