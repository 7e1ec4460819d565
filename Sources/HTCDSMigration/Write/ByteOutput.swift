/// Where encoded bytes go: an array (a writer's line, a report) or a mapping
/// thread's line buffer (`ByteArena`). The JSON encoding is generic over it,
/// so that a mapping thread encodes a case's fields straight into its lines
/// (through an array first, every field cost the array's uniqueness and
/// capacity checks, a generic copy, and a copy out again).
protocol ByteOutput: ~Copyable {
    mutating func appendByte(_ byte: UInt8)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Appends `count` bytes that `write` puts at the pointer it is given
    /// (one capacity check for all of them).
    mutating func appendBytes(count: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Void)
}

extension ByteOutput where Self: ~Copyable {
    /// A String's UTF-8 bytes, in place where they are contiguous (nearly always;
    /// not `withUTF8`, which needs a copy of the String: a retain and release).
    mutating func appendUTF8(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ appendBytes($0) }) == nil {
            for byte in text.utf8 { appendByte(byte) }
        }
    }
}

extension Array: ByteOutput where Element == UInt8 {
    @inline(__always)
    mutating func appendByte(_ byte: UInt8) { append(byte) }

    @inline(__always)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }

    @inline(__always)
    mutating func appendBytes(count: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { bytes in
            write(bytes.baseAddress!)
            append(contentsOf: UnsafeBufferPointer(bytes))
        }
    }
}
