/// Every element and attribute path below the record element of an XML
/// input, with how many records have it and how many give it a value, so
/// that paths no entry uses are reported (`unmappedColumns`) and paths an
/// entry names that no record has are found (`path-never-seen`).
///
/// Names are libxml2's interned pointers: within one parser a name is one
/// pointer, so a path is found by its parent's number and its name's
/// pointers in a small open-addressing table, without making a String.
/// Paths become text only at the end (`entries`). One census serves one
/// parser (pointers of another parser's dictionary are other pointers).
public final class XMLPathCensus {
    public struct Entry: Equatable {
        /// Relative to the record, with the document's prefixes: `client/name`, `@id`, `referral/@date`.
        public let path: String
        /// The path's steps: local name, namespace URI (nil: none), attribute.
        let steps: [(local: String, namespace: String?, attribute: Bool)]
        public internal(set) var occurs: Int
        public internal(set) var filled: Int

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.path == rhs.path && lhs.occurs == rhs.occurs && lhs.filled == rhs.filled
        }
    }

    private struct Node {
        let parent: Int32
        let local: UnsafePointer<UInt8>?
        let namespace: UnsafePointer<UInt8>?
        let prefix: UnsafePointer<UInt8>?
        let attribute: Bool
        var occurs = 0
        var filled = 0
        var lastOccurred = -1
        var lastFilled = -1
        /// The node looked up right after this one last time: records of one
        /// export have the same shape, so the next lookup is nearly always it.
        var next: Int32 = -1
    }

    // The nodes live in memory of the census's own (a growing buffer it
    // frees in deinit): they are read and written for every element and
    // attribute of every record, by the one thread that parses; an array's
    // uniqueness and exclusivity checks were most of the census's cost.
    // Invariant: `nodes[0..<count]` are initialised, `count <= capacity`,
    // and every `parent` and `next` is -1 or below `count`.
    @exclusivity(unchecked) private var nodes: UnsafeMutablePointer<Node>
    @exclusivity(unchecked) private var count = 1
    @exclusivity(unchecked) private var capacity = 64
    /// Open addressing: slot -> node number + 1 (0: empty). Its size is a power of two, at most half full.
    @exclusivity(unchecked) private var slots = [Int32](repeating: 0, count: 128)
    /// The node looked up last, for the guess of the next (`Node.next`); 0 at a record's start.
    @exclusivity(unchecked) private var last: Int32 = 0
    /// Paths beyond this many are not counted (a document of endless distinct
    /// names is no case export, and the census must not grow with it).
    static let limit = 10_000

    /// `levels`: the deepest an element can be below the record, plus one.
    init(levels: Int) {
        self.levels = max(1, levels)
        open = .allocate(capacity: self.levels)
        open.initialize(repeating: -1, count: self.levels)
        nodes = .allocate(capacity: capacity)
        // Node 0 is the record element itself.
        nodes.initialize(to: Node(parent: -1, local: nil, namespace: nil, prefix: nil, attribute: false))
    }

    deinit {
        nodes.deinitialize(count: count)
        nodes.deallocate()
        open.deallocate()
    }

    /// The node of each open element of the record, by its level below the
    /// record element (0: the record element); -1 where none is counted.
    /// Levels are bounded by the reader's nesting limit.
    private let open: UnsafeMutablePointer<Int32>
    private let levels: Int

    /// A record begins: its element is node 0, at level 0.
    @inline(__always)
    func enterRecord(_ record: Int) {
        last = 0
        open[0] = 0
        occurs(0, record: record)
    }

    /// An element opens at `level` (1 and more) below the record element.
    @inline(__always)
    func enter(level: Int, local: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?,
               record: Int) {
        guard level < levels else { return }
        let parent = open[level - 1]
        guard parent >= 0, let node = child(of: parent, local: local, namespace: namespace, prefix: prefix, attribute: false) else {
            open[level] = -1
            return
        }
        open[level] = node
        occurs(node, record: record)
    }

    /// An attribute of the element open at `level`.
    @inline(__always)
    func attribute(level: Int, local: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?,
                   hasValue: Bool, record: Int) {
        guard level < levels, open[level] >= 0,
              let node = child(of: open[level], local: local, namespace: namespace, prefix: prefix, attribute: true) else { return }
        occurs(node, record: record)
        if hasValue { filled(node, record: record) }
    }

    /// The element open at `level` closes with text that is not blank.
    @inline(__always)
    func text(level: Int, record: Int) {
        guard level < levels, open[level] >= 0 else { return }
        filled(open[level], record: record)
    }

    /// The node of a child of `parent` (a node number); nil past `limit`.
    @inline(__always)
    func child(of parent: Int32, local: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?,
               prefix: UnsafePointer<UInt8>?, attribute: Bool) -> Int32? {
        let guess = nodes[Int(last)].next
        if guess >= 0 {
            let node = nodes[Int(guess)]
            if node.parent == parent && node.local == local && node.namespace == namespace && node.attribute == attribute {
                last = guess
                return guess
            }
        }
        guard let found = find(parent: parent, local: local, namespace: namespace, prefix: prefix, attribute: attribute) else {
            return nil
        }
        nodes[Int(last)].next = found
        last = found
        return found
    }

    private func find(parent: Int32, local: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?,
                      prefix: UnsafePointer<UInt8>?, attribute: Bool) -> Int32? {
        let mask = slots.count - 1
        var slot = Self.hash(parent, local, namespace, attribute) & mask
        while true {
            let found = slots[slot]
            if found == 0 { break }
            let node = nodes[Int(found - 1)]
            if node.parent == parent && node.local == local && node.namespace == namespace && node.attribute == attribute {
                return found - 1
            }
            slot = (slot + 1) & mask
        }
        guard count < Self.limit else { return nil }
        if count == capacity {
            let larger = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: nodes, count: count)
            nodes.deallocate()
            nodes = larger
            capacity *= 2
        }
        (nodes + count).initialize(to: Node(parent: parent, local: local, namespace: namespace, prefix: prefix, attribute: attribute))
        count += 1
        slots[slot] = Int32(count)
        if count * 2 > slots.count { grow() }
        return Int32(count - 1)
    }

    /// The path `node` occurs in record `record` (counted once a record).
    @inline(__always)
    func occurs(_ node: Int32, record: Int) {
        let pointer = nodes + Int(node)
        guard pointer.pointee.lastOccurred != record else { return }
        pointer.pointee.lastOccurred = record
        pointer.pointee.occurs += 1
    }

    /// The path `node` has a value in record `record` (counted once a record).
    @inline(__always)
    func filled(_ node: Int32, record: Int) {
        let pointer = nodes + Int(node)
        guard pointer.pointee.lastFilled != record else { return }
        pointer.pointee.lastFilled = record
        pointer.pointee.filled += 1
    }

    private static func hash(_ parent: Int32, _ local: UnsafePointer<UInt8>?, _ namespace: UnsafePointer<UInt8>?,
                             _ attribute: Bool) -> Int {
        var value = UInt64(UInt32(bitPattern: parent)) &* 0x9E37_79B9_7F4A_7C15
        value ^= UInt64(UInt(bitPattern: local)) &* 0xC2B2_AE3D_27D4_EB4F
        value ^= UInt64(UInt(bitPattern: namespace)) &* 0x1656_67B1_9E37_79F9
        value ^= attribute ? 0x27D4_EB2F_1656_67C5 : 0
        return Int(truncatingIfNeeded: (value ^ (value >> 29)) &* 0xBF58_476D_1CE4_E5B9 >> 32)
    }

    private func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        // Node 0 is never looked up: it is the record element, the census's root.
        for index in 1..<count {
            let node = nodes[index]
            var slot = Self.hash(node.parent, node.local, node.namespace, node.attribute) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// Entries of several censuses (the pieces of one document) added up by path, in the order first seen.
    static func merge(_ entries: [Entry], into totals: inout [Entry], index: inout [String: Int]) {
        for entry in entries {
            if let at = index[entry.path] {
                totals[at].occurs += entry.occurs
                totals[at].filled += entry.filled
            } else {
                index[entry.path] = totals.count
                totals.append(entry)
            }
        }
    }

    /// Every path seen, as text, in the order first seen.
    var entries: [Entry] {
        var paths: [String] = [""]
        var steps: [[(local: String, namespace: String?, attribute: Bool)]] = [[]]
        var result: [Entry] = []
        for node in UnsafeBufferPointer(start: nodes, count: count).dropFirst() {
            let local = node.local.map { String(cString: $0) } ?? "?"
            let name = (node.prefix.map { String(cString: $0) + ":" } ?? "") + local
            let step = node.attribute ? "@" + name : name
            let parent = Int(node.parent)
            let path = paths[parent].isEmpty ? step : paths[parent] + "/" + step
            let nodeSteps = steps[parent] + [(local, node.namespace.map { String(cString: $0) }, node.attribute)]
            paths.append(path)
            steps.append(nodeSteps)
            result.append(Entry(path: path, steps: nodeSteps, occurs: node.occurs, filled: node.filled))
        }
        return result
    }
}
