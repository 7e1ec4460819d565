import Foundation

// The shapes of the data compiled in (`EmbeddedResource`), written by
// Scripts/generate-standard-resources.py. Only the loader sees them.

struct StandardDocument: Decodable {
    struct FieldEntry: Decodable {
        let name: String
        let entity: String
        let shortName: String
        let label: String
        let type: String
        let lookupTarget: LookupTarget?
        let core: Bool
        let status: FieldStatus
        let section: String
        let description: String
        let notes: String
        let aliases: [String]
        let values: [PicklistValue]
        let codeList: CodeList?
        let pattern: String?
        let definedWithoutValue: [DefinitionWithoutValue]?
    }

    struct TemplateEntry: Decodable {
        let names: [String]
        let labels: [String]
    }

    let standard: String
    let version: String
    let attribution: String
    let fields: [FieldEntry]
    let excelTemplate: TemplateEntry
}

/// Why the compiled-in standard could not be read: a broken build, never bad input.
public struct ResourceError: Error, CustomStringConvertible {
    public let description: String
}

enum ResourceLoader {
    static func decode<Document: Decodable>(_ type: Document.Type, from resource: EmbeddedResource) throws -> Document {
        do {
            return try JSONDecoder().decode(type, from: Data(resource.text.utf8))
        } catch {
            throw ResourceError(description: "the resource \(resource.name) cannot be read: \(error)")
        }
    }

    /// The lookup keys made when a code list was generated, by name (its
    /// `NAME<TAB>KEY` lines).
    static func lookupKeys(_ resource: EmbeddedResource) throws -> [ByteKey: String] {
        var keys: [ByteKey: String] = [:]
        try eachLine(of: resource) { columns in
            guard columns.count == 2 else {
                throw ResourceError(description: "the resource \(resource.name) has a line without one tab")
            }
            keys[ByteKey(columns[0])] = columns[1]
        }
        return keys
    }

    /// The countries of `iso-3166-1.tsv`: a `country` line each (codes and
    /// English names), followed by its `alias` and `translation` lines.
    static func countries(_ resource: EmbeddedResource) throws -> [Country] {
        var countries: [Country] = []
        var current: (columns: [String], aliases: [String], translations: [String: [String]])?
        func finishCountry() {
            guard let (columns, aliases, translations) = current else { return }
            countries.append(Country(
                alpha2: columns[0], alpha3: columns[1], numeric: columns[2], name: columns[3],
                officialName: columns[4].isEmpty ? nil : columns[4], commonName: columns[5].isEmpty ? nil : columns[5],
                aliases: aliases, translations: translations))
        }
        try eachLine(of: resource) { columns in
            switch (columns[0], columns.count) {
            case ("country", 7):
                finishCountry()
                current = (Array(columns.dropFirst()), [], [:])
            case ("alias", 2) where current != nil:
                current!.aliases.append(columns[1])
            case ("translation", 3) where current != nil:
                current!.translations[columns[1], default: []].append(columns[2])
            default:
                throw ResourceError(description: "the resource \(resource.name) has a line it cannot read: \(columns)")
            }
        }
        finishCountry()
        return countries
    }

    /// The languages of `iso-639-2.tsv`: a line each (639-2/T code, 639-2/B
    /// code and 639-1 code, empty when there is none, then its names).
    static func languages(_ resource: EmbeddedResource) throws -> [Language] {
        var languages: [Language] = []
        try eachLine(of: resource) { columns in
            guard columns.count >= 4 else {
                throw ResourceError(description: "the resource \(resource.name) has a line it cannot read: \(columns)")
            }
            languages.append(Language(
                alpha3: columns[0], bibliographic: columns[1].isEmpty ? nil : columns[1],
                alpha2: columns[2].isEmpty ? nil : columns[2], names: Array(columns[3...])))
        }
        return languages
    }

    /// Calls `body` with each line of a tab-separated resource (not empty,
    /// not a `#` comment), split at its tabs.
    static func eachLine(of resource: EmbeddedResource, _ body: ([String]) throws -> Void) throws {
        try resource.withBytes { try eachLine(of: $0, body) }
    }

    /// The lines of tab-separated text, each split at its tabs, split as bytes
    /// in place: as Characters (grapheme by grapheme, in eight scripts) it cost
    /// as much as the keys it saves, through array slices a fifth of start-up.
    /// One array of columns serves every line.
    static func eachLine(of bytes: UnsafeBufferPointer<UInt8>, _ body: ([String]) throws -> Void) rethrows {
        guard let base = bytes.baseAddress else { return }
        var columns: [String] = []
        columns.reserveCapacity(8)
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = offset(of: 0x0A, in: base, from: lineStart, to: bytes.count)
            if lineEnd > lineStart && base[lineStart] != UInt8(ascii: "#") {
                columns.removeAll(keepingCapacity: true)
                var columnStart = lineStart
                while true {
                    let columnEnd = offset(of: 0x09, in: base, from: columnStart, to: lineEnd)
                    columns.append(String(decoding: UnsafeBufferPointer(start: base + columnStart,
                                                                        count: columnEnd - columnStart),
                                          as: UTF8.self))
                    guard columnEnd < lineEnd else { break }
                    columnStart = columnEnd + 1
                }
                try body(columns)
            }
            lineStart = lineEnd + 1
        }
    }

    /// Where `byte` is first in `start..<end`, or `end`.
    private static func offset(of byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let found = memchr(base + start, Int32(byte), end - start) else { return end }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
