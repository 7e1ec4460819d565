import Foundation
import Testing
@testable import HTCDSMigration
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The .xlsx sheet scanner against an independent XML parser (Foundation's,
/// libxml2 underneath): sheets written in the ways workbook writers and
/// hands write them must give the same elements, attributes and text, fed a
/// few bytes at a time; what that parser refuses, the scanner refuses.
@Suite struct WorkbookXMLScannerTests {
    /// The scanner's events as lines: `<name r=… s=… t=…>`, `</name>`, and
    /// the text between two tags, joined.
    static func scanned(_ xml: [UInt8], chunkSizes: [Int] = [64 << 10], quickCells: UnsafeMutablePointer<Int>? = nil) throws -> [String] {
        var offset = 0, turn = 0
        let scanner = WorkbookXMLScanner(partName: "sheet.xml") {
            guard offset < xml.count else { return nil }
            let size = chunkSizes[turn % chunkSizes.count]
            turn += 1
            defer { offset += size }
            return Data(xml[offset..<min(xml.count, offset + size)])
        }
        var events: [String] = [], text = ""
        func flush() {
            if !text.isEmpty { events.append("text " + text) }
            text = ""
        }
        var inRow = false, inCell = false
        while true {
            // As `XLSXSheetRows` asks: in a row, between cells.
            while let quickCells, inRow, !inCell, let cell = scanner.quickCell() {
                quickCells.pointee += 1
                flush()
                let attributes = [("r", cell.reference), ("s", cell.style), ("t", cell.type)].compactMap { name, value in
                    value.map { "\(name)=" + String(decoding: $0, as: UTF8.self) }
                }
                events.append("<c" + attributes.map { " " + $0 }.joined() + ">")
                text = String(decoding: cell.text, as: UTF8.self)
                flush()
                events.append("</c>")
            }
            let event = try scanner.next()
            if event == .start || event == .end {
                let name = String(decoding: scanner.name, as: UTF8.self)
                if name == "row" { inRow = event == .start }
                if name == "c" { inCell = event == .start }
            }
            switch event {
            case .start:
                flush()
                // (All three held at once, as `XLSXSheetRows` holds them.)
                let spans = [("r", scanner.attribute("r")), ("s", scanner.attribute("s")), ("t", scanner.attribute("t"))]
                let attributes = spans.compactMap { name, value in value.map { "\(name)=" + String(decoding: $0, as: UTF8.self) } }
                events.append("<" + String(decoding: scanner.name, as: UTF8.self) + attributes.map { " " + $0 }.joined() + ">")
            case .end:
                flush()
                events.append("</" + String(decoding: scanner.name, as: UTF8.self) + ">")
            case .text:
                text += String(decoding: scanner.text, as: UTF8.self)
            case .documentEnd:
                flush()
                return events
            }
        }
    }

    /// The same lines from Foundation's parser; nil when it finds the document not well formed.
    static func parsed(_ xml: [UInt8]) -> [String]? {
        final class Lines: NSObject, XMLParserDelegate {
            var events: [String] = [], text = ""
            func flush() {
                if !text.isEmpty { events.append("text " + text) }
                text = ""
            }
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                flush()
                let wanted = ["r", "s", "t"].compactMap { key in attributes[key].map { "\(key)=\($0)" } }
                events.append("<" + name + wanted.map { " " + $0 }.joined() + ">")
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                flush()
                events.append("</" + name + ">")
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, foundIgnorableWhitespace string: String) { text += string }
            func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }
        }
        let lines = Lines()
        let parser = XMLParser(data: Data(xml))
        parser.shouldProcessNamespaces = true
        parser.delegate = lines
        guard parser.parse() else { return nil }
        lines.flush()
        return lines.events
    }

    /// Sheets written many ways: prefixes (`x:row`, as the Open XML SDK
    /// writes), references, CDATA, comments and processing instructions
    /// between cells, line breaks and CRLF, single quotes, spaces around
    /// `=`, empty and self-closed cells, other namespaces' attributes.
    @Test func sheetsWrittenManyWaysScanAsAnXMLParserReadsThem() throws {
        var generator = SplitMix(seed: 22)
        for round in 0..<150 {
            let xml = Self.sheet(using: &generator)
            let oracle = try #require(Self.parsed(xml), "round \(round): the generator wrote a document Foundation refuses")
            let sizes = (0..<7).map { _ in Int.random(in: 1...97, using: &generator) }
            #expect(try Self.scanned(xml, chunkSizes: sizes) == oracle, "round \(round)")
            #expect(try Self.scanned(xml) == oracle, "round \(round), one chunk")
        }
    }

    /// (Foundation's parser on Linux never finishes the document: what is
    /// wrong only at its end, it lets pass. Those cases are marked.)
    /// Cells taken whole are the cells an event at a time gives (their
    /// `v`, `is` and `t` elements left out on both sides).
    @Test func cellsTakenWholeAreTheCellsReadAnEventAtATime() throws {
        var generator = SplitMix(seed: 19)
        var quick = 0
        func cells(_ events: [String]) -> [String] {
            var kept: [String] = []
            for event in events where !["<v>", "</v>", "<is>", "</is>", "<t>", "</t>"].contains(event) {
                if event.hasPrefix("text "), let last = kept.last, last.hasPrefix("text ") {
                    kept[kept.count - 1] = last + event.dropFirst(5)
                } else {
                    kept.append(event)
                }
            }
            return kept
        }
        for round in 0..<150 {
            let xml = Self.sheet(using: &generator)
            let oracle = try #require(Self.parsed(xml))
            let sizes = (0..<5).map { _ in Int.random(in: 20...400, using: &generator) }
            #expect(cells(try Self.scanned(xml, chunkSizes: sizes, quickCells: &quick)) == cells(oracle), "round \(round)")
        }
        #expect(quick > 100)
    }

    @Test(arguments: [
        ("<a><b></a></b>", "does not match"),
        ("<a><b></b>", "ends before its elements do" + WorkbookXMLScannerTests.atTheEnd),
        ("<a>fish & chips</a>", "undefined reference or a bare &"),
        ("<a>&nbsp;</a>", "undefined reference"),
        ("<a>&#0;</a>", "undefined reference"),
        ("<a>&#xD800;</a>", "undefined reference"),
        ("<a r=1></a>", "not quoted"),
        ("<a r=\"1\" r=\"2\"></a>", "the attribute r twice"),
        ("<a r=\"1\"s=\"2\"></a>", "not separated by white space"),
        ("<a r=\"<\"></a>", "holds <"),
        ("<a r=\"&bogus;\"></a>", "undefined reference"),
        ("<a></a>text", "text outside its document element" + WorkbookXMLScannerTests.atTheEnd),
        ("<a></a><b></b>", "a second document element" + WorkbookXMLScannerTests.atTheEnd),
        ("<a>\u{01}</a>", "control character"),
        ("</a>", "an end tag has no start tag"),
        ("<a><?></a>", "ends inside"),
        ("<a><? x?></a>", "no target"),
        ("<a><?xml version=\"1.0\"?></a>", "XML declaration is not at its start"),
        ("<a><!-- a -- b --></a>", "a comment holds --"),
        ("<a><!--></a>", "ends inside" + WorkbookXMLScannerTests.atTheEnd),
        ("<a><![CDATA[]></a>", "ends inside" + WorkbookXMLScannerTests.atTheEnd),
        ("<a><!-- never closed </a>", "ends inside" + WorkbookXMLScannerTests.atTheEnd),
        ("", "no document element" + WorkbookXMLScannerTests.atTheEnd),
        ("<a r=\"1\"", "ends inside" + WorkbookXMLScannerTests.atTheEnd),
    ])
    func whatAnXMLParserRefusesTheScannerRefuses(xml: String, marked: String) {
        let bytes = Array(xml.utf8)
        let why = marked.replacingOccurrences(of: Self.atTheEnd, with: "")
        if why == marked { #expect(Self.parsed(bytes) == nil, "Foundation accepts \(xml)") }
        for sizes in [[64 << 10], [1], [3, 1]] {
            let error = #expect(throws: InputError.self) { try Self.scanned(bytes, chunkSizes: sizes) }
            #expect(error?.message.hasPrefix("is not well-formed XML: ") == true)
            #expect(error?.message.contains(why) == true, "\(xml): \(error?.message ?? "")")
        }
    }

    static let atTheEnd = " (at the end)"

    @Test func bytesThatAreNotUTF8AreRefusedWhereverTheChunksEnd() throws {
        let bytes = Array("<a>caf".utf8) + [0xC3, 0x28] + Array("</a>".utf8)
        #expect(Self.parsed(bytes) == nil)
        for size in [1, 4, 64] {
            let error = #expect(throws: InputError.self) { try Self.scanned(bytes, chunkSizes: [size]) }
            #expect(error?.message == "is not well-formed XML: it is not UTF-8 (byte 8 of the part)")
        }
        // A character cut between two chunks is whole again.
        #expect(try Self.scanned(Array("<a>café</a>".utf8), chunkSizes: [7]) == ["<a>", "text café", "</a>"])
    }

    /// What XML allows but no workbook part holds is refused, saying why.
    @Test(arguments: [
        ("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", "is not well-formed XML: it declares a document type, which a workbook part never does"),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "is encoded in ISO-8859-1; htcds reads a workbook's parts in UTF-8 only"),
    ])
    func partsNoWorkbookHoldsAreRefusedSayingWhy(xml: String, message: String) {
        let error = #expect(throws: InputError.self) { try Self.scanned(Array(xml.utf8)) }
        #expect(error?.message == message)
        let utf16 = #expect(throws: InputError.self) { try Self.scanned([0xFF, 0xFE] + Array("<\0a\0/\0>\0".utf8)) }
        #expect(utf16?.message == "is encoded in UTF-16; htcds reads a workbook's parts in UTF-8 only")
    }

    @Test func aMalformedPartSaysTheLineItStopsAt() {
        let xml = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n<b>\n</c></a>".utf8)
        let error = #expect(throws: InputError.self) { try Self.scanned(xml, chunkSizes: [5]) }
        #expect(error?.line == 4)
        #expect(error?.message == "is not well-formed XML: the end tag c does not match the start tag b")
    }

    // MARK: A generator of sheets

    static func sheet(using generator: inout SplitMix) -> [UInt8] {
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }
        func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &generator)] }
        let prefix = chance(40) ? "x:" : ""
        let spacing = chance(30) ? pick(["\n", "\r\n", "  ", "\n\t"]) : ""
        func tag(_ name: String, _ attributes: [(String, String)], close: Bool = false) -> String {
            let quote = chance(20) ? "'" : "\""
            let equals = chance(15) ? " = " : "="
            let written = attributes.map { " \($0.0)\(equals)\(quote)\($0.1)\(quote)" }.joined()
            return "<\(prefix)\(name)\(written)\(chance(10) ? " " : "")\(close ? "/>" : ">")"
        }
        func text() -> String {
            let pieces = ["Ana", "Bo Li", "café", "Łódź", "北京", "🙂", "&amp;", "&lt;b&gt;", "&quot;q&quot;", "&apos;", "&#233;",
                          "&#x1F600;", "&#10;", "line\r\nbreak", "cr\ronly", "<![CDATA[a <b> & c]]>", "_x000D_", " spaced ", "0044 20"]
            return (0..<Int.random(in: 1...3, using: &generator)).map { _ in pick(pieces) }.joined()
        }
        var xml = chance(50) ? "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\(spacing)" : ""
        let namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        xml += prefix.isEmpty ? "<worksheet xmlns=\"\(namespace)\" xmlns:x14ac=\"urn:x14ac\">"
            : "<x:worksheet xmlns:x=\"\(namespace)\" xmlns:x14ac=\"urn:x14ac\">"
        xml += spacing + tag("sheetData", []) + spacing
        for row in 1...Int.random(in: 1...6, using: &generator) {
            var rowAttributes = [("r", "\(row)")]
            if chance(20) { rowAttributes.append(("x14ac:dyDescent", "0.25")) }
            if chance(10) { rowAttributes.append(("hidden", "1")) }
            xml += tag("row", rowAttributes.shuffled(using: &generator)) + spacing
            for column in 0..<Int.random(in: 0...5, using: &generator) {
                let reference = "\(Character(Unicode.Scalar(UInt8(65 + column))))\(row)"
                if chance(10) { xml += "<!-- cell \(reference) -->" }
                if chance(5) { xml += "<?note \(reference)?>" }
                switch Int.random(in: 0..<4, using: &generator) {
                case 0:
                    xml += tag("c", [("r", reference), ("t", "inlineStr")]) + tag("is", [])
                    xml += (chance(20) ? tag("t", [("xml:space", "preserve")]) : tag("t", [])) + text() + "</\(prefix)t>"
                    xml += "</\(prefix)is></\(prefix)c>"
                case 1:
                    xml += tag("c", [("r", reference), ("s", chance(15) ? "&#49;" : "\(Int.random(in: 0...3, using: &generator))"), ("t", "n")].shuffled(using: &generator))
                    xml += tag("v", []) + pick(["3", "2.5", "43534.60416666666", "-7"]) + "</\(prefix)v></\(prefix)c>"
                case 2:
                    xml += tag("c", [("r", reference)], close: true)
                default:
                    // (References in two attributes: each value held apart.)
                    xml += tag("c", [("r", chance(30) ? "&#65;\(row)" : reference), ("t", chance(30) ? "&#115;tr" : "str")])
                    xml += tag("f", []) + "A1&amp;\"x\"" + "</\(prefix)f>"
                    xml += tag("v", []) + text() + "</\(prefix)v></\(prefix)c>"
                }
                xml += chance(20) ? spacing : ""
            }
            xml += "</\(prefix)row>" + spacing
        }
        xml += "</\(prefix)sheetData>" + tag("mergeCells", [("count", "1")]) + tag("mergeCell", [("ref", "A1:B1")], close: true)
        xml += "</\(prefix)mergeCells></\(prefix)worksheet>" + (chance(30) ? "\n<!-- end -->\n" : "")
        return Array(xml.utf8)
    }
}
