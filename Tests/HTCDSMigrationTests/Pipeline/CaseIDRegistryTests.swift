import Testing
@testable import HTCDSMigration

@Suite struct CaseIDRegistryTests {
    @Test func findsEveryRepeatAndNothingElse() {
        var registry = CaseIDRegistry()
        var firstTimeRepeats = 0
        for number in 0..<50_000 where registry.isDuplicate("SP-\(number)") { firstTimeRepeats += 1 }
        #expect(firstTimeRepeats == 0)
        var missed = 0
        for number in stride(from: 0, to: 50_000, by: 7) where !registry.isDuplicate("SP-\(number)") { missed += 1 }
        #expect(missed == 0)
        let fresh = registry.isDuplicate("SP-50000")
        #expect(!fresh)
        let blank = registry.isDuplicate("")
        let blankAgain = registry.isDuplicate("")
        #expect(!blank && blankAgain)
    }

    /// Warming the slots a batch will look up is a hint: with it, every
    /// batch finds the same repeats as without, empty tables and a zero
    /// hash included.
    @Test func warmingChangesNoAnswer() {
        var warmed = CaseIDRegistry(), plain = CaseIDRegistry()
        for batch in 0..<40 {
            let ids = (0..<256).map { "C-\((batch * 256 + $0 * 7) % 6_000)" }
            var hashes = ids.map(CaseIDRegistry.hash)
            hashes[0] = 0
            hashes.withUnsafeBufferPointer { warmed.warm($0) }
            for hash in hashes { #expect(warmed.isDuplicate(hash: hash) == plain.isDuplicate(hash: hash)) }
        }
        #expect(warmed.bytes == plain.bytes)
    }

    @Test func growsByEightBytesAnIdAtMostHalfAgainOverLoad() {
        var registry = CaseIDRegistry()
        for number in 0..<100_000 { _ = registry.isDuplicate("C\(number)") }
        // Tables are at most 75% full and at least 50% after growing by half
        // (doubling left them 37.5% full: 21 bytes an id where this is 16).
        #expect(registry.bytes <= 100_000 * 16 + 256 * 16 * 8)
        #expect(registry.bytes >= 100_000 * 8 * 4 / 3)
    }
}
