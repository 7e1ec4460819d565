import Foundation

/// A byte-level XML scanner for the sheets of an .xlsx workbook, pulled an
/// event at a time: start tags, end tags and runs of text, as the bytes
/// come from the archive. A sheet is the workbook's bulk (a million rows
/// are over a gigabyte of XML, every cell an element), and libxml2's SAX
/// parser with a callback for each start, end and text cost most of the
/// reading thread's time; the scanner reads only what a sheet holds.
///
/// What it checks, as a conforming parser would refuse the document: tags
/// nest and end with their own names, one document element, attribute
/// values quoted and unique, references defined (the five predefined
/// entities, `&#…;` and `&#x…;` to characters XML allows), well-formed
/// UTF-8 and no control characters, nothing but white space, comments and
/// processing instructions outside the document element. What it refuses
/// that XML allows but a workbook part never holds (Office Open XML
/// forbids a DTD): a document type declaration and any encoding but
/// UTF-8. Text is given as XML gives it: references done, line ends made
/// `\n`; attribute values with white space made spaces. Names are not
/// checked character by character, nor namespace prefixes bound: a name is
/// compared by its local part, and an attribute is found only unprefixed,
/// as SpreadsheetML writes its own.
///
/// Invariants: `bytes` holds the bytes not yet scanned from `position` on,
/// and before it those of the token the last event came from; the spans an
/// event hands out (`name`, `text`, attribute values) point into `bytes`,
/// `decoded` or `decodedAttributes` and stay valid until the next call to
/// `next()`: `bytes` moves only in `refill`, at the start of a token, and
/// the decoded buffers are only changed while scanning one. One thread
/// uses a scanner, and nothing it calls calls it back: its state goes
/// without run-time exclusivity checks, which cost a third of its time.
/// Memory is
/// the largest token (a tag, a run of text) and a chunk, whatever the
/// part's size; a token over `tokenLimit` bytes stops the scan.
final class WorkbookXMLScanner {
    enum Event: Equatable {
        case start, end, text, documentEnd
    }

    static let tokenLimit = 64 << 20
    static let depthLimit = 256

    /// The element's local name (`row` for `<x:row>`), for a start or an end.
    @exclusivity(unchecked) private(set) var name = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// A run of text, decoded.
    @exclusivity(unchecked) private(set) var text = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    private let source: () throws -> Data?
    private let partName: String
    @exclusivity(unchecked) private var bytes = ByteArena(capacity: 256 << 10)
    @exclusivity(unchecked) private var position = 0
    private var sourceEnded = false
    /// Newlines in the bytes dropped from the buffer's front, for `line`.
    private var linesDropped = 0
    private var validator = UTF8Validator()
    /// The open elements' qualified names, one after the other.
    @exclusivity(unchecked) private var openNames = ByteArena()
    @exclusivity(unchecked) private var openNameEnds = PlainBuffer<Int>()
    @exclusivity(unchecked) private var rootEnded = false
    @exclusivity(unchecked) private var pendingEnd = false
    @exclusivity(unchecked) private var atDocumentStart = true
    /// The last start tag's attributes.
    @exclusivity(unchecked) private var attributes = PlainBuffer<AttributeSpan>(capacity: 16)
    @exclusivity(unchecked) private var decoded = ByteArena()
    @exclusivity(unchecked) private var decodedAttributes = ByteArena()

    /// Where an attribute's name is in `bytes`, and its value: in `bytes`
    /// when plain, else decoded in `decodedAttributes` (each value of the tag
    /// in a place of its own, so that several can be held at once).
    private struct AttributeSpan: BitwiseCopyable {
        private let nameStart, nameEnd, valueStart, valueEnd: Int
        let plain: Bool
        var name: Range<Int> { nameStart..<nameEnd }
        var value: Range<Int> { valueStart..<valueEnd }

        init(name: Range<Int>, value: Range<Int>, plain: Bool) {
            (nameStart, nameEnd, valueStart, valueEnd) = (name.lowerBound, name.upperBound, value.lowerBound, value.upperBound)
            self.plain = plain
        }
    }

    init(partName: String, source: @escaping () throws -> Data?) {
        self.partName = partName
        self.source = source
    }

    private var buffer: UnsafeMutablePointer<UInt8> { bytes.base }
    private var filled: Int { bytes.count }

    /// The line of the part the scanner has reached (1-based).
    var line: Int {
        linesDropped + Self.newlines(in: UnsafeBufferPointer(start: buffer, count: position)) + 1
    }

    /// The next event; `.documentEnd` once the document element has ended and the part with it.
    func next() throws -> Event {
        if pendingEnd {
            pendingEnd = false
            return try closeElement(named: nil)
        }
        while true {
            if let event = try scanToken() { return event }
        }
    }

    // MARK: Attributes of the last start tag

    /// The value of the unprefixed attribute `name`, decoded; nil when the tag has none.
    func attribute(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        for index in 0..<attributes.count {
            let attribute = attributes[index]
            guard Self.bytes(span(attribute.name), are: name) else { continue }
            return attribute.plain ? span(attribute.value)
                : decodedAttributes.bytes(attribute.value.lowerBound, attribute.value.upperBound)
        }
        return nil
    }

    /// The attribute `name` as text; nil when it is not there.
    func attributeText(_ name: StaticString) -> String? {
        attribute(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The attribute `name` as a non-negative decimal number; nil when it is not there or not one.
    func attributeInteger(_ name: StaticString) -> Int? {
        attribute(name).flatMap { DecimalDigits.value($0) }
    }

    /// Whether the attribute `name` is there with a true value (`1`, `true`).
    func attributeFlag(_ name: StaticString) -> Bool {
        guard let bytes = attribute(name) else { return false }
        return Self.bytes(bytes, are: "1") || Self.bytes(bytes, are: "true")
    }

    /// Whether the event's name is `wanted`.
    @inline(__always)
    func nameIs(_ wanted: StaticString) -> Bool { Self.bytes(name, are: wanted) }

    @inline(__always)
    static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, are wanted: StaticString) -> Bool {
        same(bytes, UnsafeBufferPointer(start: wanted.utf8Start, count: wanted.utf8CodeUnitCount))
    }

    // MARK: Cells the quick way

    /// A cell of one of the shapes workbook writers write for nearly every
    /// cell: `<c r="B2" s="1" t="n"><v>43608</v></c>`,
    /// `<c r="A2" t="inlineStr"><is><t>text</t></is></c>` (its `t` may keep
    /// its spaces, `xml:space="preserve"`), `<c r="C3"/>` and `<c r="C3"></c>`.
    struct QuickCell {
        var reference: UnsafeBufferPointer<UInt8>?
        var style: UnsafeBufferPointer<UInt8>?
        var type: UnsafeBufferPointer<UInt8>?
        /// Its `v` or `t` element's text; empty for an empty cell.
        var text = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    }

    /// The cell at the position, taken whole, when it has one of those shapes
    /// with nothing to decode (no reference, no return), unprefixed, and is
    /// whole in the buffer; nil, having taken nothing, for anything else,
    /// which `next()` then reads an event at a time. Asked only between an
    /// element's end or start and the next token: a cell taken whole opens
    /// and closes within itself, so the open elements stay as they were.
    func quickCell() -> QuickCell? {
        // (A cell at the depth limit is the event-at-a-time reading's to refuse.)
        guard !pendingEnd, openNameEnds.count < Self.depthLimit else { return nil }
        let base = UnsafePointer(buffer), end = filled
        var index = position
        // `<c` and white space.
        guard index + 3 < end, base[index] == UInt8(ascii: "<"), base[index + 1] == UInt8(ascii: "c"),
              base[index + 2] == 0x20 else { return nil }
        index += 3
        var cell = QuickCell()
        while true {
            guard index < end else { return nil }
            let byte = base[index]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { break }
            if byte == 0x20 {
                index += 1
                continue
            }
            // `r`, `s` or `t`, `="`, a value with nothing to decode, `"`.
            guard index + 3 < end, base[index + 1] == UInt8(ascii: "="), base[index + 2] == UInt8(ascii: "\"") else { return nil }
            let valueStart = index + 3
            let valueEnd = Self.firstStop(in: base, from: valueStart, to: end, inAttribute: true)
            guard valueEnd < end, base[valueEnd] == UInt8(ascii: "\"") else { return nil }
            let value = UnsafeBufferPointer(start: base + valueStart, count: valueEnd - valueStart)
            switch byte {
            case UInt8(ascii: "r") where cell.reference == nil: cell.reference = value
            case UInt8(ascii: "s") where cell.style == nil: cell.style = value
            case UInt8(ascii: "t") where cell.type == nil: cell.type = value
            default: return nil
            }
            index = valueEnd + 1
            // (Attributes are separated by white space.)
            guard index < end, base[index] == 0x20 || base[index] == UInt8(ascii: ">") || base[index] == UInt8(ascii: "/") else {
                return nil
            }
        }
        if base[index] == UInt8(ascii: "/") {
            guard index + 1 < end, base[index + 1] == UInt8(ascii: ">") else { return nil }
            position = index + 2
            return cell
        }
        index += 1
        let rest = UnsafeBufferPointer(start: base + index, count: end - index)
        if Self.starts(rest, with: "</c>") {
            position = index + 4
            return cell
        }
        let closing: StaticString
        if Self.starts(rest, with: "<v>") {
            index += 3
            closing = "</v></c>"
        } else if Self.starts(rest, with: "<is><t>") {
            index += 7
            closing = "</t></is></c>"
        } else if Self.starts(rest, with: "<is><t xml:space=\"preserve\">") {
            index += 28
            closing = "</t></is></c>"
        } else {
            return nil
        }
        let textStart = index
        index = Self.firstStop(in: base, from: index, to: end, inAttribute: false)
        guard index < end, base[index] == UInt8(ascii: "<") else { return nil }
        guard Self.starts(UnsafeBufferPointer(start: base + index, count: end - index), with: closing) else { return nil }
        cell.text = UnsafeBufferPointer(start: base + textStart, count: index - textStart)
        position = index + closing.utf8CodeUnitCount
        return cell
    }

    // MARK: Tokens

    private struct NeedsMore: Error {}

    /// Scans the token at `position`: an event, or nil for one that gives
    /// none (a comment, a processing instruction, white space outside the
    /// document element). Refills the buffer when the token is cut.
    private func scanToken() throws -> Event? {
        if position == filled {
            if try !refill() { return try endOfDocument() }
        }
        do {
            let event = try buffer[position] == UInt8(ascii: "<") ? scanMarkup() : scanText()
            atDocumentStart = false
            return event
        } catch is NeedsMore {
            if try !refill() { throw malformed("it ends inside a tag, a comment or text") }
            return nil
        }
    }

    private func scanText() throws -> Event? {
        let start = position
        guard let found = memchr(buffer + start, Int32(UInt8(ascii: "<")), filled - start) else {
            // (Outside the document element, white space so far is taken and anything else refused.)
            if openNameEnds.isEmpty { return try trailingText(from: start, to: filled) }
            throw NeedsMore()
        }
        let end = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - buffer
        position = end
        if openNameEnds.isEmpty { return try trailingText(from: start, to: end) }
        let raw = span(start..<end)
        if memchr(raw.baseAddress!, Int32(UInt8(ascii: "&")), raw.count) == nil
            && memchr(raw.baseAddress!, Int32(UInt8(ascii: "\r")), raw.count) == nil {
            text = raw
        } else {
            decoded.removeAll()
            guard Self.decode(raw, into: &decoded, inAttribute: false) else {
                position = start
                throw malformed("its text holds an undefined reference or a bare &")
            }
            text = decoded.all
        }
        return .text
    }

    /// Text before or after the document element: white space only.
    private func trailingText(from start: Int, to end: Int) throws -> Event? {
        guard span(start..<end).allSatisfy(Self.isSpace) else {
            position = start
            throw malformed("it has text outside its document element")
        }
        position = end
        return nil
    }

    private func scanMarkup() throws -> Event? {
        guard position + 1 < filled else { throw NeedsMore() }
        switch buffer[position + 1] {
        case UInt8(ascii: "/"): return try scanEndTag()
        case UInt8(ascii: "?"): return try skipProcessingInstruction()
        case UInt8(ascii: "!"): return try scanDeclaration()
        default: return try scanStartTag()
        }
    }

    private func scanStartTag() throws -> Event {
        guard !rootEnded else { throw malformed("it has a second document element") }
        var index = position + 1
        let nameStart = index
        var localStart = index
        index = try nameEnd(from: index, localStart: &localStart)
        guard index > nameStart else { throw malformed("a tag has no name") }
        let qualified = nameStart..<index
        attributes.removeAll()
        decodedAttributes.removeAll()
        while true {
            let spaced = try skipSpaces(from: &index)
            let byte = buffer[index]
            if byte == UInt8(ascii: ">") { index += 1; break }
            if byte == UInt8(ascii: "/") {
                guard index + 1 < filled else { throw NeedsMore() }
                guard buffer[index + 1] == UInt8(ascii: ">") else { throw malformed("a tag has a stray /") }
                index += 2
                pendingEnd = true
                break
            }
            guard spaced else { throw malformed("a tag's attributes are not separated by white space") }
            try scanAttribute(from: &index)
        }
        guard openNameEnds.count < Self.depthLimit else { throw malformed("its elements nest over \(Self.depthLimit) deep") }
        openNames.append(span(qualified))
        openNameEnds.append(openNames.count)
        name = span(localStart..<qualified.upperBound)
        position = index
        return .start
    }

    private func scanAttribute(from index: inout Int) throws {
        let nameStart = index
        var localStart = index
        index = try nameEnd(from: index, localStart: &localStart)
        guard index > nameStart else { throw malformed("a tag has an attribute with no name") }
        let attributeName = nameStart..<index
        _ = try skipSpaces(from: &index)
        guard buffer[index] == UInt8(ascii: "=") else { throw malformed("an attribute has no value") }
        index += 1
        _ = try skipSpaces(from: &index)
        let quote = buffer[index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw malformed("an attribute's value is not quoted") }
        let valueStart = index + 1
        guard let found = memchr(buffer + valueStart, Int32(quote), filled - valueStart) else { throw NeedsMore() }
        let valueEnd = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - buffer
        let value = span(valueStart..<valueEnd)
        guard memchr(value.baseAddress!, Int32(UInt8(ascii: "<")), value.count) == nil else {
            throw malformed("an attribute's value holds <")
        }
        var plain = true
        for byte in value where byte == UInt8(ascii: "&") || byte < 0x20 { plain = false; break }
        var stored = valueStart..<valueEnd
        if !plain {
            let start = decodedAttributes.count
            guard Self.decode(value, into: &decodedAttributes, inAttribute: true) else {
                throw malformed("an attribute's value holds an undefined reference or a bare &")
            }
            stored = start..<decodedAttributes.count
        }
        for other in 0..<attributes.count where Self.same(span(attributes[other].name), span(attributeName)) {
            throw malformed("a tag has the attribute \(String(decoding: span(attributeName), as: UTF8.self)) twice")
        }
        attributes.append(AttributeSpan(name: attributeName, value: stored, plain: plain))
        index = valueEnd + 1
    }

    private func scanEndTag() throws -> Event {
        var index = position + 2
        let nameStart = index
        var localStart = index
        index = try nameEnd(from: index, localStart: &localStart)
        let qualified = nameStart..<index
        _ = try skipSpaces(from: &index)
        guard buffer[index] == UInt8(ascii: ">") else { throw malformed("an end tag is not closed by >") }
        let event = try closeElement(named: qualified)
        name = span(localStart..<qualified.upperBound)
        position = index + 1
        return event
    }

    /// Ends the open element; its name must be the one given (nil: the start
    /// tag closed itself, and `name` is still its local name: the next token
    /// has not been scanned).
    private func closeElement(named qualified: Range<Int>?) throws -> Event {
        guard openNameEnds.count > 0 else { throw malformed("an end tag has no start tag") }
        let end = openNameEnds[openNameEnds.count - 1]
        let start = openNameEnds.count > 1 ? openNameEnds[openNameEnds.count - 2] : 0
        if let qualified {
            let opened = openNames.bytes(start, end)
            guard Self.same(opened, span(qualified)) else {
                throw malformed("the end tag \(String(decoding: span(qualified), as: UTF8.self)) does not match the start tag "
                                + String(decoding: opened, as: UTF8.self))
            }
        }
        openNames.truncate(to: start)
        _ = openNameEnds.popLast()
        if openNameEnds.isEmpty { rootEnded = true }
        return .end
    }

    private func skipProcessingInstruction() throws -> Event? {
        let bodyStart = position + 2
        guard let length = Self.find("?>", in: span(bodyStart..<filled)) else { throw NeedsMore() }
        let instruction = span(bodyStart..<(bodyStart + length))
        var targetLength = 0
        while targetLength < instruction.count, !Self.isSpace(instruction[targetLength]) { targetLength += 1 }
        guard targetLength > 0 else { throw malformed("a processing instruction has no target") }
        if targetLength == 3, Self.starts(instruction, with: "xml") {
            guard atDocumentStart else { throw malformed("its XML declaration is not at its start") }
            try checkEncoding(declaredIn: instruction)
        }
        position = bodyStart + length + 2
        return nil
    }

    private func scanDeclaration() throws -> Event? {
        let rest = span(position..<filled)
        if Self.starts(rest, with: "<!--") {
            // (The first `--` after the opening ends the comment: XML allows no other.)
            let bodyStart = position + 4
            guard let length = Self.find("--", in: span(bodyStart..<filled)) else { throw NeedsMore() }
            let close = bodyStart + length
            guard close + 2 < filled else { throw NeedsMore() }
            guard buffer[close + 2] == UInt8(ascii: ">") else { throw malformed("a comment holds --") }
            position = close + 3
            return nil
        }
        if Self.starts(rest, with: "<![CDATA[") {
            guard !openNameEnds.isEmpty else { throw malformed("it has a CDATA section outside its document element") }
            let bodyStart = position + 9
            guard let length = Self.find("]]>", in: span(bodyStart..<filled)) else { throw NeedsMore() }
            decoded.removeAll()
            Self.normaliseLineEnds(span(bodyStart..<(bodyStart + length)), into: &decoded)
            text = decoded.all
            position = bodyStart + length + 3
            return .text
        }
        guard rest.count >= 9 else { throw NeedsMore() }
        if Self.starts(rest, with: "<!DOCTYPE") {
            throw malformed("it declares a document type, which a workbook part never does")
        }
        throw malformed("it has a <! that is neither a comment nor CDATA")
    }

    private func endOfDocument() throws -> Event {
        guard rootEnded else {
            throw malformed(openNameEnds.isEmpty ? "it has no document element" : "it ends before its elements do")
        }
        return .documentEnd
    }

    private func checkEncoding(declaredIn declaration: UnsafeBufferPointer<UInt8>) throws {
        guard let at = Self.find("encoding", in: declaration) else { return }
        var index = at + 8
        while index < declaration.count, declaration[index] != UInt8(ascii: "\"") && declaration[index] != UInt8(ascii: "'") {
            index += 1
        }
        guard index < declaration.count else { return }
        let quote = declaration[index]
        let valueStart = index + 1
        var valueEnd = valueStart
        while valueEnd < declaration.count, declaration[valueEnd] != quote { valueEnd += 1 }
        let encoding = String(decoding: UnsafeBufferPointer(rebasing: declaration[valueStart..<valueEnd]), as: UTF8.self)
        guard ["utf-8", "utf8"].contains(encoding.lowercased()) else {
            throw InputError(path: partName, message: "is encoded in \(encoding); htcds reads a workbook's parts in UTF-8 only",
                             line: line)
        }
    }

    // MARK: Bytes

    /// The end of the name starting at `start`: at white space, `/`, `>` or
    /// `=`; `localStart` is where the part after its last `:` starts.
    @inline(__always)
    private func nameEnd(from start: Int, localStart: inout Int) throws -> Int {
        let base = buffer, count = filled
        var index = start
        while index < count {
            let byte = base[index]
            // (Letters, `_` and UTF-8's multi-byte characters are all above `>`.)
            if byte > UInt8(ascii: ">") {
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ":"): localStart = index + 1
            case UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "="), 0x20, 0x0A, 0x09, 0x0D: return index
            case UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                throw malformed("a name holds \(Character(Unicode.Scalar(byte)))")
            default: break
            }
            index += 1
        }
        throw NeedsMore()
    }

    /// Moves past white space; whether there was any. Needs a byte after it.
    @inline(__always)
    private func skipSpaces(from index: inout Int) throws -> Bool {
        let base = buffer, count = filled
        let start = index
        while index < count, Self.isSpace(base[index]) { index += 1 }
        guard index < count else { throw NeedsMore() }
        return index > start
    }

    /// The first byte from `start` on that ends a run of text with nothing
    /// to decode: `<`, `&` or a return; in an attribute's value, also `"`
    /// and any byte below U+0020. `end` when none does. Eight bytes a word:
    /// a word's bytes equal to `b` are the zero bytes of `word ^ b…b`, and
    /// `(x - 0x01…01) & ~x & 0x80…80` marks the first zero byte of `x`
    /// exactly (only bytes after it can be marked wrongly), so the lowest
    /// mark of all the tests is the first stop.
    @inline(__always)
    private static func firstStop(in base: UnsafePointer<UInt8>, from start: Int, to end: Int, inAttribute: Bool) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let x = word ^ (ones &* UInt64(byte))
            return (x &- ones) & ~x & highs
        }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            var marks = zeroes(word, UInt8(ascii: "<")) | zeroes(word, UInt8(ascii: "&"))
            marks |= inAttribute ? zeroes(word, UInt8(ascii: "\"")) | belowSpace(word)
                : zeroes(word, UInt8(ascii: "\r"))
            if marks != 0 { return index + marks.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") { return index }
            if inAttribute ? byte == UInt8(ascii: "\"") || byte < 0x20 : byte == UInt8(ascii: "\r") { return index }
            index += 1
        }
        return end
    }

    /// A word's bytes below U+0020 marked by their high bit (the first exactly, as in `firstStop`).
    @inline(__always)
    private static func belowSpace(_ word: UInt64) -> UInt64 {
        (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether `bytes` start with `prefix`.
    @inline(__always)
    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return bytes.count >= count && same(UnsafeBufferPointer(rebasing: bytes[0..<count]),
                                            UnsafeBufferPointer(start: prefix.utf8Start, count: count))
    }

    /// Whether two runs of bytes are the same (names: a few bytes, compared in place).
    @inline(__always)
    private static func same(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        for index in 0..<first.count where first[index] != second[index] { return false }
        return true
    }

    private func span(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + range.lowerBound, count: range.count)
    }

    /// Keeps the bytes from `position` on at the buffer's front and adds the
    /// next chunk after them; false when the part has no more bytes.
    private func refill() throws -> Bool {
        guard !sourceEnded else { return false }
        guard let chunk = try source() else {
            sourceEnded = true
            validator.finish()
            if let bad = validator.firstInvalidOffset { throw notUTF8(at: bad) }
            return false
        }
        if position > 0 {
            linesDropped += Self.newlines(in: bytes.bytes(0, position))
            bytes.removeFirst(position)
            position = 0
        }
        guard filled + chunk.count <= Self.tokenLimit else { throw malformed("it has a tag or text over 64 MB") }
        let start = filled
        chunk.withUnsafeBytes { chunk in bytes.append(chunk.bindMemory(to: UInt8.self)) }
        let added = bytes.bytes(start, filled)
        if atDocumentStart && start == 0 { try checkStart(added) }
        validator.consume(added)
        if let bad = validator.firstInvalidOffset { throw notUTF8(at: bad) }
        if let control = Self.firstControlCharacter(in: added) {
            position = start + control
            throw malformed("it holds a control character XML does not allow (U+\(String(format: "%04X", added[control])))")
        }
        return true
    }

    /// A byte-order mark: UTF-8's is skipped, UTF-16's refused.
    private func checkStart(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
        } else if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            throw InputError(path: partName, message: "is encoded in UTF-16; htcds reads a workbook's parts in UTF-8 only")
        }
    }

    private func notUTF8(at offset: Int) -> InputError {
        InputError(path: partName, message: "is not well-formed XML: it is not UTF-8 (byte \(offset + 1) of the part)")
    }

    private func malformed(_ why: String) -> InputError {
        InputError(path: partName, message: "is not well-formed XML: \(why)", line: line)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private static func find(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let length = needle.utf8CodeUnitCount
        guard let base = bytes.baseAddress else { return nil }
        var from = 0
        while bytes.count - from >= length,
              let found = memchr(base + from, Int32(needle.utf8Start.pointee), bytes.count - from - length + 1) {
            let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            if memcmp(base + at, needle.utf8Start, length) == 0 { return at }
            from = at + 1
        }
        return nil
    }

    private static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0, from = 0
        while from < bytes.count, let found = memchr(base + from, 0x0A, bytes.count - from) {
            count += 1
            from = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
        }
        return count
    }

    /// The offset of the first byte below U+0020 but tab, newline and return.
    private static func firstControlCharacter(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time while none is below 0x20; a word that has one, byte by byte.
            if index + 8 <= bytes.count, belowSpace(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) == 0 {
                index += 8
                continue
            }
            for at in index..<min(index + 8, bytes.count) {
                let byte = bytes[at]
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return at }
            }
            index += 8
        }
        return nil
    }

    // MARK: References and line ends

    /// Appends `raw` with its references done and its line ends made `\n`
    /// (in an attribute, every tab, newline and return a space); false at a
    /// reference XML does not define or a bare `&`.
    @discardableResult
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into output: inout ByteArena, inAttribute: Bool) -> Bool {
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "&") {
                guard let (scalar, length) = reference(in: raw, at: index) else { return false }
                for byte in String(Character(scalar)).utf8 { output.append(byte: byte) }
                index += length
                continue
            }
            if byte == UInt8(ascii: "\r") {
                output.append(byte: inAttribute ? 0x20 : 0x0A)
                index += index + 1 < raw.count && raw[index + 1] == 0x0A ? 2 : 1
                continue
            }
            output.append(byte: inAttribute && (byte == 0x0A || byte == 0x09) ? 0x20 : byte)
            index += 1
        }
        return true
    }

    private static func normaliseLineEnds(_ raw: UnsafeBufferPointer<UInt8>, into output: inout ByteArena) {
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\r") {
                output.append(byte: 0x0A)
                index += index + 1 < raw.count && raw[index + 1] == 0x0A ? 2 : 1
            } else {
                output.append(byte: raw[index])
                index += 1
            }
        }
    }

    /// The character a reference at `start` stands for, and the reference's length.
    private static func reference(in raw: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        var end = start + 1
        while end < raw.count, raw[end] != UInt8(ascii: ";"), end - start < 12 { end += 1 }
        guard end < raw.count, raw[end] == UInt8(ascii: ";") else { return nil }
        let body = UnsafeBufferPointer(rebasing: raw[(start + 1)..<end])
        let length = end - start + 1
        if body.first == UInt8(ascii: "#") {
            let hex = body.count > 1 && body[1] == UInt8(ascii: "x")
            let digits = UnsafeBufferPointer(rebasing: body[(hex ? 2 : 1)...])
            guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: hex ? 16 : 10),
                  let scalar = Unicode.Scalar(value), isXMLCharacter(value) else { return nil }
            return (scalar, length)
        }
        let scalar: Unicode.Scalar? = switch String(decoding: body, as: UTF8.self) {
        case "lt": "<"
        case "gt": ">"
        case "amp": "&"
        case "quot": "\""
        case "apos": "'"
        default: nil
        }
        return scalar.map { ($0, length) }
    }

    private static func isXMLCharacter(_ value: UInt32) -> Bool {
        value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0xD7FF).contains(value)
            || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
    }
}
