/// A fixed number of places that several threads fill at once, each place
/// by one thread only, read after all of them are done.
///
/// Invariant: `base` holds `count` initialised elements for the value's life.
/// Callers guarantee that no two threads touch the same index, and that reads
/// happen after the writers are joined (a dispatch group's wait orders them):
/// an Array cannot be written from several threads at all (copy on write).
final class DisjointSlots<Element>: @unchecked Sendable {
    let count: Int
    private let base: UnsafeMutablePointer<Element>

    init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
    }

    deinit {
        base.deinitialize(count: max(1, count))
        base.deallocate()
    }

    subscript(_ index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// The elements, read once every writer is done.
    var all: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Moves an element out, leaving `empty` in its place.
    func take(_ index: Int, leaving empty: Element) -> Element {
        let taken = (base + index).move()
        (base + index).initialize(to: empty)
        return taken
    }
}
