/// What a report counts for every record: records read, written and
/// rejected, how many fill each source column and each target field, and
/// how many written cases hold each picklist value.
/// Changed on every record by the thread that settles cases, so they live
/// in memory of their own: a class's property changed is checked at run time
/// for overlapping access, which cost more than the counting.
///
/// Invariant: made by one owner (a `MigrationReport`), which calls `free()`
/// once, in its `deinit`; used by one thread at a time (the run's).
struct RecordCounts {
    private struct Storage: ~Copyable {
        var read = 0
        var written = 0
        var rejected = 0
        var filledCells = FillCounts(count: 0)
        var filledSlots = FillCounts(count: 0)
        var heldValues = FillCounts(count: 0)
    }

    private let storage: UnsafeMutablePointer<Storage> = .owning(Storage())

    var read: Int {
        get { storage.pointee.read }
        nonmutating set { storage.pointee.read = newValue }
    }

    var written: Int {
        get { storage.pointee.written }
        nonmutating set { storage.pointee.written = newValue }
    }

    var rejected: Int {
        get { storage.pointee.rejected }
        nonmutating set { storage.pointee.rejected = newValue }
    }

    /// Starts counting filled columns, fields and picklist values afresh.
    func prepare(columns: Int, slots: Int, picklistValues: Int) {
        storage.pointee.filledCells = FillCounts(count: columns)
        storage.pointee.filledSlots = FillCounts(count: slots)
        storage.pointee.heldValues = FillCounts(count: picklistValues)
    }

    /// A record read, and the columns it fills.
    func countRead(_ record: SourceRecord) {
        storage.pointee.read += 1
        storage.pointee.filledCells.add(cellsOf: record)
    }

    /// A case written, the fields it fills and the picklist values it holds (`PicklistNumbering`).
    func countWritten(filling slots: SmallIntSet, holding picks: SmallIntSet) {
        storage.pointee.written += 1
        storage.pointee.filledSlots.add(slots)
        storage.pointee.heldValues.add(picks)
    }

    var columnCount: Int { storage.pointee.filledCells.count }

    /// Records that filled column `index`.
    func filledCells(_ index: Int) -> Int { storage.pointee.filledCells[index] }

    /// Cases written that filled slot `index`.
    func filledSlots(_ index: Int) -> Int { storage.pointee.filledSlots[index] }

    /// Cases written that held picklist value `number`.
    func heldValues(_ number: Int) -> Int { storage.pointee.heldValues[number] }

    func free() { storage.free() }
}
