/// How many records filled each of a fixed number of places (a source's
/// columns, or a plan's target fields), counted in memory of its own.
///
/// Invariant: `counts` holds `count` initialised integers for the life of the
/// value (a non-copyable owner frees them once). Counting through a pointer,
/// not an array, keeps the per-cell step to an addition: an array's element
/// changed is a uniqueness check each time.
struct FillCounts: ~Copyable {
    let count: Int
    private let counts: UnsafeMutablePointer<Int>

    init(count: Int) {
        self.count = count
        counts = .allocate(capacity: max(1, count))
        counts.initialize(repeating: 0, count: max(1, count))
    }

    deinit { counts.deallocate() }

    subscript(_ index: Int) -> Int { counts[index] }

    /// One more record for each column `record` has something in.
    mutating func add(cellsOf record: SourceRecord) {
        record.countFilled(into: UnsafeMutableBufferPointer(start: counts, count: count))
    }

    /// One more record for each of `places` below `count`.
    mutating func add(_ places: SmallIntSet) {
        let counts = counts, count = count
        places.forEach { if $0 < count { counts[$0] += 1 } }
    }
}
