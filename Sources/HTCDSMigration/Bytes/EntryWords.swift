/// One word for each memo entry of each of a fixed number of tables (a
/// slot's, a picklist's), 0 for none: what a mapping thread keeps of a value
/// a `CellMemo` remembers, so that it is worked out once rather than once a
/// case (an encoded fragment's place, the picklist values it holds). Entries
/// number from 1 and stand for one value for the memo's life, so a kept word
/// is never stale.
///
/// Invariants: `tables` holds `count` tables for the value's life; a table's
/// `words` holds `capacity` initialised words (nil and 0 until the first is kept).
struct EntryWords: ~Copyable {
    private struct Table {
        var words: UnsafeMutablePointer<UInt64>?
        var capacity = 0
    }

    private let count: Int
    private let tables: UnsafeMutablePointer<Table>

    init(tables count: Int) {
        self.count = count
        tables = .allocate(capacity: max(1, count))
        tables.initialize(repeating: Table(), count: max(1, count))
    }

    deinit {
        for table in 0..<max(1, count) { tables[table].words?.deallocate() }
        tables.deallocate()
    }

    /// The word kept for a table's entry; 0 when none is.
    @inline(__always)
    func word(table: Int, entry: Int32) -> UInt64 {
        let kept = tables[table]
        guard Int(entry) < kept.capacity, let words = kept.words else { return 0 }
        return words[Int(entry)]
    }

    /// Keeps a table's entry's word.
    mutating func keep(_ word: UInt64, table: Int, entry: Int32) {
        let index = Int(entry)
        if index >= tables[table].capacity { grow(table, toHold: index) }
        tables[table].words![index] = word
    }

    private func grow(_ table: Int, toHold index: Int) {
        var capacity = max(16, tables[table].capacity)
        while capacity <= index { capacity *= 2 }
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        words.initialize(repeating: 0, count: capacity)
        if let old = tables[table].words {
            words.update(from: old, count: tables[table].capacity)
            old.deallocate()
        }
        tables[table] = Table(words: words, capacity: capacity)
    }
}
