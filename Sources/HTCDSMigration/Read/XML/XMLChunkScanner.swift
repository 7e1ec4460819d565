import Foundation

/// Finds where the elements at the records' depth end in an XML document's
/// bytes, so that the document can be cut between records into pieces that
/// libxml2 parses on their own, on several threads (`XMLParallelReader`).
/// It reads only what it takes to keep count of nesting: tags (a quoted
/// attribute value may hold `>`), comments, CDATA sections, processing
/// instructions and text. It checks nothing: whatever is malformed is
/// libxml2's to find when it parses the piece.
struct XMLChunkScanner {
    /// An open element above the records' depth, kept to open and close it
    /// again around a piece: its start tag as written (namespace declarations
    /// and all), its qualified name, and whether it and every element above
    /// it are the record path's.
    struct Ancestor {
        let startTag: [UInt8]
        let name: [UInt8]
        let onPath: Bool
        /// The namespaces its start tag declares, for the prefixes of the elements below.
        let declarations: XMLNamespaceDeclarations
    }

    /// A step of the record path: its local name, and the namespace its
    /// prefix names (nil for an unprefixed step, which matches the name in
    /// any namespace, as `XMLPath` says).
    struct Step: Equatable {
        let namespace: [UInt8]?
        let localName: [UInt8]
    }

    enum Event: Equatable {
        /// An element at the records' depth ended; `isRecord` when the path names it.
        case elementEnded(isRecord: Bool)
        /// The bytes ran out (the position is where the unfinished part starts).
        case needsMore
        /// Something pieces cannot carry, such as a document type declaration
        /// (its entities would be missing from every piece but the first).
        case unsupported(String)
    }

    /// The record path's steps, the document element's first.
    private let steps: [Step]
    private(set) var ancestors: [Ancestor] = []
    private var depth = 0
    /// Whether the element open at the records' depth is a record.
    private var inRecord = false
    /// The qualified name, as written, of the element open at the records'
    /// depth, and whether its end may still be looked for the quick way
    /// (`quickEnd`): until something inside it asks for the careful one.
    private var recordName: [UInt8] = []
    private var quickEndAllowed = false
    /// Beyond this many bytes of one record read without its end, the careful
    /// way takes over (the quick one starts again from the record's start
    /// each time more bytes come).
    private static let quickEndLimit = 1 << 20

    init(recordSteps: [Step]) {
        steps = recordSteps
    }

    /// A record path of unprefixed names.
    init(recordSteps names: [String]) {
        self.init(recordSteps: names.map { Step(namespace: nil, localName: Array($0.utf8)) })
    }

    private var recordDepth: Int { steps.count }

    /// Reads on from `position` until an element at the records' depth ends
    /// (`position` is then just past it) or the bytes run out.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Event {
        let count = bytes.count
        while true {
            if depth == recordDepth && quickEndAllowed {
                switch quickEnd(bytes, from: position) {
                case .at(let end):
                    position = end  // the end tag, read below
                case .needsMore where count - position <= Self.quickEndLimit:
                    return .needsMore
                case .needsMore, .careful:
                    quickEndAllowed = false
                }
            }
            guard let open = Self.next(0x3C, in: bytes, from: position) else {  // "<"
                position = count
                return .needsMore
            }
            position = open
            guard open + 1 < count else { return .needsMore }
            switch bytes[open + 1] {
            case 0x2F:  // "</"
                let closing = depth
                if closing > recordDepth {
                    // Inside a record: an end tag holds no "<", so the next look passes it.
                    depth -= 1
                    position = open + 2
                    continue
                }
                guard let close = Self.next(0x3E, in: bytes, from: open + 2) else { return .needsMore }
                position = close + 1
                depth -= 1
                if closing == recordDepth { return .elementEnded(isRecord: inRecord) }
                if !ancestors.isEmpty { ancestors.removeLast() }
            case 0x3F:  // "<?"
                guard let end = Self.find([0x3F, 0x3E], in: bytes, from: open + 2) else { return .needsMore }
                position = end + 2
            case 0x21:  // "<!"
                if Self.starts(bytes, open, with: "<!--") {
                    guard let end = Self.find([0x2D, 0x2D, 0x3E], in: bytes, from: open + 4) else { return .needsMore }
                    position = end + 3
                } else if Self.starts(bytes, open, with: "<![CDATA[") {
                    guard let end = Self.find([0x5D, 0x5D, 0x3E], in: bytes, from: open + 9) else { return .needsMore }
                    position = end + 3
                } else if count - open < 9 {
                    return .needsMore
                } else {
                    return .unsupported("a document type declaration (<!DOCTYPE …>)")
                }
            default:
                guard let close = Self.endOfPlainStartTag(bytes, from: open + 1) ?? Self.endOfStartTag(bytes, from: open + 1)
                else { return .needsMore }
                position = close + 1
                let isEmpty = bytes[close - 1] == 0x2F  // "/>"
                depth += 1
                if depth <= recordDepth {
                    // On the path: every element above is, and this one is the path's step at its depth.
                    let name = Self.name(bytes, from: open + 1, to: close)
                    let step = steps[depth - 1]
                    var onPath = (ancestors.last?.onPath ?? true) && ancestors.count == depth - 1
                        && Self.localName(name).elementsEqual(step.localName)
                    // An ancestor keeps what its tag declares; a record's own tag is read only when
                    // the path's step has a prefix (and so a namespace to check).
                    var declarations = XMLNamespaceDeclarations()
                    if depth < recordDepth || (onPath && step.namespace != nil) {
                        guard let declared = XMLNamespaceDeclarations(startTag: bytes[open...close]) else {
                            return .unsupported("a namespace declaration holding a reference")
                        }
                        declarations = declared
                    }
                    if onPath, let namespace = step.namespace {
                        guard let bound = self.namespace(of: Self.prefix(name), declaredIn: declarations) else {
                            return .unsupported("a prefix with no namespace declared")
                        }
                        onPath = bound == namespace
                    }
                    if depth == recordDepth {
                        inRecord = onPath
                        if !name.elementsEqual(recordName) { recordName = Array(name) }
                        quickEndAllowed = !isEmpty
                    } else if !isEmpty {
                        ancestors.append(Ancestor(startTag: Array(bytes[open...close]), name: Array(name), onPath: onPath,
                                                  declarations: declarations))
                    }
                }
                if isEmpty {
                    depth -= 1
                    if depth + 1 == recordDepth { return .elementEnded(isRecord: inRecord) }
                }
            }
        }
    }

    private enum QuickEnd {
        /// The `<` of the end tag.
        case at(Int)
        case needsMore
        /// Something inside needs nesting counted (`scan`'s careful way).
        case careful
    }

    /// The end of the element open at the records' depth, from `start` in its
    /// content, found by looking only at what follows each `<`: inside an
    /// element every `<` begins a tag (text and attribute values cannot hold
    /// one), so, unless an element of the same name opens inside it, its end
    /// tag is the first end tag with its name. Comments, CDATA sections and
    /// processing instructions (which may hold anything) and an element of
    /// the same name inside it are left to the careful way. Nothing is
    /// changed here: `scan` goes on from `start` either way.
    private func quickEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> QuickEnd {
        recordName.withUnsafeBufferPointer { name in
            guard let first = name.first else { return .careful }
            let count = bytes.count
            var index = start
            while true {
                guard let open = Self.next(0x3C, in: bytes, from: index), open + 2 < count else { return .needsMore }
                let next = bytes[open + 1]
                // Where the name would be, in an end tag and in a start tag.
                let nameStart = next == 0x2F ? open + 2 : open + 1
                if next == 0x21 || next == 0x3F { return .careful }  // "<!", "<?"
                if bytes[nameStart] == first {
                    guard nameStart + name.count < count else { return .needsMore }
                    let after = bytes[nameStart + name.count]
                    let named = (after == 0x3E || after == 0x2F || after <= 0x20)
                        && UnsafeBufferPointer(rebasing: bytes[nameStart..<nameStart + name.count]).elementsEqual(name)
                    if named { return next == 0x2F ? .at(open) : .careful }
                }
                index = nameStart
            }
        }
    }

    /// The end tags of the open ancestors, innermost first: what closes a piece cut here.
    var closingTags: [UInt8] {
        var bytes: [UInt8] = []
        for ancestor in ancestors.reversed() {
            bytes.append(contentsOf: "</".utf8)
            bytes.append(contentsOf: ancestor.name)
            bytes.append(0x3E)
        }
        return bytes
    }

    /// The start tags of the open ancestors, outermost first: what opens a piece that starts here.
    var openingTags: [UInt8] {
        ancestors.flatMap(\.startTag)
    }

    /// The `>` that ends a start tag without attributes (`<name>`, `<name/>`:
    /// nearly every tag inside a record): the first `>` when no white space
    /// comes before it (attributes follow white space), eight bytes at a
    /// time; nil for any other tag, or when the bytes end first.
    @inline(__always)
    private static func endOfPlainStartTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let closing = ByteWords.repeated(0x3E)
        var index = start
        while index &+ 8 <= bytes.count {
            let word = ByteWords.load(bytes, at: index)
            let marks = ByteWords.zeroBytes(word ^ closing) | ByteWords.bytesBelow(0x21, in: word)
            if marks != 0 {
                let found = index &+ ByteWords.firstMarked(marks)
                return bytes[found] == 0x3E ? found : nil
            }
            index &+= 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x3E { return index }
            if byte <= 0x20 { return nil }
            index &+= 1
        }
        return nil
    }

    /// The `>` that ends a start tag, outside quoted attribute values.
    private static func endOfStartTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while let found = next(tagEndOrQuote, in: bytes, from: index) {
            let byte = bytes[found]
            if byte == 0x3E { return found }
            guard let closing = next(byte, in: bytes, from: found + 1) else { return nil }
            index = closing + 1
        }
        return nil
    }

    /// A tag's qualified name: up to white space, "/" or ">".
    private static func name(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        var index = start
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x2F: return bytes[start..<index]
            default: index += 1
            }
        }
        return bytes[start..<end]
    }

    /// The namespace a prefix (empty: none) is bound to at an element whose
    /// own tag declares `own`: its own declarations first, then its
    /// ancestors', innermost first. Empty for no namespace; nil for a prefix
    /// nothing declares.
    private func namespace(of prefix: some Collection<UInt8>, declaredIn own: XMLNamespaceDeclarations) -> [UInt8]? {
        if let uri = own.uri(of: prefix) { return uri }
        for ancestor in ancestors.reversed() {
            if let uri = ancestor.declarations.uri(of: prefix) { return uri }
        }
        return prefix.isEmpty ? [] : nil
    }

    private static func prefix<Name: Collection<UInt8>>(_ name: Name) -> Name.SubSequence {
        guard let colon = name.firstIndex(of: 0x3A) else { return name[name.startIndex..<name.startIndex] }
        return name[..<colon]
    }

    private static func localName<Name: Collection<UInt8>>(_ name: Name) -> Name.SubSequence {
        if let colon = name.firstIndex(of: 0x3A) { return name[name.index(after: colon)...] }
        return name[...]
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - start >= count else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
        return bytes[start..<start + count].elementsEqual(expected)
    }

    /// The first `byte` at or after `start`. Eight bytes at a time, inline:
    /// what lies between two tags is mostly a few bytes, where calling
    /// `memchr` cost more than the looking.
    @inline(__always)
    private static func next(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        next(ByteStops(byte, byte, byte), in: bytes, from: start)
    }

    @inline(__always)
    private static func next(_ stops: ByteStops, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let found = stops.first(in: bytes, from: start)
        return found < bytes.count ? found : nil
    }

    /// What ends a start tag, outside quoted values: `>`, or a quote opening one.
    private static let tagEndOrQuote = ByteStops(0x3E, 0x22, 0x27)

    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The first place at or after `start` where `terminator` begins.
    private static func find(_ terminator: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var from = start
        while let last = find(terminator[terminator.count - 1], in: bytes, from: from + terminator.count - 1) {
            let begin = last - (terminator.count - 1)
            if bytes[begin..<last].elementsEqual(terminator.dropLast()) { return begin }
            from = begin + 1
        }
        return nil
    }
}
