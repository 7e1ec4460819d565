/// Lines encoded where cases were mapped, in memory of their own: the
/// output writes them from here (`OutputFile.write(_:)` lends them to the
/// flushing thread's `writev`) instead of copying each into its buffer,
/// which had cost the run's thread a copy of every byte of output.
/// Immutable once made, so it may cross threads; hence unchecked.
final class LineChunk: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    init(copying source: UnsafeBufferPointer<UInt8>) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 1)
        if let from = source.baseAddress, let to = copy.baseAddress {
            to.copyMemory(from: from, byteCount: source.count)
        }
        bytes = UnsafeRawBufferPointer(copy)
    }

    deinit { bytes.deallocate() }
}

/// One case's whole line: a range of a chunk of lines.
struct RenderedLine: Sendable {
    let chunk: LineChunk
    let range: Range<Int>

    /// A line alone in a chunk of its own.
    init(copying line: UnsafeBufferPointer<UInt8>) {
        chunk = LineChunk(copying: line)
        range = 0..<line.count
    }

    init(chunk: LineChunk, range: Range<Int>) {
        self.chunk = chunk
        self.range = range
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: chunk.bytes[range]) }
}
