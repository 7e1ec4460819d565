internal import CLibXML2
import Foundation

/// Profiles an XML file before a mapping exists: every element and attribute
/// path (with the document's prefixes) with how often it occurs and, for
/// elements holding text and for attributes, what the values look like.
/// Streams with libxml2's SAX2 push parser (`XMLSAXParser`) and the `xml`
/// reader's safe settings: no tree is built (a text reader's nodes made the
/// attributes of one element quadratic: a new one is appended after walking
/// the others).
enum XMLPathProfiler {
    /// Documents with more distinct paths than this are cut short: the
    /// profile is for reading, and such a document is not a case export.
    static let pathCap = 2000

    static func profile(_ source: ByteSource, issues: IssueSink, maxDepth: Int, personalPaths: Set<String>) throws
        -> (table: SourceProfile.Table, likelyRecord: String?, namespaces: [(prefix: String, uri: String)]) {
        let profiling = Profiling(path: source.displayPath, issues: issues, maxDepth: maxDepth, personalPaths: personalPaths)
        let parser = try XMLSAXParser(path: source.displayPath, input: .file(source), handler: Profiling.handler())
        parser.context.pointee._private = Unmanaged.passUnretained(profiling).toOpaque()
        try withExtendedLifetime(profiling) {
            while !parser.ended {
                xmlSetStructuredErrorFunc(Unmanaged.passUnretained(profiling.errors).toOpaque()) { owner, error in
                    guard let owner, let error else { return }
                    Unmanaged<XMLErrorCollector>.fromOpaque(owner).takeUnretainedValue().report(error.pointee)
                }
                defer { XMLSafety.silenceThisThread() }
                let status = try parser.parseNextBlock()
                if let failure = profiling.failure { throw failure }
                if let fatal = profiling.errors.fatal {
                    throw fatal.line != nil ? fatal : InputError(path: fatal.path, message: fatal.message, line: parser.line)
                }
                if status != 0 {
                    throw InputError(path: source.displayPath, message: "is not well-formed XML", line: parser.line)
                }
            }
        }
        let columns = profiling.order.compactMap { profiling.profiles[$0] }
        return (SourceProfile.Table(name: nil, records: 1, columns: columns), likelyRecordPath(columns), profiling.namespaces)
    }

    /// What the parser's calls back build: the paths' profiles, the element stack, the prefixes declared.
    private final class Profiling {
        let errors: XMLErrorCollector
        let maxDepth: Int
        let personalPaths: Set<String>
        let path: String
        var order: [String] = []
        var profiles: [String: ColumnProfile] = [:]
        var stack: [(path: String, text: String, hasChildren: Bool)] = []
        var namespaces: [(prefix: String, uri: String)] = []
        var failure: InputError?

        init(path: String, issues: IssueSink, maxDepth: Int, personalPaths: Set<String>) {
            self.path = path
            errors = XMLErrorCollector(path: path, issues: issues)
            self.maxDepth = maxDepth
            self.personalPaths = personalPaths
        }

        func add(_ path: String, _ value: SourceValue) {
            if profiles[path] == nil {
                guard order.count < pathCap else { return }
                order.append(path)
                profiles[path] = ColumnProfile(name: path, personal: personalPaths.contains(path) || looksPersonal(path))
            }
            profiles[path]?.add(value)
        }

        func close() {
            guard let element = stack.popLast() else { return }
            // Elements with children are structure; only leaves carry values.
            add(element.path, element.hasChildren ? .null : .text(element.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        static func qualified(_ prefix: UnsafePointer<UInt8>?, _ local: UnsafePointer<UInt8>?) -> String {
            let name = local.map { String(cString: $0) } ?? "?"
            return prefix.map { String(cString: $0) + ":" + name } ?? name
        }

        func started(local: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?, declared: Int,
                     declarations: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int,
                     attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, parser context: xmlParserCtxtPtr) {
            guard stack.count < maxDepth else {
                failure = InputError(path: path, message: "elements are nested deeper than \(maxDepth) levels")
                xmlStopParser(context)
                return
            }
            // xmlns:ct="urn:..." declares the prefix ct; the default namespace needs none.
            for index in 0..<declared {
                guard let prefix = declarations?[2 * index].map({ String(cString: $0) }),
                      let uri = declarations?[2 * index + 1].map({ String(cString: $0) }),
                      !namespaces.contains(where: { $0.prefix == prefix }) else { continue }
                namespaces.append((prefix, uri))
            }
            if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
            let path = (stack.last?.path ?? "") + "/" + Self.qualified(prefix, local)
            stack.append((path, "", false))
            for index in 0..<count {
                let name = Self.qualified(attributes?[5 * index + 1], attributes?[5 * index])
                guard let start = attributes?[5 * index + 3], let end = attributes?[5 * index + 4] else { continue }
                add(path + "/@" + name, .text(Self.decoded(start, end - start, context)))
            }
        }

        /// An attribute's value with its references done (libxml2 leaves `&#38;` as written).
        static func decoded(_ start: UnsafePointer<UInt8>, _ count: Int, _ context: xmlParserCtxtPtr) -> String {
            guard memchr(start, 0x26, count) != nil,
                  let decoded = xmlStringLenDecodeEntities(context, start, Int32(count), Int32(XML_SUBSTITUTE_REF), 0, 0, 0)
            else { return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
            defer { htcds_xml_free(decoded) }
            return String(cString: decoded)
        }

        func text(_ bytes: UnsafePointer<UInt8>?, _ length: Int32) {
            guard let bytes, !stack.isEmpty, stack[stack.count - 1].text.utf8.count < 10_000 else { return }
            stack[stack.count - 1].text += String(decoding: UnsafeBufferPointer(start: bytes, count: Int(length)), as: UTF8.self)
        }

        static func with(_ context: UnsafeMutableRawPointer?, _ body: (Profiling, xmlParserCtxtPtr) -> Void) {
            guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self), let owner = parser.pointee._private else { return }
            body(Unmanaged<Profiling>.fromOpaque(owner).takeUnretainedValue(), parser)
        }

        static func handler() -> xmlSAXHandler {
            var handler = xmlSAXHandler()
            xmlSAXVersion(&handler, 2)
            // Attributes a DOCTYPE's ATTLIST defaults come last and are not the document's.
            handler.startElementNs = { context, local, prefix, _, declared, declarations, count, defaulted, attributes in
                Profiling.with(context) { profiling, parser in
                    profiling.started(local: local, prefix: prefix, declared: Int(declared), declarations: declarations,
                                      count: Int(count - defaulted), attributes: attributes, parser: parser)
                }
            }
            handler.endElementNs = { context, _, _, _ in Profiling.with(context) { profiling, _ in profiling.close() } }
            handler.characters = { context, text, length in Profiling.with(context) { profiling, _ in profiling.text(text, length) } }
            handler.cdataBlock = handler.characters
            handler.ignorableWhitespace = handler.characters
            handler.serror = { context, error in
                guard let error, let owner = context?.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return }
                Unmanaged<Profiling>.fromOpaque(owner).takeUnretainedValue().errors.report(error.pointee)
            }
            (handler.warning, handler.error, handler.fatalError) = (nil, nil, nil)
            return handler
        }
    }

    /// A path is personal when its last two steps read so: `client/name/given`
    /// is a name, `contact/@value` under a phone type is not caught (values are).
    static func looksPersonal(_ path: String) -> Bool {
        PersonalLooking.columnName(lastNames(of: path).joined(separator: " "))
    }

    /// The local names of a path's last two steps, without prefixes or `@`:
    /// `ct:client/@lang` is ["client", "lang"].
    static func lastNames(of path: String) -> [String] {
        path.split(separator: "/").suffix(2).map { step in
            (step.split(separator: ":").last.map(String.init) ?? String(step)).replacingOccurrences(of: "@", with: "")
        }
    }

    /// The shallowest element path that repeats, preferring the one that
    /// repeats most: in an export that is the case element.
    static func likelyRecordPath(_ columns: [ColumnProfile]) -> String? {
        let elements = columns.filter { !$0.name.contains("@") && $0.seen > 1 }
        let depth = { (path: String) in path.split(separator: "/").count }
        return elements.min { depth($0.name) < depth($1.name) || (depth($0.name) == depth($1.name) && $0.seen > $1.seen) }?.name
    }
}
