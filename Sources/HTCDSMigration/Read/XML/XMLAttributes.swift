internal import CLibXML2
import Foundation

/// An element's attributes as libxml2's SAX2 parser hands them to a start
/// tag's callback: five pointers each (local name, prefix, namespace, value
/// and the value's end; values are not NUL-terminated), valid only during
/// the callback.
struct XMLAttributes {
    let values: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int
    let context: xmlParserCtxtPtr

    var isEmpty: Bool { count == 0 }
    func local(_ index: Int) -> UnsafePointer<UInt8>? { values?[5 * index] }
    func prefix(_ index: Int) -> UnsafePointer<UInt8>? { values?[5 * index + 1] }
    func namespace(_ index: Int) -> UnsafePointer<UInt8>? { values?[5 * index + 2] }

    /// Whether the value has anything but white space (undecoded: a reference counts).
    func hasValue(_ index: Int) -> Bool {
        guard let start = values?[5 * index + 3], let end = values?[5 * index + 4] else { return false }
        return !XMLRecordReader.isBlank(UnsafeBufferPointer(start: start, count: end - start))
    }

    /// Lends the attribute's value. libxml2 leaves references in it
    /// undone when entities are not substituted (`&#38;` for an
    /// ampersand, `&name;` for a declared entity): they are done here,
    /// as a tree's attribute would give them.
    func withValue<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard let start = values?[5 * index + 3], let end = values?[5 * index + 4] else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let raw = UnsafeBufferPointer(start: start, count: end - start)
        guard memchr(start, 0x26, raw.count) != nil,
              let decoded = xmlStringLenDecodeEntities(context, start, Int32(raw.count), Int32(XML_SUBSTITUTE_REF), 0, 0, 0)
        else { return body(raw) }
        defer { htcds_xml_free(decoded) }
        return body(UnsafeBufferPointer(start: decoded, count: strlen(decoded)))
    }

    /// The index of the attribute whose local name is `name` (any namespace).
    func index(of name: StaticString) -> Int? {
        for index in 0..<count {
            guard let local = local(index) else { continue }
            if strcmp(UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0 { return index }
        }
        return nil
    }

    /// The value of the attribute `name` as text; nil when it is not there.
    func text(_ name: StaticString) -> String? {
        index(of: name).map { withValue($0) { String(decoding: $0, as: UTF8.self) } }
    }

    /// The value of the attribute `name` as a non-negative decimal number;
    /// nil when it is not there or not such a number.
    func integer(_ name: StaticString) -> Int? {
        guard let index = index(of: name) else { return nil }
        return withValue(index) { DecimalDigits.value($0) }
    }

    /// Whether the attribute `name` is there with a true value (`1`, `true`).
    func flag(_ name: StaticString) -> Bool {
        guard let value = text(name) else { return false }
        return value == "1" || value == "true"
    }
}
