import Foundation

/// A small part of a workbook read whole, start tags to closures: the list
/// of sheets, the relationships, the styles, the shared strings. (A sheet's
/// rows are read by `XLSXSheetRows` and `ODSSheetRows`, a chunk at a time.)
final class WorkbookPart: WorkbookPartHandler {
    private let started: (XMLLocalName, XMLAttributes) -> Void
    private let ended: (XMLLocalName) -> Void
    private let text: (UnsafeBufferPointer<UInt8>) -> Void

    private init(started: @escaping (XMLLocalName, XMLAttributes) -> Void, ended: @escaping (XMLLocalName) -> Void,
                 text: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.started = started
        self.ended = ended
        self.text = text
    }

    /// Reads `member` of the workbook at `path`, calling back for each element.
    static func read(_ member: String, of path: String, displayPath: String,
                     started: @escaping (XMLLocalName, XMLAttributes) -> Void,
                     ended: @escaping (XMLLocalName) -> Void = { _ in },
                     text: @escaping (UnsafeBufferPointer<UInt8>) -> Void = { _ in }) throws {
        try parse(member, of: path, displayPath: displayPath, WorkbookPart(started: started, ended: ended, text: text)) { false }
    }

    /// Reads `member` of the workbook until `stop` says it has found what it wanted.
    static func read(_ member: String, of path: String, displayPath: String,
                     until stop: @escaping (XMLLocalName, XMLAttributes) -> Bool) throws {
        var stopped = false
        let part = WorkbookPart(started: { name, attributes in stopped = stopped || stop(name, attributes) },
                                ended: { _ in }, text: { _ in })
        try parse(member, of: path, displayPath: displayPath, part) { stopped }
    }

    /// Parses `member` through `part`'s closures a chunk at a time, until its end or `done` says so.
    private static func parse(_ member: String, of path: String, displayPath: String, _ part: WorkbookPart,
                              until done: () -> Bool) throws {
        let stream = ZIPMemberStream(archive: path, member: member, displayPath: displayPath)
        defer { stream.close() }
        let parser = try WorkbookPartParser(stream: stream, displayPath: displayPath, handler: part)
        try withExtendedLifetime(part) {
            while !done(), try parser.parseNext() {}
        }
    }

    func elementStarted(_ name: XMLLocalName, _ attributes: XMLAttributes) { started(name, attributes) }
    func elementEnded(_ name: XMLLocalName) { ended(name) }
    func textFound(_ text: UnsafeBufferPointer<UInt8>) { self.text(text) }
}

/// Office Open XML's escape of characters XML cannot hold (`_x000D_` for a
/// carriage return; `_x005F_` for an underscore that would start one).
enum OOXMLEscapes {
    static func decoded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count >= 7, containsEscape(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               bytes[index + 6] == UInt8(ascii: "_"), let scalar = hex(bytes, from: index + 2) {
                output.append(contentsOf: String(Character(scalar)).utf8)
                index += 7
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func containsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var from = 0
        while from < bytes.count - 1, let found = memchr(base + from, Int32(UInt8(ascii: "_")), bytes.count - 1 - from) {
            let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            if bytes[at + 1] == UInt8(ascii: "x") { return true }
            from = at + 1
        }
        return false
    }

    private static func hex(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Unicode.Scalar? {
        var value: UInt32 = 0
        for byte in bytes[start..<(start + 4)] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
            value = value * 16 + digit
        }
        return Unicode.Scalar(value)
    }
}
