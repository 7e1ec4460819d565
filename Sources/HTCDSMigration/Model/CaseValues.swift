/// A case's values by slot (the plan's target fields), as an encoder reads
/// them. A value a mapping memo keeps comes with its entry in that memo: the
/// same slot and entry are the same value for as long as the memo lives, so
/// an encoder may encode it once and copy the bytes after that.
protocol CaseValues {
    /// Hands the values over to `body`, each filled slot in order: the slot,
    /// and either the memo entry (above 0) standing for its value or the
    /// value itself. Done once a case: values kept in a mapping thread's
    /// scratch leave it, its slots emptied for the next case.
    func handOver(_ body: (_ slot: Int, _ entry: Int32, _ value: consuming HTCDSValue?) -> Void)
    /// The value a memo entry of a slot stands for.
    func rememberedValue(slot: Int, entry: Int32) -> HTCDSValue?
}

/// Values that are their own: no memo entries.
extension Array: CaseValues where Element == HTCDSValue? {
    func handOver(_ body: (_ slot: Int, _ entry: Int32, _ value: consuming HTCDSValue?) -> Void) {
        for slot in indices where self[slot] != nil { body(slot, 0, self[slot]) }
    }

    func rememberedValue(slot: Int, entry: Int32) -> HTCDSValue? { nil }
}
