/// The reader's paths compiled for matching without Strings: every name a
/// step uses gets a number, and an element's name is turned into that number
/// once per distinct name (libxml2 interns names in its dictionary, so the
/// name's pointer identifies it). Matching a path against the open elements
/// then compares integers. The layout is flat and plain (no references), so
/// that walking it costs no retains; the table is a class so that passing it
/// around costs one.
final class XMLPathTable {
    /// One compiled step; `namespace` is `anyNamespace` for an unprefixed element step.
    struct Step {
        let local: Int32
        let namespace: Int32
        /// Index into `predicates`, or -1.
        let predicate: Int32
    }

    /// One compiled path: a run of `steps`, and its final attribute if any.
    struct Path {
        let firstStep: Int
        let stepCount: Int
        let anywhere: Bool
        let attribute: Step?
    }

    /// An open element: its name's numbers, and when its attributes pass
    /// some path's attribute tests, the index of the set of those tests (by
    /// number, `predicates`) in the list the caller keeps beside the stack
    /// (-1: none). Plain integers, so that the stack of open elements is
    /// copied and read without reference counting.
    struct Element {
        let local: Int32
        let namespace: Int32
        var passedTests: Int32 = -1
    }

    static let anyNamespace: Int32 = -2
    /// A name no step uses.
    static let unknown: Int32 = -1

    // Constants once built: a class's `var`s are checked for exclusive access on every read.
    let steps: [Step]
    let predicates: [(attribute: String, value: String)]
    /// Each predicate's attribute's name number and the value's bytes: what
    /// an element's attributes are compared with, without making Strings.
    let predicateAttributes: [Int32]
    let predicateValues: [[UInt8]]
    let paths: [Path]
    private let localIDs: [String: Int32]
    private let namespaceIDs: [String: Int32]

    /// The table of these paths; path i of the list is path i of the table.
    init(_ list: [XMLPath]) {
        var builder = Builder()
        for path in list { builder.add(path) }
        steps = builder.steps
        predicates = builder.predicates
        predicateAttributes = builder.predicateAttributes
        predicateValues = builder.predicates.map { Array($0.value.utf8) }
        paths = builder.paths
        localIDs = builder.localIDs
        namespaceIDs = builder.namespaceIDs
    }

    private struct Builder {
        var steps: [Step] = []
        var predicates: [(attribute: String, value: String)] = []
        var predicateAttributes: [Int32] = []
        var paths: [Path] = []
        var localIDs: [String: Int32] = [:]
        var namespaceIDs: [String: Int32] = [:]

        mutating func add(_ path: XMLPath) {
            let first = steps.count
            for step in path.elements { steps.append(compile(step)) }
            var attribute: Step?
            if let step = path.attribute { attribute = compile(step) }
            paths.append(Path(firstStep: first, stepCount: path.elements.count, anywhere: path.anywhere, attribute: attribute))
        }

        private mutating func localID(_ name: String) -> Int32 {
            if let id = localIDs[name] { return id }
            let id = Int32(localIDs.count)
            localIDs[name] = id
            return id
        }

        private mutating func compile(_ step: XMLPath.Step) -> Step {
            let local = localID(step.localName)
            var namespace = XMLPathTable.anyNamespace
            if let uri = step.namespace {
                namespace = namespaceIDs[uri] ?? {
                    let id = Int32(namespaceIDs.count)
                    namespaceIDs[uri] = id
                    return id
                }()
            }
            var predicate: Int32 = -1
            if let test = step.predicate {
                predicates.append(test)
                predicateAttributes.append(localID(test.attribute))
                predicate = Int32(predicates.count - 1)
            }
            return Step(local: local, namespace: namespace, predicate: predicate)
        }
    }

    func localID(_ name: String) -> Int32 { localIDs[name] ?? Self.unknown }
    func namespaceID(_ uri: String) -> Int32 { namespaceIDs[uri] ?? Self.unknown }

    func stepMatches(_ step: Step, local: Int32, namespace: Int32) -> Bool {
        step.local == local && (step.namespace == Self.anyNamespace || step.namespace == namespace)
    }

    private func stepMatches(_ step: Step, _ element: Element, _ passedTests: [SmallIntSet]) -> Bool {
        guard stepMatches(step, local: element.local, namespace: element.namespace) else { return false }
        guard step.predicate >= 0 else { return true }
        guard element.passedTests >= 0 else { return false }
        return passedTests[Int(element.passedTests)].contains(Int(step.predicate))
    }

    /// Whether the open elements `stack[start...]` (outermost first) are path `index`'s element.
    /// `passedTests` holds the sets the elements' `passedTests` index.
    func matches(_ index: Int, _ stack: UnsafeBufferPointer<Element>, from start: Int, passedTests: [SmallIntSet]) -> Bool {
        let path = paths[index]
        let depth = stack.count - start
        if path.anywhere {
            guard depth >= path.stepCount else { return false }
        } else {
            guard depth == path.stepCount else { return false }
        }
        // From the innermost step out: most paths differ in the element's own name.
        let offset = stack.count - path.stepCount
        var position = path.stepCount - 1
        while position >= 0 {
            if !stepMatches(steps[path.firstStep + position], stack[offset + position], passedTests) { return false }
            position -= 1
        }
        return true
    }

    /// Whether an attribute of the element on top of `stack[start...]` is path `index`'s.
    func matchesAttribute(_ index: Int, local: Int32, namespace: Int32, _ stack: UnsafeBufferPointer<Element>, from start: Int,
                          passedTests: [SmallIntSet]) -> Bool {
        guard let attribute = paths[index].attribute, stepMatches(attribute, local: local, namespace: namespace) else {
            return false
        }
        return matches(index, stack, from: start, passedTests: passedTests)
    }

    func isAttributePath(_ index: Int) -> Bool { paths[index].attribute != nil }
    /// The name number of a path's innermost element step, if it has element steps.
    func lastLocal(_ index: Int) -> Int32? {
        let path = paths[index]
        return path.stepCount > 0 ? steps[path.firstStep + path.stepCount - 1].local : nil
    }
    /// A path that is one element's name and nothing more (`name`, `p:name`:
    /// a child of the record), as its step; nil for any other path.
    func singleStep(_ index: Int) -> Step? {
        let path = paths[index]
        guard path.stepCount == 1, !path.anywhere, path.attribute == nil else { return nil }
        let step = steps[path.firstStep]
        return step.predicate < 0 ? step : nil
    }
    var localNameCount: Int { localIDs.count }
    func hasElementSteps(_ index: Int) -> Bool { paths[index].stepCount > 0 }
    var hasPredicates: Bool { !predicates.isEmpty }
}

/// Numbers for libxml2's interned names, looked up once per distinct pointer.
/// libxml2's parser allocates element and attribute names and namespaces in
/// its dictionary (`dictNames`), which lives as long as the parser and never
/// frees or moves a name, so a pointer always stands for the same text.
/// A document's few dozen names are found in a small open-addressing table by
/// the pointer's hash (a hashed dictionary lookup per element cost more than
/// the rest of matching; a direct-mapped table missed one name in five, names
/// packed side by side sharing slots). Past half full, new names are looked up
/// in the dictionary behind it, which holds every name seen.
struct XMLNameCache {
    /// The table's memory, allocated by the cache's owner (readers make a
    /// state per call, so the cache must not allocate).
    typealias Slots = UnsafeMutablePointer<(key: UnsafeRawPointer?, id: Int32)>
    static let slotCount = 256

    static func makeSlots() -> Slots {
        let slots = Slots.allocate(capacity: slotCount)
        slots.initialize(repeating: (nil, 0), count: slotCount)
        return slots
    }

    private let slots: Slots
    private var filled = 0
    private var ids: [UnsafeRawPointer: Int32] = [:]
    /// The number of no name at all (an element in no namespace), once known.
    private var noNameID: Int32?

    /// Whether the names are namespaces (else local names).
    private let namespaces: Bool

    /// A cache over slots made by `makeSlots` and used by no other cache.
    init(slots: Slots, namespaces: Bool) {
        self.slots = slots
        self.namespaces = namespaces
    }

    /// The number `table` gives the name (a table, not a closure over it:
    /// that retained the table on every call, hit or miss).
    mutating func id(_ pointer: UnsafePointer<UInt8>?, in table: XMLPathTable) -> Int32 {
        guard let pointer else {
            if let noNameID { return noNameID }
            let id = resolve("", in: table)
            noNameID = id
            return id
        }
        let key = UnsafeRawPointer(pointer)
        // Fibonacci hashing: the top bits of the pointer times 2^64/phi.
        var slot = Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        while let found = slots[slot].key {
            if found == key { return slots[slot].id }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        let id: Int32
        if let known = ids[key] {
            id = known
        } else {
            id = resolve(String(cString: pointer), in: table)
            ids[key] = id
        }
        if filled < Self.slotCount / 2 {
            slots[slot] = (key, id)
            filled += 1
        }
        return id
    }

    private func resolve(_ name: String, in table: XMLPathTable) -> Int32 {
        namespaces ? table.namespaceID(name) : table.localID(name)
    }
}
