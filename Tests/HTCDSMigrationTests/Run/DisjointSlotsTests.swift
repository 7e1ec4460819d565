import Dispatch
import Testing
@testable import HTCDSMigration

/// Places filled by several threads at once, one thread a place, read after all are done.
@Suite struct DisjointSlotsTests {
    @Test func threadsFillTheirOwnPlacesAndTakingLeavesTheEmptyValue() {
        let count = 10_000
        let slots = DisjointSlots<String?>(count: count, repeating: nil)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in stride(from: thread, to: count, by: 8) { slots[index] = "case \(index)" }
        }
        #expect(slots.all.allSatisfy { $0 != nil })
        #expect(slots.take(42, leaving: nil) == "case 42")
        #expect(slots[42] == nil)
        #expect(slots[count - 1] == "case \(count - 1)")
    }
}
