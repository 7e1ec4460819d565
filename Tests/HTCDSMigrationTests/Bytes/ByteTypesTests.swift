import Foundation
import Testing
@testable import HTCDSMigration

/// The small byte-level types the mapping reads through, each against a
/// plain reimplementation of what it promises.
@Suite struct ByteTypesTests {
    @Test(arguments: ["", "a", "Zoë Ana", "  padded\t", String(repeating: "x", count: 300)])
    func aViewIsItsStringsBytes(_ text: String) {
        ByteView.with(text) { view in
            #expect(Array(view) == Array(text.utf8))
            #expect(view.string == text)
            #expect(view.count == text.utf8.count)
            if view.count >= 2 {
                #expect(Array(view.part(1..<view.count - 1)) == Array(text.utf8.dropFirst().dropLast()))
            }
            #expect(TextCleaning.trimmedASCII(view).map(\.string) == text.trimmingCharacters(in: .whitespaces))
        }
    }

    /// Cells counted filled from a row's bytes, from a reader's values, and
    /// cell by cell, agree; fields by slot too.
    @Test func recordCountsAgreeWithCountingOneByOne() {
        let counts = RecordCounts()
        defer { counts.free() }
        counts.prepare(columns: 4, slots: 130, picklistValues: 300)
        let rows: [[String]] = [["1", "", "x", "y"], ["2", "a", "", ""], ["", "", "", "z"]]
        var expected = [0, 0, 0, 0]
        for (number, cells) in rows.enumerated() {
            let location = SourceLocation(file: "in.csv", line: number + 2)
            let record = number % 2 == 0
                ? SourceRecord(location: location, row: BytePathTests.row(cells))
                : SourceRecord(location: location, values: cells.map { $0.isEmpty ? .null : .text($0) })
            counts.countRead(record)
            for (column, cell) in cells.enumerated() where !cell.isEmpty { expected[column] += 1 }
        }
        #expect(counts.read == 3)
        #expect((0..<4).map(counts.filledCells) == expected)
        var slots = SmallIntSet()
        for slot in [0, 63, 64, 127, 129] { slots.insert(slot) }
        var picks = SmallIntSet()
        for number in [1, 128, 191, 192, 255, 256, 299, 299] { picks.insert(number) }
        counts.countWritten(filling: slots, holding: picks)
        counts.countWritten(filling: SmallIntSet(filledIn: [nil, .text("a")]), holding: SmallIntSet())
        #expect(counts.written == 2)
        #expect([0, 1, 63, 64, 127, 129, 2].map(counts.filledSlots) == [1, 1, 1, 1, 1, 1, 0])
        #expect([0, 1, 127, 128, 191, 192, 255, 256, 299].map(counts.heldValues) == [0, 1, 0, 1, 1, 1, 1, 1, 1])
    }

    /// A small set holds each member once, in and beyond its inline words, and lists them in order.
    @Test func aSmallSetListsEachMemberOnce() {
        var set = SmallIntSet()
        #expect(set.isEmpty)
        let members = [300, 5, 255, 64, 0, 191, 128, 63, 192, 127, 300, 5, 1000]
        for member in members { set.insert(member) }
        var listed: [Int] = []
        set.forEach { listed.append($0) }
        #expect(listed == [0, 5, 63, 64, 127, 128, 191, 192, 255, 300, 1000])
        #expect(!set.isEmpty)
        // A word of bits from a base, within a word, across two, and past the inline words,
        // against inserting each member alone.
        for (bits, base) in [(UInt64(0b1011), 0), (1 << 63 | 0b11, 60), (UInt64.max, 129), (0b101, 250), (0b1, 190),
                             (1 << 63 | 0b1, 192), (0b110, 64)] {
            var together = SmallIntSet(), oneByOne = SmallIntSet()
            together.insert(bits: bits, from: base)
            for bit in 0..<64 where bits & 1 << UInt64(bit) != 0 { oneByOne.insert(base + bit) }
            var a: [Int] = [], b: [Int] = []
            together.forEach { a.append($0) }
            oneByOne.forEach { b.append($0) }
            #expect(a == b && a.count == bits.nonzeroBitCount, "\(bits) from \(base)")
            if base % 64 == 0 && base + 64 <= SmallIntSet.inlineCapacity {
                var inWord = SmallIntSet()
                inWord.insert(bits: bits, inWord: base / 64)
                var c: [Int] = []
                inWord.forEach { c.append($0) }
                #expect(c == b, "\(bits) in word \(base / 64)")
            }
        }
    }

    /// A scratch's values are handed over once: own values moved out,
    /// remembered ones by their entry, and the slots left empty.
    @Test func handingValuesOverEmptiesTheSlots() throws {
        let plan = try BytePathTests().plan()
        let scratch = MappingScratch(plan: plan)
        let record = SourceRecord(location: SourceLocation(file: "in.csv", line: 2), row: BytePathTests.row(
            ["C-1", "Ana", "ana@example.org", "", "03/02/1990", "F", "2", "yes", "no", "begging", "note"]))
        for round in 0..<2 {
            guard case .mapped = plan.apply(record, report: MigrationReport(), scratch: scratch) else {
                Issue.record("rejected")
                return
            }
            var handed: [Int: (Int32, HTCDSValue?)] = [:]
            scratch.values.handOver { slot, entry, value in handed[slot] = (entry, value) }
            #expect(!handed.isEmpty)
            // The second time, repeated cells come from the memos (an entry, no value).
            #expect(handed.values.contains { $0.0 > 0 } == (round == 1))
            var again = 0
            scratch.values.handOver { _, _, _ in again += 1 }
            #expect(again == 0)
            #expect(scratch.values.take().allSatisfy { $0 == nil })
        }
    }

    /// An arena against an array doing the same: appends across its growth,
    /// dropping from the front (overlapping moves), truncating, popping.
    @Test func anArenaKeepsWhatAnArrayKeeps() {
        var arena = ByteArena(capacity: 16)
        var expected: [UInt8] = []
        for round in 0..<200 {
            let chunk = (0..<(round % 37)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ round) }
            chunk.withUnsafeBufferPointer { arena.append($0) }
            expected += chunk
            arena.append(byte: UInt8(round % 251))
            expected.append(UInt8(round % 251))
            if round % 5 == 4 {
                let drop = min(expected.count, round % 23)
                arena.removeFirst(drop)
                expected.removeFirst(drop)
            }
            if round % 11 == 10 {
                arena.truncate(to: expected.count - 3)
                expected.removeLast(3)
            }
            #expect(Array(arena.view) == expected, "round \(round)")
        }
        let popped = arena.popLast()
        #expect(popped == expected.popLast())
        let count = arena.count
        #expect(count == expected.count)
        arena.removeAll()
        let empty = arena.isEmpty
        #expect(empty)
    }
}
