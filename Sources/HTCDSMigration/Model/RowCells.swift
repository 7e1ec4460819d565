/// The text cells of one delimited row in a single allocation: where each
/// cell ends, then the cells' UTF-8 bytes one after another. A row of thirty
/// cells was thirty Strings (half of them allocated, every one retained and
/// released on its way through the run); it is one object now, and the
/// mapping reads most cells straight from its bytes.
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

    /// A row of `ends.count` cells whose bytes are `bytes` (cell i ends at `ends[i]`).
    static func make(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<UInt32>) -> RowCells {
        let words = ends.count + (bytes.count + 3) / 4
        let buffer = create(minimumCapacity: max(1, words)) { _ in Shape(count: ends.count, byteCount: bytes.count) }
        let row = unsafeDowncast(buffer, to: RowCells.self)
        row.withUnsafeMutablePointerToElements { elements in
            if let base = ends.baseAddress { elements.update(from: base, count: ends.count) }
            if let base = bytes.baseAddress {
                UnsafeMutableRawPointer(elements + ends.count).copyMemory(from: base, byteCount: bytes.count)
            }
        }
        return row
    }

    // The header is read through its pointer: reading `header` is a class
    // property's access, checked at run time for exclusivity every time.
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// Cell `index`'s bytes, for the length of `body`.
    @inline(__always)
    func withCell<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointers { shape, elements in
            let start = index == 0 ? 0 : Int(elements[index - 1] & ~Self.absent)
            let end = Int(elements[index] & ~Self.absent)
            let bytes = UnsafeRawPointer(elements + shape.pointee.count).assumingMemoryBound(to: UInt8.self)
            return try body(UnsafeBufferPointer(start: bytes + start, count: end - start))
        }
    }

    /// The whole row's bytes (every cell, no separators).
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointers { shape, elements in
            let bytes = UnsafeRawPointer(elements + shape.pointee.count).assumingMemoryBound(to: UInt8.self)
            return try body(UnsafeBufferPointer(start: bytes, count: shape.pointee.byteCount))
        }
    }

    /// Pointers into the row, for reading many cells without a closure (and
    /// a retain) each. Valid while the row lives: the caller keeps it alive.
    var view: RowView {
        withUnsafeMutablePointers { shape, elements in
            RowView(ends: UnsafePointer(elements),
                    bytes: UnsafeRawPointer(elements + shape.pointee.count).assumingMemoryBound(to: UInt8.self))
        }
    }

    func cellLength(_ index: Int) -> Int {
        withUnsafeMutablePointerToElements { elements in
            Int(elements[index] & ~Self.absent) - (index == 0 ? 0 : Int(elements[index - 1] & ~Self.absent))
        }
    }

    func text(_ index: Int) -> String {
        withCell(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The cell as a value: text, or `.null` when absent.
    func value(_ index: Int) -> SourceValue {
        let absent = withUnsafeMutablePointerToElements { $0[index] & Self.absent != 0 }
        return absent ? .null : .text(text(index))
    }
}

/// A row's cells through pointers (see `RowCells.view`, and
/// `MappingScratch.view(of:)` for records whose values a reader made).
struct RowView {
    let ends: UnsafePointer<UInt32>
    let bytes: UnsafePointer<UInt8>
    /// Which cells are text (or empty); nil when all are. Others (repeated
    /// elements, numbers, blobs) are not read as bytes.
    var plain: UnsafePointer<Bool>? = nil

    @inline(__always)
    func isPlain(_ index: Int) -> Bool { plain?[index] ?? true }

    @inline(__always)
    func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : Int(ends[index - 1] & ~RowCells.absent)
        return UnsafeBufferPointer(start: bytes + start, count: Int(ends[index] & ~RowCells.absent) - start)
    }
}
