extension Array where Element == UInt8 {
    /// Appends `count` bytes that `write` puts at the pointer it is given:
    /// one capacity check for all of them (appending a byte at a time
    /// checked the array's uniqueness and capacity at every byte).
    @inline(__always)
    mutating func append(count: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { bytes in
            write(bytes.baseAddress!)
            append(contentsOf: UnsafeBufferPointer(bytes))
        }
    }
}
