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
    /// An encoder for one mapping thread; nil when lines cannot be made ahead.
    func lineEncoder() -> JSONLineEncoder?
    /// Writes a case's line made by one of those encoders.
    func write(encoded line: RenderedLine) throws
}
