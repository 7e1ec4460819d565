/// The one protocol every output format implements. A writer receives each
/// written case in order and puts its output in place only on `commit`.
public protocol RecordWriter: AnyObject {
    func write(_ record: CaseRecord) throws
    /// Completes the output (renames the file into place).
    func commit() throws
    /// Abandons the output: nothing partial is left behind.
    func discard()
}

/// A writer whose cases can be encoded where they are mapped, off the thread
/// that settles them in order: the part of writing that needs no order.
protocol EncodingAhead: RecordWriter {
    /// An encoder for one mapping thread; nil when cases cannot be encoded ahead.
    func caseEncoder() -> (any CaseEncoder & ~Copyable)?
    /// Writes a case's bytes made by one of those encoders.
    func write(encoded line: RenderedLine) throws
}

/// Encodes a mapped case, its values handed over from a mapping thread's
/// scratch, into bytes its writer takes as they are (`write(encoded:)`):
/// a JSON line, or the rows of an SQLite database.
protocol CaseEncoder: ~Copyable {
    /// Appends the case's bytes to `bytes`; returns the slots it filled.
    mutating func encode(caseID: String, values: MappedValues, related records: [[RelatedRecord]],
                         location: SourceLocation, to bytes: inout ByteArena) -> SmallIntSet
}
