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
        var lastOccurred: Int32 = -1
        var lastFilled: Int32 = -1
    }

    /// Node 0 is the record element itself.
    private var nodes: [Node] = [Node(parent: -1, local: nil, namespace: nil, prefix: nil, attribute: false)]
    /// Open addressing: slot -> node number + 1 (0: empty). Its size is a power of two, at most half full.
    private var slots = [Int32](repeating: 0, count: 64)
    /// Paths beyond this many are not counted (a document of endless distinct
    /// names is no case export, and the census must not grow with it).
    static let capacity = 10_000

    /// The node of a child of `parent` (a node number); nil past `capacity`.
    func child(of parent: Int32, local: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?,
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
        guard nodes.count < Self.capacity else { return nil }
        nodes.append(Node(parent: parent, local: local, namespace: namespace, prefix: prefix, attribute: attribute))
        slots[slot] = Int32(nodes.count)
        if nodes.count * 2 > slots.count { grow() }
        return Int32(nodes.count - 1)
    }

    /// The path `node` occurs in record `record` (counted once a record).
    func occurs(_ node: Int32, record: Int) {
        let index = Int(node)
        guard nodes[index].lastOccurred != Int32(truncatingIfNeeded: record) else { return }
        nodes[index].lastOccurred = Int32(truncatingIfNeeded: record)
        nodes[index].occurs += 1
    }

    /// The path `node` has a value in record `record` (counted once a record).
    func filled(_ node: Int32, record: Int) {
        let index = Int(node)
        guard nodes[index].lastFilled != Int32(truncatingIfNeeded: record) else { return }
        nodes[index].lastFilled = Int32(truncatingIfNeeded: record)
        nodes[index].filled += 1
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
        for (index, node) in nodes.enumerated() where index > 0 {
            var slot = Self.hash(node.parent, node.local, node.namespace, node.attribute) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
        // Node 0 is never looked up: it is the record element, the census's root.
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
        for node in nodes.dropFirst() {
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
