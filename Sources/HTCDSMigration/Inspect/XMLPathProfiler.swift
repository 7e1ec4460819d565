internal import CLibXML2
import Foundation

/// Profiles an XML file before a mapping exists: every element and attribute
/// path (with the document's prefixes) with how often it occurs and, for
/// elements holding text and for attributes, what the values look like.
/// Streams with libxml2's text reader (node by node: what the profile needs is
/// every element's name path) and the `xml` reader's safe settings.
enum XMLPathProfiler {
    /// Documents with more distinct paths than this are cut short: the
    /// profile is for reading, and such a document is not a case export.
    static let pathCap = 2000

    static func profile(_ source: ByteSource, issues: IssueSink, maxDepth: Int, personalPaths: Set<String>) throws
        -> (table: SourceProfile.Table, likelyRecord: String?, namespaces: [(prefix: String, uri: String)]) {
        XMLSafety.setUp()
        guard let reader = xmlReaderForFd(source.descriptor, source.displayPath, nil, XMLSafety.parserOptions) else {
            throw InputError(path: source.displayPath, message: "cannot be read as XML")
        }
        defer { xmlFreeTextReader(reader) }
        let errors = XMLErrorCollector(path: source.displayPath, issues: issues)
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue().report(error.pointee)
        }, Unmanaged.passUnretained(errors).toOpaque())
        var order: [String] = []
        var profiles: [String: ColumnProfile] = [:]
        var stack: [(path: String, text: String, hasChildren: Bool)] = []
        var namespaces: [(prefix: String, uri: String)] = []

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

        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else {
                throw errors.fatal ?? InputError(path: source.displayPath, message: "is not well-formed XML",
                                                 line: Int(xmlTextReaderGetParserLineNumber(reader)))
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                guard stack.count < maxDepth else {
                    throw InputError(path: source.displayPath, message: "elements are nested deeper than \(maxDepth) levels")
                }
                let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
                if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
                let path = (stack.last?.path ?? "") + "/" + name
                stack.append((path, "", false))
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    if xmlTextReaderIsNamespaceDecl(reader) == 1 {
                        // xmlns:ct="urn:..." declares the prefix ct; the default namespace needs none.
                        let declared = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
                        if declared.hasPrefix("xmlns:"), let uri = xmlTextReaderConstValue(reader).map({ String(cString: $0) }),
                           !namespaces.contains(where: { $0.prefix == String(declared.dropFirst(6)) }) {
                            namespaces.append((String(declared.dropFirst(6)), uri))
                        }
                        continue
                    }
                    let attribute = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
                    add(path + "/@" + attribute, .text(xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""))
                }
                xmlTextReaderMoveToElement(reader)
                if xmlTextReaderIsEmptyElement(reader) == 1 { close() }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                close()
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                if !stack.isEmpty, stack[stack.count - 1].text.utf8.count < 10_000 {
                    stack[stack.count - 1].text += xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
                }
            default:
                continue
            }
        }
        let columns = order.compactMap { profiles[$0] }
        return (SourceProfile.Table(name: nil, records: 1, columns: columns), likelyRecordPath(columns), namespaces)
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
