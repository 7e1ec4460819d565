/// The text cells of one row in a single allocation: where each cell starts
/// and ends, then the row's UTF-8 bytes. A row of thirty cells was thirty
/// Strings (half of them allocated, every one retained and released on its
/// way through the run); it is one object now, and the mapping reads most
/// cells straight from its bytes. A CSV row's bytes are copied as they were
/// read, delimiters and all, so a cell is a range of them.
///
/// The bytes are valid UTF-8 (the reader repairs them before they get here),
/// so any cell may be written out as is. Immutable once made.
final class RowCells: ManagedBuffer<RowCells.Shape, UInt32> {
    /// Set in a cell's end: the cell is absent (an XML element the record
    /// lacks), a `.null` value rather than empty text.
    static let absent: UInt32 = 1 << 31

    struct Shape {
        let count: Int
        let byteCount: Int
    }

    /// A row of `starts.count` cells: cell i is `bytes[starts[i]..<ends[i]]`,
    /// where `bytes` is `first` and then `second`.
    static func make(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0),
                     starts: UnsafeBufferPointer<UInt32>, ends: UnsafeBufferPointer<UInt32>) -> RowCells {
        let count = starts.count
        let byteCount = first.count + second.count
        let words = 2 * count + (byteCount + 3) / 4
        let buffer = create(minimumCapacity: max(1, words)) { _ in Shape(count: count, byteCount: byteCount) }
        let row = unsafeDowncast(buffer, to: RowCells.self)
        row.withUnsafeMutablePointerToElements { elements in
            if let base = starts.baseAddress { elements.update(from: base, count: count) }
            if let base = ends.baseAddress { (elements + count).update(from: base, count: count) }
            let bytes = UnsafeMutableRawPointer(elements + 2 * count)
            if let base = first.baseAddress { bytes.copyMemory(from: base, byteCount: first.count) }
            if let base = second.baseAddress { (bytes + first.count).copyMemory(from: base, byteCount: second.count) }
        }
        return row
    }

    /// A row whose cells are `bytes` one after another, cell i ending at `ends[i]`.
    static func make(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<UInt32>) -> RowCells {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(1, ends.count)) { starts in
            var start: UInt32 = 0
            for (index, end) in ends.enumerated() {
                starts[index] = start
                start = end & ~absent
            }
            return make(bytes, starts: UnsafeBufferPointer(rebasing: starts[0..<ends.count]), ends: ends)
        }
    }

    // The header is read through its pointer: reading `header` is a class
    // property's access, checked at run time for exclusivity every time.
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// Pointers into the row, for reading many cells without a closure (and
    /// a retain) each. Valid while the row lives: the caller keeps it alive.
    var view: RowView {
        withUnsafeMutablePointers { shape, elements in
            RowView(starts: UnsafePointer(elements), ends: UnsafePointer(elements + shape.pointee.count),
                    bytes: UnsafeRawPointer(elements + 2 * shape.pointee.count).assumingMemoryBound(to: UInt8.self))
        }
    }

    func cellLength(_ index: Int) -> Int {
        withExtendedLifetime(self) { view.cell(index).count }
    }

    /// The cell as a value: text, or `.null` when absent.
    func value(_ index: Int) -> SourceValue {
        withExtendedLifetime(self) { view.isAbsent(index) ? .null : .text(String(decoding: view.cell(index), as: UTF8.self)) }
    }
}

/// A row's cells through pointers (see `RowCells.view`, and
/// `MappingScratch.view(of:)` for records whose values a reader made).
struct RowView {
    let starts: UnsafePointer<UInt32>
    let ends: UnsafePointer<UInt32>
    let bytes: UnsafePointer<UInt8>
    /// Which cells are text (or empty); nil when all are. Others (repeated
    /// elements, numbers, blobs) are not read as bytes.
    var plain: UnsafePointer<Bool>? = nil

    @inline(__always)
    func isPlain(_ index: Int) -> Bool { plain?[index] ?? true }

    @inline(__always)
    func isAbsent(_ index: Int) -> Bool { ends[index] & RowCells.absent != 0 }

    @inline(__always)
    func cell(_ index: Int) -> ByteView {
        let start = Int(starts[index])
        return ByteView(UnsafeBufferPointer(start: bytes + start, count: Int(ends[index] & ~RowCells.absent) - start))
    }
}
