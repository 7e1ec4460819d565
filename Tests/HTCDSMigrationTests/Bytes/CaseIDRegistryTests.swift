import Testing
@testable import HTCDSMigration

@Suite struct CaseIDRegistryTests {
    @Test func findsEveryRepeatAndNothingElse() {
        let registry = CaseIDRegistry()
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

    /// The ids' hash is FNV-1a over their UTF-8 bytes: the published test
    /// values, short and long (a heap string) and outside ASCII.
    @Test func hashesIDsWithFNV1a() {
        #expect(CaseIDRegistry.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(CaseIDRegistry.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(CaseIDRegistry.fnv1a("foobar") == 0x8594_4171_f739_67e8)
        let long = "SP-2024-0001-" + String(repeating: "é", count: 20)
        var expected: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in long.utf8 { expected = (expected ^ UInt64(byte)) &* 0x100_0000_01b3 }
        #expect(CaseIDRegistry.fnv1a(long) == expected)
    }

    /// Warming the slots a batch will look up is a hint: with it, every
    /// batch finds the same repeats as without, empty tables and a zero
    /// hash included.
    @Test func warmingChangesNoAnswer() {
        let warmed = CaseIDRegistry(), plain = CaseIDRegistry()
        for batch in 0..<40 {
            let ids = (0..<256).map { "C-\((batch * 256 + $0 * 7) % 6_000)" }
            var hashes = ids.map(CaseIDRegistry.hash)
            hashes[0] = 0
            hashes.withUnsafeBufferPointer { warmed.warm($0) }
            for hash in hashes { #expect(warmed.isDuplicate(hash: hash) == plain.isDuplicate(hash: hash)) }
        }
        #expect(warmed.bytes == plain.bytes)
    }

    @Test func growsBySevenBytesAnIdAtMostAQuarterAgainOverLoad() {
        let registry = CaseIDRegistry()
        for number in 0..<100_000 { _ = registry.isDuplicate("C\(number)") }
        // Tables are at most 7/8 full and at least 70% after growing by a
        // quarter, 7 bytes a slot, each filling whole pages (so at most a
        // page more a table).
        #expect(registry.bytes <= 100_000 * 10 + 256 * 4096)
        #expect(registry.bytes % 4096 == 0)
        #expect(registry.bytes >= 100_000 * 8)
    }

    /// A table keeps 56 bits of each hash, its top byte choosing the table:
    /// the answers must be a set of whole 64-bit hashes' answers. Hashes
    /// that share their low 56 bits (only the table tells them apart),
    /// their low 32 bits (the same first slot), all but the highest bit a
    /// table keeps, or whose low 56 bits are 0
    /// are mixed in with random ones, each asked about several times.
    @Test func keepsEveryBitOfEachHash() {
        var generator = SplitMix(seed: 0x5EED)
        var hashes: [UInt64] = []
        for _ in 0..<30_000 {
            let random = generator.next()
            hashes.append(random)
            hashes.append(random ^ (UInt64(generator.next() % 255 + 1) << 56))   // another table, the same 56 bits
            hashes.append(random ^ (generator.next() & 0x00FF_FFFF_0000_0000) | (1 << 32))  // the same first slot
            hashes.append(random ^ (1 << 55))   // the same table, the highest bit it keeps
        }
        for top in [UInt64(0), 1, 7, 255] { hashes.append(top << 56) }
        hashes.append(1)
        hashes.append(0x0100_0000_0000_0001)
        let asked = hashes + hashes.shuffled(using: &generator).prefix(20_000)
        let registry = CaseIDRegistry()
        var seen = Set<UInt64>()
        var disagreements = 0
        for hash in asked {
            // A hash whose low 56 bits are 0 is kept as if they were 1.
            let kept = hash & 0x00FF_FFFF_FFFF_FFFF == 0 ? hash | 1 : hash
            if registry.isDuplicate(hash: hash) != !seen.insert(kept).inserted { disagreements += 1 }
        }
        #expect(disagreements == 0)
        #expect(seen.count > 110_000)
    }
}
