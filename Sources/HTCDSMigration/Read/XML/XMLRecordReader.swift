internal import CLibXML2
import Foundation

/// The `xml` reader's options: which element is a record, and the namespace
/// prefixes the mapping's paths use.
struct XMLOptions: Sendable {
    var recordPath: String
    var namespaces: [String: String] = [:]
    /// Deeper nesting is refused: legacy exports are a few levels deep, and a
    /// document nested thousands deep is an attack, not data.
    var maxDepth = 100
}

/// The `xml` reader, on libxml2's streaming reader (xmlTextReader): a file of
/// any size is read in flat memory, one record element at a time. Safe by
/// default: no network, no DTD loading, entities never substituted (an entity
/// reference is reported, and an external one reads nothing), nesting bounded,
/// and libxml2's own error printing (which echoes document text) replaced by a
/// handler that turns its messages into issues.
/// Not thread-safe: one libxml2 reader serves one run on one thread.
final class XMLRecordReader: RecordReader {
    let columns: [String]
    var inputDescription: String { "XML" }

    /// The input's path as the user gave it, for messages.
    private let path: String
    private let fileName: FileName
    /// A piece of a document parsed on its own (`XMLParallelReader`): its
    /// lines and records are counted from these, its bytes freed with the reader.
    private let lineOffset: Int
    /// Whether libxml2 knows every element's line exactly (a document of
    /// fewer than 65535 lines, as the pieces of one are): the newlines of
    /// text between elements need not be counted to carry lines on.
    private let linesExact: Bool
    /// What libxml2 reads from, kept open (or allocated) as long as it does.
    private let input: Input
    private let reader: xmlTextReaderPtr
    private let errors: XMLErrorCollector
    private let options: XMLOptions
    /// The record path, the columns, the groups and the groups' columns, compiled.
    private let paths: Paths
    private var table: XMLPathTable { paths.table }
    private var recordPath: Int { paths.recordPath }
    private var recordPathBytes: [UInt8] { paths.recordPathBytes }
    private var columnPaths: [Int] { paths.columnPaths }
    private var groupPaths: [Int] { paths.groupPaths }
    private var groupPathsWritten: [String] { paths.groupPathsWritten }
    private var groupColumnPaths: [[Int]] { paths.groupColumnPaths }
    private var textColumns: [(column: Int, path: Int)] { paths.textColumns }
    private var textColumnStarts: [Int] { paths.textColumnStarts }
    private var recordTextGroup: Int { paths.recordTextGroup }
    private let issues: IssueSink

    /// A repeated element being read inside the record.
    private struct OpenGroup {
        let group: Int
        let depth: Int
        let line: Int
        var values: [[String]]
    }

    /// What changes while reading. Kept in one value that `next` moves out of
    /// the object and back, so that the many small changes per element are
    /// made to a local variable (a class's stored properties are checked for
    /// exclusive access at run time on every change).
    private struct State {
        var openGroups: [OpenGroup] = []
        var groupRecords: [[SourceRecord]] = []
        /// The open elements, outermost first (memory the reader owns).
        let stack: UnsafeMutablePointer<PlainBuffer<XMLPathTable.Element>>
        /// The attributes of open elements that had some, when paths test them
        /// (`XMLPathTable.Element.attributes` indexes this).
        var attributeSets: [[String: String]] = []
        /// Depth of the record element being read, nil between records.
        var recordDepth: Int?
        var recordLine = 0
        /// The line the reader is on. libxml2 keeps elements' line numbers only up
        /// to 65535 (and the parser reads ahead), so each element with an exact
        /// line sets it, and the newlines of the text, whitespace and comments
        /// that follow carry it on past 65535.
        var line = 1
        var recordCount = 0
        /// The texts of the open elements inside the record, innermost last:
        /// bytes, each element's starting at its entry in `textStarts`.
        /// (Arenas the reader owns, behind pointers: appended to without an
        /// Array's checks, and read while the state changes.)
        let textBytes: UnsafeMutablePointer<ByteArena>
        let textStarts: UnsafeMutablePointer<PlainBuffer<Int>>
        /// The record's values while no column repeats: each column's bytes
        /// in `found` (nil: absent). No String is made of an element's text.
        let found: UnsafeMutablePointer<ByteArena>
        var foundRanges: [Range<Int>?] = []
        /// Set once a column repeats (or groups are read): the record's values
        /// by column, one text, or a list once an element repeats.
        var asValues = false
        var values: [SourceValue] = []
        var localNames: XMLNameCache
        var namespaceNames: XMLNameCache
        /// The record element was read whole (expanded): skip it next.
        var skipsRecord = false
        /// Room to lay a record's cells out in column order.
        let rowBytes: UnsafeMutablePointer<ByteArena>
        var rowEnds: [UInt32] = []

        init(_ memory: Memory) {
            (textBytes, found, rowBytes) = (memory.text, memory.found, memory.row)
            (stack, textStarts) = (memory.stack, memory.textStarts)
            localNames = XMLNameCache(slots: memory.localSlots)
            namespaceNames = XMLNameCache(slots: memory.namespaceSlots)
        }

        /// One more text found for a column.
        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, toColumn column: Int) {
            if !asValues && foundRanges[column] != nil {
                // A repeated element: its values become a list, so all become values.
                values = foundRanges.map { range in
                    range.map { .text(String(decoding: found.pointee.bytes($0.lowerBound, $0.upperBound), as: UTF8.self)) } ?? .null
                }
                asValues = true
            }
            if asValues {
                XMLRecordReader.add(String(decoding: bytes, as: UTF8.self), to: &values[column])
                return
            }
            let start = found.pointee.count
            found.pointee.append(bytes)
            foundRanges[column] = start..<found.pointee.count
        }

        /// The record's cells: bytes in column order, or values.
        mutating func takeRecord(location: SourceLocation) -> SourceRecord {
            if asValues { return SourceRecord(location: location, values: values, groups: groupRecords) }
            rowBytes.pointee.removeAll()
            rowEnds.removeAll(keepingCapacity: true)
            for range in foundRanges {
                if let range {
                    rowBytes.pointee.append(found.pointee.bytes(range.lowerBound, range.upperBound))
                    rowEnds.append(UInt32(rowBytes.pointee.count))
                } else {
                    rowEnds.append(UInt32(rowBytes.pointee.count) | RowCells.absent)
                }
            }
            let row = rowEnds.withUnsafeBufferPointer { RowCells.make(bytes: rowBytes.pointee.all, ends: $0) }
            return SourceRecord(location: location, row: row)
        }
    }

    /// (Moved out and back by every `next`: no run-time exclusivity check.)
    @exclusivity(unchecked) private var state: State

    /// The state's memory, owned here: its byte arenas (text, found and row
    /// bytes) and its name caches' tables.
    private struct Memory {
        let text = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        let found = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        let row = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        let localSlots = XMLNameCache.makeSlots()
        let namespaceSlots = XMLNameCache.makeSlots()
        let stack = UnsafeMutablePointer.owning(PlainBuffer<XMLPathTable.Element>(capacity: 32))
        let textStarts = UnsafeMutablePointer.owning(PlainBuffer<Int>(capacity: 32))

        func release() {
            for arena in [text, found, row] { arena.free() }
            localSlots.deallocate()
            namespaceSlots.deallocate()
            stack.free()
            textStarts.free()
        }
    }
    private let memory: Memory
    /// Whether elements' attributes are kept for paths that test them.
    private let keepsAttributes: Bool

    /// libxml2 parser options: no network, big line numbers; never NOENT
    /// (with it an external entity is read even under NONET), DTDLOAD or HUGE.
    private static let parserOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue
                                             | XML_PARSE_COMPACT.rawValue)

    /// What libxml2 reads: an open file, or a document in memory that the
    /// reader takes over (and frees).
    enum Input {
        case file(ByteSource)
        case memory(UnsafeMutableRawBufferPointer)

        /// Frees a document in memory (a file closes with its source).
        func release() {
            if case .memory(let bytes) = self { bytes.deallocate() }
        }
    }

    convenience init(source: ByteSource, options: XMLOptions, columns: [String],
                     groups: [(path: String, columns: [String])] = [], issues: IssueSink) throws {
        try self.init(path: source.displayPath, input: .file(source), options: options,
                      columns: columns, groups: groups, issues: issues)
    }

    /// The record path, the columns, the groups and the groups' columns,
    /// compiled: once for a document, however many pieces it is read in
    /// (compiling them took ~9,000 instructions a record at a piece's ~160).
    struct Paths: @unchecked Sendable {
        // Unchecked: the table is a class, immutable once made.
        let table: XMLPathTable
        let recordPath: Int
        /// The record path as written, in UTF-8 (each record's path starts with it).
        let recordPathBytes: [UInt8]
        let columnPaths: [Int]
        let groupPaths: [Int]
        let groupPathsWritten: [String]
        let groupColumnPaths: [[Int]]
        /// Element-text columns grouped by their innermost element's name number,
        /// the record's own text (`.`) last: group g is
        /// `textColumns[textColumnStarts[g]..<textColumnStarts[g + 1]]`. Flat, so
        /// that closing an element reads no array out of another (a retain each).
        let textColumns: [(column: Int, path: Int)]
        let textColumnStarts: [Int]
        let recordTextGroup: Int

        /// The paths of `options`, `columns` and `groups`; an `InputError` naming `path` when one is bad.
        init(path: String, options: XMLOptions, columns: [String], groups: [(path: String, columns: [String])]) throws {
            do {
                // One list of every path; the reader keeps each one's index in it.
                var all: [XMLPath] = []
                func index(_ path: XMLPath) -> Int {
                    all.append(path)
                    return all.count - 1
                }
                let record = try XMLPath(options.recordPath, namespaces: options.namespaces, relative: false)
                recordPath = index(record)
                recordPathBytes = Array(record.written.utf8)
                columnPaths = try columns.map { index(try XMLPath($0, namespaces: options.namespaces, relative: true)) }
                let parsedGroups = try groups.map { try XMLPath($0.path, namespaces: options.namespaces, relative: true) }
                groupPaths = parsedGroups.map { index($0) }
                groupPathsWritten = parsedGroups.map(\.written)
                groupColumnPaths = try groups.map { group in
                    try group.columns.map { index(try XMLPath($0, namespaces: options.namespaces, relative: true)) }
                }
                let table = XMLPathTable(all)
                self.table = table
                // Text columns by the name of the element that holds them, so that closing an
                // element looks only at the columns it can be.
                var byLocal = [[(column: Int, path: Int)]](repeating: [], count: table.localNameCount + 1)
                for (column, path) in columnPaths.enumerated() where !table.isAttributePath(path) {
                    byLocal[table.lastLocal(path).map(Int.init) ?? table.localNameCount].append((column, path))
                }
                recordTextGroup = table.localNameCount
                textColumns = Array(byLocal.joined())
                textColumnStarts = byLocal.reduce(into: [0]) { starts, group in starts.append(starts.last! + group.count) }
            } catch {
                throw InputError(path: path, message: "bad XML path: \(error)")
            }
        }
    }

    /// A reader of `input`; lines and record numbers in what it reports are
    /// counted on from `lineOffset` and `recordOffset` (a piece of a document).
    convenience init(path: String, input: Input, options: XMLOptions, columns: [String],
                     groups: [(path: String, columns: [String])] = [], issues: IssueSink, lineOffset: Int = 0,
                     recordOffset: Int = 0, linesExact: Bool = false) throws {
        let paths: Paths
        do {
            paths = try Paths(path: path, options: options, columns: columns, groups: groups)
        } catch {
            input.release()
            throw error
        }
        try self.init(path: path, input: input, options: options, columns: columns, paths: paths, issues: issues,
                      lineOffset: lineOffset, recordOffset: recordOffset, linesExact: linesExact)
    }

    /// A reader of `input` with its paths compiled already.
    init(path: String, input: Input, options: XMLOptions, columns: [String], paths: Paths, issues: IssueSink,
         lineOffset: Int = 0, recordOffset: Int = 0, linesExact: Bool = false) throws {
        self.path = path
        fileName = FileName(path)
        self.lineOffset = lineOffset
        self.linesExact = linesExact
        self.input = input
        self.options = options
        self.issues = issues
        self.columns = columns
        self.paths = paths
        keepsAttributes = paths.table.hasPredicates
        do {
            (reader, errors) = try Self.openSafely(path: path, input: input, issues: issues, lineOffset: lineOffset)
        } catch {
            input.release()
            throw error
        }
        memory = Memory()
        state = State(memory)
        state.recordCount = recordOffset
    }

    /// A libxml2 streaming reader on the source with the safe options, its
    /// messages going to the returned collector (kept alive by the caller).
    static func openSafely(path: String, input: Input, issues: IssueSink,
                           lineOffset: Int = 0) throws -> (xmlTextReaderPtr, XMLErrorCollector) {
        htcds_xml_silence_global_errors()
        let opened: xmlTextReaderPtr? = switch input {
        case .file(let source): xmlReaderForFd(source.descriptor, path, nil, parserOptions)
        case .memory(let bytes):
            xmlReaderForMemory(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), path, nil,
                               parserOptions)
        }
        guard let reader = opened else {
            throw InputError(path: path, message: "cannot be read as XML")
        }
        let errors = XMLErrorCollector(path: path, issues: issues, lineOffset: lineOffset)
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue().collect(error.pointee)
        }, Unmanaged.passUnretained(errors).toOpaque())
        return (reader, errors)
    }

    deinit {
        xmlFreeTextReader(reader)
        input.release()
        memory.release()
    }

    func next() throws -> SourceRecord? {
        var state = State(memory)
        swap(&state, &self.state)
        defer { swap(&state, &self.state) }
        while true {
            // After a record read whole, the reader skips past it.
            let status = state.skipsRecord ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader)
            state.skipsRecord = false
            if status == 0 {
                if state.recordDepth != nil { throw errors.fatal ?? InputError(path: path, message: "the file ends inside a record") }
                return nil
            }
            guard status == 1 else {
                throw errors.fatal ?? InputError(path: path, message: "is not well-formed XML",
                                                 line: Int(xmlTextReaderGetParserLineNumber(reader)) + lineOffset)
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let wasInRecord = state.recordDepth != nil
                try startElementFromReader(&state)
                if xmlTextReaderIsEmptyElement(reader) == 1, let record = endElement(&state) { return record }
                if !wasInRecord, state.recordDepth != nil, let record = try readRecordWhole(&state) { return record }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if let record = endElement(&state) { return record }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                guard let text = xmlTextReaderConstValue(reader) else { continue }
                let bytes = linesExact ? Self.measured(text) : Self.counted(text, &state).bytes
                if state.recordDepth != nil, !state.textStarts.pointee.isEmpty { state.textBytes.pointee.append(bytes) }
            case Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue),
                 Int32(XML_READER_TYPE_COMMENT.rawValue), Int32(XML_READER_TYPE_PROCESSING_INSTRUCTION.rawValue):
                if !linesExact { Self.countLines(xmlTextReaderConstValue(reader), &state) }
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                reportEntity(xmlTextReaderConstName(reader), line: currentLine(&state))
            default:
                continue
            }
        }
    }

    /// The line of the element the reader is on.
    private func currentLine(_ state: inout State) -> Int {
        if let node = xmlTextReaderCurrentNode(reader) { Self.noteLine(of: node, &state) }
        return state.line
    }

    /// A node's line, when libxml2 knows it exactly (it keeps elements' lines
    /// only up to 65535; past that the newlines counted carry the line on).
    private static func noteLine(of node: xmlNodePtr, _ state: inout State) {
        let exact = Int(xmlGetLineNo(node))
        if exact > 0 && exact < 65535 { state.line = exact }
    }

    /// A text's bytes, its newlines counted, and whether it is only blanks
    /// (space, tab, CR, LF: libxml2's `xmlIsBlankNode`), in one pass.
    private static func counted(_ text: UnsafePointer<UInt8>, _ state: inout State)
        -> (bytes: UnsafeBufferPointer<UInt8>, blank: Bool) {
        var end = text
        var newlines = 0
        var blank = true
        while true {
            let byte = end.pointee
            if byte > 0x20 {
                blank = false
            } else if byte == 0 {
                break
            } else if byte == 0x0A {
                newlines += 1
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                blank = false
            }
            end += 1
        }
        state.line += newlines
        return (UnsafeBufferPointer(start: text, count: end - text), blank)
    }

    private func reportEntity(_ name: UnsafePointer<UInt8>?, line: Int) {
        issues.report(Issue(.xmlEntity, .warning,
            "the entity reference &\(name.map { String(cString: $0) } ?? "?"); is not expanded: entities and DTDs are never loaded",
            at: SourceLocation(file: fileName, line: line + lineOffset)))
    }

    /// Newlines in libxml2's text without making a Swift string of it (whitespace between elements).
    /// A text's bytes (libxml2's text ends with a zero byte).
    private static func measured(_ text: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text, count: strlen(text))
    }

    /// `counted` without the newlines (`linesExact`): a blank text, nearly
    /// always the indentation between elements, is read only to its end,
    /// any other only to its first byte and then measured by `strlen`.
    private static func measuredUnlessBlank(_ text: UnsafePointer<UInt8>) -> (bytes: UnsafeBufferPointer<UInt8>, blank: Bool) {
        var at = text
        while true {
            switch at.pointee {
            case 0: return (UnsafeBufferPointer(start: text, count: at - text), true)
            case 0x20, 0x09, 0x0A, 0x0D: at += 1
            default: return (measured(text), false)
            }
        }
    }

    private static func countLines(_ text: UnsafePointer<UInt8>?, _ state: inout State) {
        guard var byte = text else { return }
        while byte.pointee != 0 {
            if byte.pointee == 0x0A { state.line += 1 }
            byte += 1
        }
    }

    /// An attribute as either source gives it: names interned by libxml2, the value's bytes.
    private struct Attribute {
        let local: UnsafePointer<UInt8>?
        let namespace: UnsafePointer<UInt8>?
        let value: [UInt8]
    }

    /// The element the reader is on opens.
    private func startElementFromReader(_ state: inout State) throws {
        var attributes: [Attribute] = []
        if xmlTextReaderHasAttributes(reader) == 1 {
            while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                attributes.append(Attribute(local: xmlTextReaderConstLocalName(reader), namespace: xmlTextReaderConstNamespaceUri(reader),
                                            value: Array(UnsafeBufferPointer(start: value, count: strlen(value)))))
            }
            xmlTextReaderMoveToElement(reader)
        }
        try startElement(depth: Int(xmlTextReaderDepth(reader)), line: currentLine(&state),
                         local: xmlTextReaderConstLocalName(reader), namespace: xmlTextReaderConstNamespaceUri(reader),
                         attributes: attributes, &state)
    }

    /// The record element the reader is on, read whole: libxml2 builds its
    /// subtree and the reader walks the nodes, instead of asking the reader
    /// for every node (a call and a node freed each). Nil when libxml2 could
    /// not build it (the caller reads on and meets the error).
    private func readRecordWhole(_ state: inout State) throws -> SourceRecord? {
        guard let record = xmlTextReaderExpand(reader) else { return nil }
        try walk(record.pointee.children, depth: state.stack.pointee.count, &state)
        state.skipsRecord = true
        return endElement(&state)
    }

    /// The nodes from `first` on, and their children, as the reader would give them.
    private func walk(_ first: xmlNodePtr?, depth: Int, _ state: inout State) throws {
        var node = first
        while let current = node {
            let item = current.pointee
            switch item.type {
            case XML_ELEMENT_NODE:
                Self.noteLine(of: current, &state)
                var attributes: [Attribute] = []
                var property = item.properties
                while let attribute = property {
                    if let value = xmlNodeListGetString(item.doc, attribute.pointee.children, 1) {
                        attributes.append(Attribute(local: attribute.pointee.name, namespace: attribute.pointee.ns?.pointee.href,
                                                    value: Array(UnsafeBufferPointer(start: value, count: strlen(value)))))
                        htcds_xml_free(value)
                    }
                    property = attribute.pointee.next
                }
                try startElement(depth: depth, line: state.line, local: item.name, namespace: item.ns?.pointee.href,
                                 attributes: attributes, &state)
                try walk(item.children, depth: depth + 1, &state)
                _ = closeElement(&state)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard let text = item.content else { break }
                let (bytes, blank) = linesExact ? Self.measuredUnlessBlank(text) : Self.counted(text, &state)
                // Whitespace between elements is not text, as the reader says (xmlIsBlankNode).
                if item.type == XML_CDATA_SECTION_NODE || !blank, !state.textStarts.pointee.isEmpty {
                    state.textBytes.pointee.append(bytes)
                }
            case XML_COMMENT_NODE, XML_PI_NODE:
                if !linesExact { Self.countLines(item.content, &state) }
            case XML_ENTITY_REF_NODE:
                reportEntity(item.name, line: state.line)
            default:
                break
            }
            node = item.next
        }
    }

    private func startElement(depth: Int, line elementLine: Int, local: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?,
                              attributes: [Attribute], _ state: inout State) throws {
        guard depth < options.maxDepth else {
            throw InputError(path: path, message: "elements are nested deeper than \(options.maxDepth) levels",
                             line: elementLine + lineOffset)
        }
        var element = XMLPathTable.Element(
            local: state.localNames.id(local, table.localID),
            namespace: state.namespaceNames.id(namespace, table.namespaceID))
        if keepsAttributes && !attributes.isEmpty {
            var kept: [String: String] = [:]
            for attribute in attributes {
                if let name = attribute.local { kept[String(cString: name)] = String(decoding: attribute.value, as: UTF8.self) }
            }
            element.attributes = Int32(state.attributeSets.count)
            state.attributeSets.append(kept)
        }
        state.stack.pointee.append(element)
        if state.recordDepth == nil, table.matches(recordPath, state.stack.pointee.all, from: 0, attributeSets: state.attributeSets) {
            state.recordDepth = depth
            state.recordLine = elementLine
            state.recordCount += 1
            state.found.pointee.removeAll()
            if state.foundRanges.count == columns.count {
                for column in 0..<columns.count { state.foundRanges[column] = nil }
            } else {
                state.foundRanges = Array(repeating: nil, count: columns.count)
            }
            // Repeated elements' records are read from values.
            state.asValues = !groupPaths.isEmpty
            state.values = state.asValues ? Array(repeating: .null, count: columns.count) : []
            state.textBytes.pointee.removeAll()
            state.textStarts.pointee.removeAll()
            state.openGroups = []
            state.groupRecords = Array(repeating: [], count: groupPaths.count)
        }
        guard let recordDepth = state.recordDepth else { return }
        state.textStarts.pointee.append(state.textBytes.pointee.count)
        let relative = recordDepth + 1
        for (group, path) in groupPaths.enumerated()
        where !table.isAttributePath(path) && table.hasElementSteps(path)
            && table.matches(path, state.stack.pointee.all, from: relative, attributeSets: state.attributeSets) {
            state.openGroups.append(OpenGroup(group: group, depth: depth, line: elementLine,
                                        values: Array(repeating: [], count: groupColumnPaths[group].count)))
        }
        for attribute in attributes {
            let local = state.localNames.id(attribute.local, table.localID)
            let namespace = state.namespaceNames.id(attribute.namespace, table.namespaceID)
            // An attribute no path names is never read.
            guard local != XMLPathTable.unknown else { continue }
            attribute.value.withUnsafeBufferPointer { value in
                for (index, path) in columnPaths.enumerated()
                where table.matchesAttribute(path, local: local, namespace: namespace, state.stack.pointee.all, from: relative,
                                             attributeSets: state.attributeSets) {
                    state.add(value, toColumn: index)
                }
                for open in state.openGroups.indices {
                    for (index, path) in groupColumnPaths[state.openGroups[open].group].enumerated()
                    where table.matchesAttribute(path, local: local, namespace: namespace, state.stack.pointee.all,
                                                 from: state.openGroups[open].depth + 1, attributeSets: state.attributeSets) {
                        state.openGroups[open].values[index].append(String(decoding: value, as: UTF8.self))
                    }
                }
            }
        }
    }

    /// Closes the innermost element; returns the record when it was the record's.
    private func endElement(_ state: inout State) -> SourceRecord? {
        closeElement(&state) ? finishRecord(&state) : nil
    }

    /// Closes the innermost element: its text to the columns it is, and the
    /// repeated elements it ends. True when it was the record's (no record is
    /// made here: walking a record's elements, that was an Optional made and
    /// destroyed for each).
    private func closeElement(_ state: inout State) -> Bool {
        defer {
            if let closed = state.stack.pointee.popLast(), closed.attributes >= 0 { state.attributeSets.removeLast() }
        }
        guard let recordDepth = state.recordDepth, let textStart = state.textStarts.pointee.popLast() else { return false }
        let depth = state.stack.pointee.count - 1
        let table = self.table
        // The text's bytes stay put while columns copy them (`found` is another arena).
        let text = state.textBytes.pointee.bytes(textStart, state.textBytes.pointee.count)
        if !Self.isBlank(text) {
            let local = state.stack.pointee[depth].local
            let group = depth == recordDepth ? recordTextGroup : Int(local)
            if group >= 0 {
                for candidate in textColumnStarts[group]..<textColumnStarts[group + 1] {
                    let (column, path) = textColumns[candidate]
                    if table.matches(path, state.stack.pointee.all, from: recordDepth + 1, attributeSets: state.attributeSets) {
                        state.add(text, toColumn: column)
                    }
                }
            }
            for open in state.openGroups.indices {
                for (index, path) in groupColumnPaths[state.openGroups[open].group].enumerated()
                where !table.isAttributePath(path)
                    && table.matches(path, state.stack.pointee.all, from: state.openGroups[open].depth + 1, attributeSets: state.attributeSets) {
                    state.openGroups[open].values[index].append(String(decoding: text, as: UTF8.self))
                }
            }
        }
        // The element's text is done with; its parent's goes on after it.
        state.textBytes.pointee.truncate(to: textStart)
        while let open = state.openGroups.last, open.depth == depth {
            state.openGroups.removeLast()
            let number = state.groupRecords[open.group].count + 1
            let location = SourceLocation(file: fileName, line: open.line + lineOffset, record: state.recordCount,
                                          path: recordPathText(state.recordCount) + "/\(groupPathsWritten[open.group])[\(number)]")
            state.groupRecords[open.group].append(SourceRecord(location: location, values: open.values.map(Self.value)))
        }
        guard depth == recordDepth else { return false }
        state.recordDepth = nil
        return true
    }

    /// The record just closed.
    private func finishRecord(_ state: inout State) -> SourceRecord {
        let location = SourceLocation(file: fileName, line: state.recordLine + lineOffset, record: state.recordCount,
                                      path: recordPathText(state.recordCount))
        return state.takeRecord(location: location)
    }

    /// `/export/cases/case[12]`: the record path as written and the record's
    /// number, put together as bytes (three String appends a record before).
    private func recordPathText(_ number: Int) -> String {
        String(unsafeUninitializedCapacity: recordPathBytes.count + 22) { buffer in
            var count = 0
            for byte in recordPathBytes {
                buffer[count] = byte
                count += 1
            }
            buffer[count] = UInt8(ascii: "[")
            count += 1
            var digits = 1
            var rest = number / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            rest = number
            for position in stride(from: count + digits - 1, through: count, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            count += digits
            buffer[count] = UInt8(ascii: "]")
            return count + 1
        }
    }

    /// Whitespace only (bytes first: element text is nearly always ASCII).
    private static func isBlank(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for byte in text {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default:
                if byte < 0x80 { return false }
                ascii = false
            }
        }
        return ascii || String(decoding: text, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    /// A column's value with one more text found for it.
    private static func add(_ text: String, to value: inout SourceValue) {
        switch value {
        case .text(let first): value = .list([first, text])
        case .list(var items):
            value = .null  // lets go of the array so that appending does not copy it
            items.append(text)
            value = .list(items)
        default: value = .text(text)
        }
    }

    private static func value(_ found: [String]) -> SourceValue {
        switch found.count {
        case 0: .null
        case 1: .text(found[0])
        default: .list(found)
        }
    }
}

/// Receives libxml2's messages: warnings and errors become issues; the first
/// fatal error becomes the error that stops the run, with its line and column.
final class XMLErrorCollector {
    private let path: String
    private let issues: IssueSink
    /// Added to libxml2's lines: a piece of a document starts part-way down it.
    private let lineOffset: Int
    private(set) var fatal: InputError?

    init(path: String, issues: IssueSink, lineOffset: Int = 0) {
        self.path = path
        self.issues = issues
        self.lineOffset = lineOffset
    }

    func collect(_ error: xmlError) {
        let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "XML error"
        let line = error.line > 0 ? Int(error.line) + lineOffset : 0
        let column = Int(error.int2)
        switch error.level {
        case XML_ERR_FATAL:
            if fatal == nil {
                fatal = InputError(path: path, message: "is not well-formed XML: \(message)",
                                   line: line > 0 ? line : nil, column: column > 0 ? column : nil)
            }
        case XML_ERR_ERROR:
            issues.report(Issue(.xmlWarning, .error, message, at: SourceLocation(file: path, line: line, column: column)))
        default:
            issues.report(Issue(.xmlWarning, .warning, message, at: SourceLocation(file: path, line: line, column: column)))
        }
    }
}
