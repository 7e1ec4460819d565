/// Plain values in memory of their own, appended to and popped without the
/// checks an Array makes on every change (uniqueness, capacity, a generic
/// copy): the mapping threads' hottest byte buffers (`ByteArena`) and the XML
/// reader's stacks of open elements. Not copyable: one owner frees it.
struct PlainBuffer<Element: BitwiseCopyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// Appends values from elsewhere (never from this buffer: they could move as it grows).
    @inline(__always)
    mutating func append(_ elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, !elements.isEmpty else { return }
        if count + elements.count > capacity { grow(to: count + elements.count) }
        SmallCopy.copy(from: UnsafeRawPointer(source), to: UnsafeMutableRawPointer(base + count),
                       byteCount: elements.count * MemoryLayout<Element>.stride)
        count += elements.count
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    /// Appends up to `limit` values that `fill` writes in place (into memory
    /// past the last value) and counts: a read lands where it stays.
    mutating func append<Failure: Error>(
        upTo limit: Int, _ fill: (UnsafeMutableBufferPointer<Element>) throws(Failure) -> Int
    ) throws(Failure) -> Int {
        if count + limit > capacity { grow(to: count + limit) }
        let written = try fill(UnsafeMutableBufferPointer(start: base + count, count: limit))
        precondition(written >= 0 && written <= limit)
        count += written
        return written
    }

    @inline(__always)
    mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return base[count]
    }

    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count)
        return base[index]
    }

    mutating func removeAll() { count = 0 }

    /// Drops the first `length` values, moving the rest to the front.
    mutating func removeFirst(_ length: Int) {
        let length = min(count, max(0, length))
        // Overlapping ranges: a raw copy moves them as `memmove` does.
        UnsafeMutableRawPointer(base).copyMemory(from: base + length,
                                                 byteCount: (count - length) * MemoryLayout<Element>.stride)
        count -= length
    }

    /// Keeps the first `length` values.
    mutating func truncate(to length: Int) { count = min(count, max(0, length)) }

    /// Values `start..<end` (valid until the next append).
    func elements(_ start: Int, _ end: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// All the values, first first (valid until the next append).
    var all: UnsafeBufferPointer<Element> { elements(0, count) }

    /// Calls `body` with all the values (which must not append to this buffer).
    @inline(__always)
    func withValues<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<Element>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(all)
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = newCapacity
    }
}

/// Bytes: encoded lines and fields, memo keys, XML texts.
typealias ByteArena = PlainBuffer<UInt8>

extension PlainBuffer where Element == UInt8 {
    @inline(__always)
    mutating func append(byte: UInt8) { append(byte as Element) }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Bytes `start..<end` (valid until the next append).
    func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> { elements(start, end) }

    /// All the bytes, lent (valid until the next append).
    var view: ByteView { ByteView(all) }

    /// Appends a number's bytes as memory holds them (the machine's order):
    /// for byte forms that never leave the process.
    /// (Stored in place, unaligned: through `withUnsafeBytes` it cost three times as much.)
    @inline(__always)
    mutating func appendBytes<Number: BitwiseCopyable>(of number: Number) {
        appendBytes(count: MemoryLayout<Number>.size) { UnsafeMutableRawPointer($0).storeBytes(of: number, as: Number.self) }
    }
}

extension PlainBuffer: ByteOutput where Element == UInt8 {
    @inline(__always)
    mutating func appendByte(_ byte: UInt8) { append(byte) }

    @inline(__always)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(bytes) }

    @inline(__always)
    mutating func appendBytes(count more: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Void) {
        if count + more > capacity { grow(to: count + more) }
        write(base + count)
        count += more
    }
}

extension UnsafeMutablePointer where Pointee: ~Copyable {
    /// Memory of its own holding `value`: state a hot path changes in place
    /// (a class's property is checked for overlapping access on every
    /// change). The owner gives it back with `free()`.
    static func owning(_ value: consuming Pointee) -> UnsafeMutablePointer<Pointee> {
        let pointer = UnsafeMutablePointer<Pointee>.allocate(capacity: 1)
        pointer.initialize(to: value)
        return pointer
    }

    /// Ends the value made by `owning` and frees its memory.
    func free() {
        deinitialize(count: 1)
        deallocate()
    }
}

/// Copies bytes, up to 16 of them without a call: much of what is appended
/// to these buffers is a few bytes (an XML element's text or the blank run
/// between two elements, a value, a separator), where calling `memcpy`
/// (through the dynamic linker's table, then its choice of routine by size)
/// cost more than the copy. (Up to 64 bytes this way was dearer than the call.)
enum SmallCopy {
    @inline(__always)
    static func copy(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, byteCount: Int) {
        switch byteCount {
        case 8...16:
            // Two words that overlap when fewer than 16 bytes.
            let first = source.loadUnaligned(as: UInt64.self)
            let last = source.loadUnaligned(fromByteOffset: byteCount - 8, as: UInt64.self)
            destination.storeBytes(of: first, as: UInt64.self)
            destination.storeBytes(of: last, toByteOffset: byteCount - 8, as: UInt64.self)
        case 4..<8:
            let first = source.loadUnaligned(as: UInt32.self)
            let last = source.loadUnaligned(fromByteOffset: byteCount - 4, as: UInt32.self)
            destination.storeBytes(of: first, as: UInt32.self)
            destination.storeBytes(of: last, toByteOffset: byteCount - 4, as: UInt32.self)
        case 1..<4:
            // The first, middle and last bytes: all of one to three.
            destination.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
            destination.storeBytes(of: source.load(fromByteOffset: byteCount / 2, as: UInt8.self),
                                   toByteOffset: byteCount / 2, as: UInt8.self)
            destination.storeBytes(of: source.load(fromByteOffset: byteCount - 1, as: UInt8.self),
                                   toByteOffset: byteCount - 1, as: UInt8.self)
        case 0:
            break
        default:
            destination.copyMemory(from: source, byteCount: byteCount)
        }
    }
}
