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
    /// The most bytes one record may take (see `ReaderRequest.maxRecordBytes`).
    var maxRecordBytes = ReaderRequest.defaultMaxRecordBytes
}

/// The `xml` reader, on libxml2's SAX2 push parser (`XMLSAXParser`): a file
/// of any size is read in flat memory, a block at a time, each record built
/// from the parser's calls as its elements start and end. Safe by default: no
/// network, no DTD loading, entities never substituted (an entity reference
/// is reported, and an external one reads nothing), nesting bounded, and
/// libxml2's own error printing (which echoes document text) replaced by a
/// handler that turns its messages into issues.
/// Not thread-safe: one libxml2 parser serves one run on one thread.
final class XMLRecordReader: RecordReader {
    let columns: [String]
    var inputDescription: String { "XML" }

    /// The input's path as the user gave it, for messages.
    private let path: String
    private let fileName: FileName
    /// A piece of a document parsed on its own (`XMLParallelReader`): its
    /// lines and records are counted from these, its bytes freed with the parser.
    private let lineOffset: Int
    private let parser: XMLSAXParser
    /// The parser's context: calls back from any other (libxml2 checks an
    /// internal entity's text with a parser of its own and the same
    /// handler) are not the document's.
    private let context: xmlParserCtxtPtr
    private let errors: XMLErrorCollector
    private let options: XMLOptions
    /// The record path, the columns, the groups and the groups' columns, compiled.
    private let paths: Paths
    /// Every path below the record, with how many records have and fill it.
    let census: XMLPathCensus
    private var table: XMLPathTable { paths.table }
    private var recordPath: Int { paths.recordPath }
    private var columnPaths: [Int] { paths.columnPaths }
    private var groupPaths: [Int] { paths.groupPaths }
    private var groupPathsWritten: [FileName] { paths.groupPathsWritten }
    private var groupColumnPaths: [[Int]] { paths.groupColumnPaths }
    private var textColumns: [(column: Int, path: Int)] { paths.textColumns }
    private var textColumnStarts: [Int] { paths.textColumnStarts }
    private var recordTextGroup: Int { paths.recordTextGroup }
    private let issues: IssueSink

    /// What a block of the document gave, in document order: records, and
    /// what was reported between them (handed on just before the next record,
    /// as a reader going node by node would).
    private enum Event {
        case record(SourceRecord)
        case issue(Issue)
    }
    // Changed by the parser's calls back and by `next`, on one thread and by
    // plain statements only: no run-time exclusivity check.
    /// (Optional so that each is moved out as it is handed on, not copied:
    /// a record's copy retained its references, a few atomic writes each.)
    @exclusivity(unchecked) private var events: [Event?] = []
    @exclusivity(unchecked) private var handedOut = 0
    /// How reading ends once the events are handed out.
    private enum Ending {
        case notYet
        case atEnd
        case failed(any Error)
    }
    @exclusivity(unchecked) private var ending = Ending.notYet

    /// A repeated element being read inside the record.
    private struct OpenGroup {
        let group: Int
        let depth: Int
        let line: Int
        var values: [[String]]
    }

    /// What changes while reading, changed by the parser's calls back.
    private struct State {
        var openGroups: [OpenGroup] = []
        var groupRecords: [[SourceRecord]] = []
        /// The open elements, outermost first (memory the reader owns).
        let stack: UnsafeMutablePointer<PlainBuffer<XMLPathTable.Element>>
        /// The attribute tests passed by open elements that passed some
        /// (`XMLPathTable.Element.passedTests` indexes this).
        var passedTests: [SmallIntSet] = []
        /// Depth of the record element being read, nil between records.
        var recordDepth: Int?
        var recordLine = 0
        /// Where the record under way began, in bytes libxml2 had consumed.
        var recordStartByte = 0
        var recordCount = 0
        /// The texts of the open elements inside the record, innermost last:
        /// bytes, each element's starting at its entry in `textStarts`.
        /// (Arenas the reader owns, behind pointers: appended to without an
        /// Array's checks, and read while the state changes.)
        let textBytes: UnsafeMutablePointer<ByteArena>
        let textStarts: UnsafeMutablePointer<PlainBuffer<Int>>
        /// Where in `textBytes` the run of text the parser is giving began
        /// (-1: none), and whether it is blank so far. A run is what a tree
        /// would hold as one text node; a blank one (space, tab, CR, LF only:
        /// libxml2's `xmlIsBlankNode`) is the layout between elements, not text.
        var runStart = -1
        var runBlank = true
        /// The record's values while no column repeats: each column's bytes
        /// in `found`, from `foundStarts[column]` to `foundEnds[column]` (an
        /// end of `RowCells.absent`: none yet), laid out as a row's cells.
        /// No String is made of an element's text.
        let found: UnsafeMutablePointer<ByteArena>
        let foundStarts: UnsafeMutableBufferPointer<UInt32>
        let foundEnds: UnsafeMutableBufferPointer<UInt32>
        /// Set once a column repeats (or groups are read): the record's values
        /// by column, one text, or a list once an element repeats.
        var asValues = false
        var values: [SourceValue] = []
        var localNames: XMLNameCache
        var namespaceNames: XMLNameCache

        init(_ memory: Memory) {
            (textBytes, found, foundStarts, foundEnds) = (memory.text, memory.found, memory.foundStarts, memory.foundEnds)
            (stack, textStarts) = (memory.stack, memory.textStarts)
            localNames = XMLNameCache(slots: memory.localSlots, namespaces: false)
            namespaceNames = XMLNameCache(slots: memory.namespaceSlots, namespaces: true)
        }

        /// Text inside the record's elements, given by the parser in runs.
        mutating func addText(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard recordDepth != nil, !textStarts.pointee.isEmpty else { return }
            if runStart < 0 {
                runStart = textBytes.pointee.count
                runBlank = true
            }
            textBytes.pointee.append(bytes)
            if runBlank {
                for byte in bytes where byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D {
                    runBlank = false
                    break
                }
            }
        }

        /// A CDATA section: text even when blank, and a run of its own.
        mutating func addCDATA(_ bytes: UnsafeBufferPointer<UInt8>) {
            endTextRun()
            addText(bytes)
            runStart = -1
        }

        /// The run of text ends (an element starts or ends, or a comment,
        /// CDATA section or entity reference comes): a blank run is dropped.
        mutating func endTextRun() {
            guard runStart >= 0 else { return }
            if runBlank { textBytes.pointee.truncate(to: runStart) }
            runStart = -1
        }

        /// One more text found for a column: its first, laid out in `found`
        /// (nearly always, and inline), or a repeat.
        @inline(__always)
        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, toColumn column: Int) {
            guard !asValues && foundEnds[column] == RowCells.absent else { return addAsValue(bytes, toColumn: column) }
            foundStarts[column] = UInt32(found.pointee.count)
            found.pointee.append(bytes)
            foundEnds[column] = UInt32(found.pointee.count)
        }

        /// A text for a column once the record's values are kept as values (a
        /// column repeated: its values become a list, so all become values).
        @inline(never)
        private mutating func addAsValue(_ bytes: UnsafeBufferPointer<UInt8>, toColumn column: Int) {
            if !asValues {
                values = (0..<foundEnds.count).map { column in
                    foundEnds[column] == RowCells.absent ? .null
                        : .text(String(decoding: found.pointee.bytes(Int(foundStarts[column]), Int(foundEnds[column])), as: UTF8.self))
                }
                asValues = true
            }
            XMLRecordReader.add(String(decoding: bytes, as: UTF8.self), to: &values[column])
        }

        /// The record's cells (straight from `found`, in the order the
        /// elements came: a cell's place is its own), or values.
        mutating func takeRecord(location: SourceLocation) -> SourceRecord {
            if asValues { return SourceRecord(location: location, values: values, groups: groupRecords) }
            let row = RowCells.make(found.pointee.all, starts: UnsafeBufferPointer(foundStarts), ends: UnsafeBufferPointer(foundEnds))
            return SourceRecord(location: location, row: row)
        }
    }

    /// (Changed in place by every call back: no run-time exclusivity check.)
    @exclusivity(unchecked) private var state: State

    /// The state's memory, owned here: its byte arenas (text and found
    /// bytes) and its name caches' tables.
    private struct Memory {
        let text = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        let found = UnsafeMutablePointer.owning(ByteArena(capacity: 1024))
        let localSlots = XMLNameCache.makeSlots()
        let namespaceSlots = XMLNameCache.makeSlots()
        let stack = UnsafeMutablePointer.owning(PlainBuffer<XMLPathTable.Element>(capacity: 32))
        let textStarts = UnsafeMutablePointer.owning(PlainBuffer<Int>(capacity: 32))
        let foundStarts: UnsafeMutableBufferPointer<UInt32>
        let foundEnds: UnsafeMutableBufferPointer<UInt32>

        init(columns: Int) {
            foundStarts = .allocate(capacity: columns)
            foundEnds = .allocate(capacity: columns)
            foundStarts.initialize(repeating: 0)
            foundEnds.initialize(repeating: RowCells.absent)
        }

        func release() {
            foundStarts.deallocate()
            foundEnds.deallocate()
            for arena in [text, found] { arena.free() }
            localSlots.deallocate()
            namespaceSlots.deallocate()
            stack.free()
            textStarts.free()
        }
    }
    private let memory: Memory
    /// Whether elements' attributes are kept for paths that test them.
    private let keepsAttributes: Bool

    typealias Input = XMLSAXParser.Input

    convenience init(source: ByteSource, options: XMLOptions, columns: [String],
                     groups: [(path: String, columns: [String])] = [], issues: IssueSink) throws {
        try self.init(path: source.displayPath, input: .file(source), options: options,
                      columns: columns, groups: groups, issues: issues)
    }

    /// The record path, the columns, the groups and the groups' columns,
    /// compiled: once for a document, however many pieces it is read in
    /// (compiled for each piece, they cost more than the records in it).
    struct Paths: @unchecked Sendable {
        // Unchecked: the table is a class, immutable once made.
        let table: XMLPathTable
        let recordPath: Int
        /// The record path as written (each record's path starts with it).
        let recordPathWritten: FileName
        let columnPaths: [Int]
        let groupPaths: [Int]
        let groupPathsWritten: [FileName]
        let groupColumnPaths: [[Int]]
        /// Element-text columns grouped by their innermost element's name number,
        /// the record's own text (`.`) last: group g is
        /// `textColumns[textColumnStarts[g]..<textColumnStarts[g + 1]]`. Flat, so
        /// that closing an element reads no array out of another (a retain each).
        let textColumns: [(column: Int, path: Int)]
        let textColumnStarts: [Int]
        let recordTextGroup: Int
        /// By element name number: the column a child of the record with
        /// that name is, when the column's path is just the name and no other
        /// column's path ends with it (the common case, found without
        /// matching paths); column -1 when the name needs the general way.
        let childColumns: [(column: Int32, namespace: Int32)]

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
                recordPathWritten = FileName(record.written)
                columnPaths = try columns.map { index(try XMLPath($0, namespaces: options.namespaces, relative: true)) }
                let parsedGroups = try groups.map { try XMLPath($0.path, namespaces: options.namespaces, relative: true) }
                groupPaths = parsedGroups.map { index($0) }
                groupPathsWritten = parsedGroups.map { FileName($0.written) }
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
                childColumns = byLocal.dropLast().map { candidates in
                    guard candidates.count == 1, let step = table.singleStep(candidates[0].path) else { return (-1, 0) }
                    return (Int32(candidates[0].column), step.namespace)
                }
            } catch {
                throw InputError(path: path, message: "bad XML path: \(error)")
            }
        }
    }

    /// A reader of `input`; lines and record numbers in what it reports are
    /// counted on from `lineOffset` and `recordOffset` (a piece of a document).
    convenience init(path: String, input: Input, options: XMLOptions, columns: [String],
                     groups: [(path: String, columns: [String])] = [], issues: IssueSink, lineOffset: Int = 0,
                     recordOffset: Int = 0) throws {
        let paths: Paths
        do {
            paths = try Paths(path: path, options: options, columns: columns, groups: groups)
        } catch {
            input.release()
            throw error
        }
        try self.init(path: path, input: input, options: options, columns: columns, paths: paths, issues: issues,
                      lineOffset: lineOffset, recordOffset: recordOffset)
    }

    /// A reader of `input` with its paths compiled already.
    init(path: String, input: Input, options: XMLOptions, columns: [String], paths: Paths, issues: IssueSink,
         lineOffset: Int = 0, recordOffset: Int = 0) throws {
        self.path = path
        fileName = FileName(path)
        self.lineOffset = lineOffset
        self.options = options
        self.issues = issues
        self.columns = columns
        self.paths = paths
        keepsAttributes = paths.table.hasPredicates
        census = XMLPathCensus(levels: options.maxDepth + 1)
        parser = try XMLSAXParser(path: path, input: input, handler: Self.handler())
        context = parser.context
        errors = XMLErrorCollector(path: path, lineOffset: lineOffset)
        memory = Memory(columns: columns.count)
        state = State(memory)
        state.recordCount = recordOffset
        // Unretained: the parser lives and dies with this reader.
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        memory.release()
    }

    var pathCensus: [XMLPathCensus.Entry]? { census.entries }

    func next() throws -> SourceRecord? {
        while true {
            while handedOut < events.count {
                let taken = events[handedOut].take()
                handedOut += 1
                guard let event = taken else { continue }
                switch event {
                case .record(let record): return record
                case .issue(let issue): issues.report(issue)
                }
            }
            events.removeAll(keepingCapacity: true)
            handedOut = 0
            switch ending {
            case .atEnd: return nil
            case .failed(let error):
                // Nothing after an error is read.
                ending = .atEnd
                throw error
            case .notYet: try parseNextBlock()
            }
        }
    }

    /// Has the parser read another block: its records and issues become
    /// events; an error (libxml2's first fatal one, or one found here) ends
    /// reading once the events before it are handed out.
    private func parseNextBlock() throws {
        // Messages libxml2 raises without its parser's context (an encoding's
        // conversion failing) go to the thread's handler: this reader's
        // collector while it parses, on whatever thread that is.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque()) { owner, error in
            guard let owner, let error else { return }
            let reader = Unmanaged<XMLRecordReader>.fromOpaque(owner).takeUnretainedValue()
            if let issue = reader.errors.collect(error.pointee) { reader.enqueue(issue) }
        }
        defer { XMLSafety.silenceThisThread() }
        let status: Int32
        do {
            status = try parser.parseNextBlock()
        } catch {
            ending = .failed(error)
            return
        }
        if case .failed = ending { return }  // a call back stopped the parser
        if state.recordDepth != nil, Int(xmlByteConsumed(context)) - state.recordStartByte > options.maxRecordBytes {
            ending = .failed(InputError(path: path, message: "a record longer than \(options.maxRecordBytes) bytes starts here; "
                                        + "raise source.max_record_bytes if it is real", line: state.recordLine + lineOffset))
            return
        }
        if let fatal = errors.fatal {
            // An error raised outside the parser (an encoding's conversion) has no line: the parser's.
            ending = .failed(fatal.line != nil ? fatal
                             : InputError(path: fatal.path, message: fatal.message, line: parser.line + lineOffset))
        } else if status != 0 {
            ending = .failed(InputError(path: path, message: "is not well-formed XML", line: parser.line + lineOffset))
        } else if parser.ended {
            ending = state.recordDepth == nil ? .atEnd : .failed(InputError(path: path, message: "the file ends inside a record"))
        }
    }

    private func enqueue(_ issue: Issue) {
        events.append(.issue(issue))
    }

    // MARK: The parser's calls back

    /// The callbacks, each finding its reader through the parser's context.
    private static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        // SAX2's defaults keep a document type's entity declarations (for
        // references in attribute values); what builds a tree is replaced.
        xmlSAXVersion(&handler, 2)
        // Attributes a document type's ATTLIST defaults come last (`defaulted` of
        // them): they are not the document's data, and are never read.
        handler.startElementNs = { context, local, prefix, namespace, _, _, count, defaulted, attributes in
            XMLRecordReader.withReader(context) {
                $0.elementStarted(local: local, prefix: prefix, namespace: namespace, attributes: attributes,
                                  count: Int(count - defaulted))
            }
        }
        handler.internalSubset = { context, name, externalID, systemID in
            xmlSAX2InternalSubset(context, name, externalID, systemID)
            XMLRecordReader.withReader(context) { $0.doctypeDeclared() }
        }
        handler.endElementNs = { context, _, _, _ in
            XMLRecordReader.withReader(context) { $0.elementEnded() }
        }
        handler.characters = { context, text, length in
            XMLRecordReader.withReader(context) { reader in
                reader.state.addText(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = { context, text, length in
            XMLRecordReader.withReader(context) { $0.state.addCDATA(UnsafeBufferPointer(start: text, count: Int(length))) }
        }
        handler.reference = { context, name in
            XMLRecordReader.withReader(context) { $0.entityReferenced(name) }
        }
        handler.comment = { context, _ in
            XMLRecordReader.withReader(context) { $0.state.endTextRun() }
        }
        handler.processingInstruction = { context, _, _ in
            XMLRecordReader.withReader(context) { $0.state.endTextRun() }
        }
        handler.serror = { context, error in
            // Errors come from an entity's own parser too: all are the document's.
            guard let error, let owner = context?.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return }
            let reader = Unmanaged<XMLRecordReader>.fromOpaque(owner).takeUnretainedValue()
            if let issue = reader.errors.collect(error.pointee) { reader.enqueue(issue) }
        }
        (handler.warning, handler.error, handler.fatalError) = (nil, nil, nil)
        return handler
    }

    /// Runs `body` with the reader of `context` when the call back is the
    /// document's (not from an entity's own parser), without retaining it.
    private static func withReader(_ context: UnsafeMutableRawPointer?, _ body: (XMLRecordReader) -> Void) {
        guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self), let owner = parser.pointee._private else { return }
        Unmanaged<XMLRecordReader>.fromOpaque(owner)._withUnsafeGuaranteedRef { reader in
            if reader.context == parser { body(reader) }
        }
    }

    private func elementStarted(local: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?,
                                attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int) {
        state.endTextRun()
        do {
            try startElement(depth: state.stack.pointee.count, local: local, prefix: prefix, namespace: namespace,
                             attributes: XMLAttributes(values: attributes, count: count, context: context), &state)
        } catch {
            ending = .failed(error)
            parser.stop()
        }
    }

    private func elementEnded() {
        state.endTextRun()
        if closeElement(&state) { events.append(.record(finishRecord(&state))) }
    }

    private func doctypeDeclared() {
        enqueue(Issue(.xmlDoctype, .warning, at: SourceLocation(file: fileName, line: parser.line + lineOffset)))
    }

    private func entityReferenced(_ name: UnsafePointer<UInt8>?) {
        state.endTextRun()
        // (Its name is the document's, and is not repeated.)
        _ = name
        enqueue(Issue(.xmlEntity, .warning, at: SourceLocation(file: fileName, line: parser.line + lineOffset)))
    }

    /// An element's attributes as SAX2 gives them: five pointers each (local
    /// name, prefix, namespace, the value's first byte and its end), names
    /// interned by libxml2.
    /// (The element's line, `parser.line`, is read only where it is kept: most
    /// elements are neither records nor repeated ones.)
    private func startElement(depth: Int, local: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?,
                              namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes, _ state: inout State) throws {
        guard depth < options.maxDepth else {
            throw InputError(path: path, message: "elements are nested deeper than \(options.maxDepth) levels",
                             line: parser.line + lineOffset)
        }
        var element = XMLPathTable.Element(
            local: state.localNames.id(local, in: table),
            namespace: state.namespaceNames.id(namespace, in: table))
        if keepsAttributes && !attributes.isEmpty {
            let passed = passedTests(attributes, &state)
            if !passed.isEmpty {
                element.passedTests = Int32(state.passedTests.count)
                state.passedTests.append(passed)
            }
        }
        state.stack.pointee.append(element)
        if state.recordDepth == nil, table.matches(recordPath, state.stack.pointee.all, from: 0, passedTests: state.passedTests) {
            state.recordDepth = depth
            state.recordLine = parser.line
            state.recordStartByte = Int(xmlByteConsumed(context))
            state.recordCount += 1
            state.found.pointee.removeAll()
            state.foundStarts.update(repeating: 0)
            state.foundEnds.update(repeating: RowCells.absent)
            // Repeated elements' records are read from values.
            state.asValues = !groupPaths.isEmpty
            state.values = state.asValues ? Array(repeating: .null, count: columns.count) : []
            state.textBytes.pointee.removeAll()
            state.textStarts.pointee.removeAll()
            state.openGroups = []
            state.groupRecords = Array(repeating: [], count: groupPaths.count)
        }
        guard let recordDepth = state.recordDepth else { return }
        // Every path below the record, for the census.
        if depth == recordDepth {
            census.enterRecord(state.recordCount)
        } else {
            census.enter(level: depth - recordDepth, local: local, namespace: namespace, prefix: prefix, record: state.recordCount)
        }
        for index in 0..<attributes.count {
            census.attribute(level: depth - recordDepth, local: attributes.local(index), namespace: attributes.namespace(index),
                             prefix: attributes.prefix(index), hasValue: attributes.hasValue(index), record: state.recordCount)
        }
        state.textStarts.pointee.append(state.textBytes.pointee.count)
        let relative = recordDepth + 1
        for (group, path) in groupPaths.enumerated()
        where !table.isAttributePath(path) && table.hasElementSteps(path)
            && table.matches(path, state.stack.pointee.all, from: relative, passedTests: state.passedTests) {
            state.openGroups.append(OpenGroup(group: group, depth: depth, line: parser.line,
                                        values: Array(repeating: [], count: groupColumnPaths[group].count)))
        }
        for attribute in 0..<attributes.count {
            let local = state.localNames.id(attributes.local(attribute), in: table)
            let namespace = state.namespaceNames.id(attributes.namespace(attribute), in: table)
            // An attribute no path names is never read.
            guard local != XMLPathTable.unknown else { continue }
            attributes.withValue(attribute) { value in
                for (index, path) in columnPaths.enumerated()
                where table.matchesAttribute(path, local: local, namespace: namespace, state.stack.pointee.all, from: relative,
                                             passedTests: state.passedTests) {
                    state.add(value, toColumn: index)
                }
                for open in state.openGroups.indices {
                    for (index, path) in groupColumnPaths[state.openGroups[open].group].enumerated()
                    where table.matchesAttribute(path, local: local, namespace: namespace, state.stack.pointee.all,
                                                 from: state.openGroups[open].depth + 1, passedTests: state.passedTests) {
                        state.openGroups[open].values[index].append(String(decoding: value, as: UTF8.self))
                    }
                }
            }
        }
    }

    /// The paths' attribute tests (`[@name='value']`) an element's attributes pass.
    private func passedTests(_ attributes: XMLAttributes, _ state: inout State) -> SmallIntSet {
        var passed = SmallIntSet()
        for index in 0..<attributes.count {
            let local = state.localNames.id(attributes.local(index), in: table)
            guard local != XMLPathTable.unknown else { continue }
            for (test, name) in table.predicateAttributes.enumerated() where name == local {
                if attributes.withValue(index, { $0.elementsEqual(table.predicateValues[test]) }) { passed.insert(test) }
            }
        }
        return passed
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
        guard let recordDepth = state.recordDepth, let textStart = state.textStarts.pointee.popLast() else {
            popElement(&state)
            return false
        }
        let depth = state.stack.pointee.count - 1
        // The text's bytes stay put while columns copy them (`found` is another arena).
        let text = state.textBytes.pointee.bytes(textStart, state.textBytes.pointee.count)
        if !Self.isBlank(text) {
            census.text(level: depth - recordDepth, record: state.recordCount)
            addToTextColumns(text, depth: depth, recordDepth: recordDepth, &state)
            if !state.openGroups.isEmpty { addToGroups(text, &state) }
        }
        // The element's text is done with; its parent's goes on after it.
        state.textBytes.pointee.truncate(to: textStart)
        if !state.openGroups.isEmpty { closeGroups(depth: depth, &state) }
        popElement(&state)
        guard depth == recordDepth else { return false }
        state.recordDepth = nil
        return true
    }

    @inline(__always)
    private func popElement(_ state: inout State) {
        if let closed = state.stack.pointee.popLast(), closed.passedTests >= 0 { state.passedTests.removeLast() }
    }

    /// The text of the element closing (on top of the stack) to the columns
    /// whose path it ends: only those whose last step has its name are tried.
    private func addToTextColumns(_ text: UnsafeBufferPointer<UInt8>, depth: Int, recordDepth: Int, _ state: inout State) {
        let element = state.stack.pointee[depth]
        if depth == recordDepth + 1, element.local >= 0 {
            let child = paths.childColumns[Int(element.local)]
            if child.column >= 0 {
                if child.namespace == XMLPathTable.anyNamespace || child.namespace == element.namespace {
                    state.add(text, toColumn: Int(child.column))
                }
                return
            }
        }
        let group = depth == recordDepth ? recordTextGroup : Int(element.local)
        guard group >= 0 else { return }
        let table = self.table
        for candidate in textColumnStarts[group]..<textColumnStarts[group + 1] {
            let (column, path) = textColumns[candidate]
            if table.matches(path, state.stack.pointee.all, from: recordDepth + 1, passedTests: state.passedTests) {
                state.add(text, toColumn: column)
            }
        }
    }

    /// The text of the element closing to the repeated elements' columns it is.
    private func addToGroups(_ text: UnsafeBufferPointer<UInt8>, _ state: inout State) {
        let table = self.table
        for open in state.openGroups.indices {
            for (index, path) in groupColumnPaths[state.openGroups[open].group].enumerated()
            where !table.isAttributePath(path)
                && table.matches(path, state.stack.pointee.all, from: state.openGroups[open].depth + 1, passedTests: state.passedTests) {
                state.openGroups[open].values[index].append(String(decoding: text, as: UTF8.self))
            }
        }
    }

    /// The repeated elements that end with the element at `depth`, each a record of its group.
    private func closeGroups(depth: Int, _ state: inout State) {
        while let open = state.openGroups.last, open.depth == depth {
            state.openGroups.removeLast()
            let number = state.groupRecords[open.group].count + 1
            let location = SourceLocation(file: fileName, line: open.line + lineOffset, record: state.recordCount,
                                          recordPath: paths.recordPathWritten, group: groupPathsWritten[open.group],
                                          number: number)
            state.groupRecords[open.group].append(SourceRecord(location: location, values: open.values.map(Self.value)))
        }
    }

    /// The record just closed.
    private func finishRecord(_ state: inout State) -> SourceRecord {
        let location = SourceLocation(file: fileName, line: state.recordLine + lineOffset, record: state.recordCount,
                                      recordPath: paths.recordPathWritten)
        return state.takeRecord(location: location)
    }

    /// Whitespace only: no text, or one that starts with a visible ASCII
    /// character (nearly all), is known from its first byte.
    @inline(__always)
    static func isBlank(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = text.first else { return true }
        return first > 0x20 && first < 0x80 ? false : isBlankText(text)
    }

    /// Whitespace only (bytes first: element text is nearly always ASCII).
    private static func isBlankText(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
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

