import Foundation
import Testing
@testable import HTCDSMigration

/// The XML reader in pieces gives what one reader over the whole file gives:
/// the same records, values, lines, record numbers and paths, and the same
/// issues reported before the same records.
@Suite struct XMLParallelReaderTests {
    /// What a read gave, in order: records and the issues reported before each.
    private static func events(_ reader: RecordReader, _ issues: IssueRecorder) throws -> [String] {
        var events: [String] = []
        func drain() {
            events += issues.issues.map { "issue \($0.code) \($0.message) at \($0.location.map(String.init(describing:)) ?? "-")" }
            issues.issues = []
        }
        while let record = try reader.next() {
            drain()
            events.append("record \(record.location) #\(record.location.record ?? 0) \(record.values)")
        }
        drain()
        return events
    }

    private static func read(_ path: String, record: String = "/export/cases/case", columns: [String], threads: Int,
                             pieceSize: Int = 1, namespaces: [String: String] = [:]) throws -> (RecordReader, [String]) {
        var options = XMLOptions(recordPath: record)
        options.namespaces = namespaces
        let issues = IssueRecorder()
        let reader = try XMLParallelReader.open(source: ByteSource(path: path), options: options, columns: columns,
                                                groups: [], threads: threads, issues: issues, pieceSize: pieceSize)
        return (reader, try events(reader, issues))
    }

    /// Records among everything that could fool a cut: comments and CDATA
    /// holding tags, `>` in attribute values, empty records, instructions,
    /// other elements at the records' depth, tags over several lines, a second
    /// container, prefixed names, references and repeated elements.
    static let tricky = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- <export><cases><case id="fake"> -->
        <export xmlns="urn:cms" xmlns:c="urn:case">
          <cases
             kind="a>b">
            <case id="1"><name>Ana</name><type>x</type><type>y</type></case>
            <meta><note>not a record</note></meta>
            <case id="2" note="a>b/>"><name><![CDATA[</case><case id="3">]]></name></case>
            <?tool data="</case>"?>
            <case id="4"/>
            <case
               id="5"><name>Multi
        line</name><!-- </case> --></case>
            <c:case id="6"><c:name>prefixed</c:name></c:case>
          </cases>
          <cases>
            <case id="7"><name>&#233;t&#xE9; &lt;entity&gt;</name></case>
            <case id="8"><name>A &amp; B</name></case>
            <case id="9"><a/><b k="x>y/>"/><name>t/>u></name><c><d><e
              /></d></c></case>
            <case id="10"><case>inner</case><name>nested</name></case>
            <case id="11"><casework>w</casework><name>near</name></case >
            <case id="12"><name>self</name><case/><x:case xmlns:x="urn:x">p</x:case></case>
          </cases>
        </export>
        """

    @Test(arguments: [1, 40, 1 << 20])
    func piecesGiveWhatTheWholeGives(pieceSize: Int) throws {
        let folder = TemporaryFolder()
        let path = folder.write("input.xml", Self.tricky)
        let columns = ["@id", "name", "type", "@note"]
        let (whole, expected) = try Self.read(path, columns: columns, threads: 1)
        let (pieces, events) = try Self.read(path, columns: columns, threads: 3, pieceSize: pieceSize)
        #expect(whole is XMLRecordReader)
        #expect(pieces is XMLParallelReader)
        #expect(events == expected)
        #expect(expected.filter { $0.hasPrefix("record") }.count == 11)
    }

    /// Seeded random registers whose records hold what each way of finding
    /// a record's end must get right (comments and CDATA holding end tags,
    /// instructions, elements named like the record or starting like it,
    /// empty elements, `>` and `/>` in attribute values, end tags with white
    /// space), read whole and in pieces of every few records: the same.
    @Test(arguments: [1, 2, 3])
    func randomRegistersReadInPiecesAsWhole(seed: UInt64) throws {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let parts = [
            "<name>n</name>", "<type>t</type>", "<!-- </case> <case> -->", "<![CDATA[</case><case id='x'>]]>",
            "<?pi </case>?>", "<case>inner</case>", "<casework>w</casework>", "<a/>", "<b k=\"x>y/>\"/>",
            "<c><case/></c>", "text &amp; more", "\n  ", "<d\n  e='1'\n>deep<e>er</e></d>",
        ]
        var text = "<?xml version=\"1.0\"?>\n<export>\n<cases>\n"
        for number in 1...300 {
            var record = "<case id=\"\(number)\">"
            for _ in 0..<next(6) { record += parts[next(parts.count)] }
            record += next(4) == 0 ? "</case >" : "</case>"
            text += next(9) == 0 ? "<case id=\"\(number)\"/>\n" : record + "\n"
        }
        let folder = TemporaryFolder()
        let path = folder.write("random.xml", text + "</cases>\n</export>\n")
        let columns = ["@id", "name", "type"]
        let (_, expected) = try Self.read(path, columns: columns, threads: 1)
        #expect(expected.filter { $0.hasPrefix("record") }.count == 300)
        for pieceSize in [1, 100, 700] {
            let (reader, events) = try Self.read(path, columns: columns, threads: 2, pieceSize: pieceSize)
            #expect(reader is XMLParallelReader)
            #expect(events == expected, "pieces of \(pieceSize) bytes")
        }
    }

    @Test func manyPiecesOverLongLinesKeepLineAndRecordNumbers() throws {
        let folder = TemporaryFolder()
        var text = "<export>\n<cases>\n"
        for number in 1...3000 {
            text += "  <case id=\"\(number)\">\n    <name>n\(number)</name>\n  </case>\n"
        }
        let path = folder.write("input.xml", text + "</cases>\n</export>\n")
        let (_, expected) = try Self.read(path, columns: ["@id", "name"], threads: 1)
        let (_, events) = try Self.read(path, columns: ["@id", "name"], threads: 2, pieceSize: 4096)
        #expect(events == expected)
        #expect(events.last?.hasPrefix("record \(path):9000 /export/cases/case[3000] #3000 ") == true)
    }

    /// A piece of more lines than libxml2 keeps exactly (65535) counts the
    /// newlines between elements, as one reader over the file does; pieces
    /// of fewer need not, and the lines after both agree.
    @Test(arguments: [100, 1 << 20])
    func aPieceOfManyLinesCountsThemAsTheWholeDoes(pieceSize: Int) throws {
        let folder = TemporaryFolder()
        var text = "<export>\n<cases>\n"
        for number in 1...40 {
            let gap = number == 20 ? String(repeating: "\n", count: 70_000) : "\n"
            text += "  <case id=\"\(number)\">\(gap)    <name>n\(number)</name>\n<!-- a\nb -->\n  </case>\(gap)"
        }
        let path = folder.write("input.xml", text + "</cases>\n</export>\n")
        let (_, expected) = try Self.read(path, columns: ["@id", "name"], threads: 1)
        let (_, events) = try Self.read(path, columns: ["@id", "name"], threads: 2, pieceSize: pieceSize)
        #expect(events == expected)
        #expect(events.last?.contains(":\(3 + 39 * 5 + 2 * 69_999) ") == true)
    }

    @Test func whatPiecesCannotCarryIsReadWhole() throws {
        let folder = TemporaryFolder()
        let plain = "<export><cases><case id=\"1\"/></cases></export>"
        let documents = [
            "doctype.xml": "<?xml version=\"1.0\"?><!DOCTYPE export [<!ENTITY e \"x\">]>" + plain,
            "latin1.xml": "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + plain,
        ]
        for (name, text) in documents {
            let (reader, _) = try Self.read(folder.write(name, text), columns: ["@id"], threads: 2)
            #expect(reader is XMLRecordReader, "\(name)")
        }
        let path = folder.write("plain.xml", "<?xml version='1.0' encoding='utf-8'?>" + plain)
        #expect(try Self.read(path, columns: ["@id"], threads: 2).0 is XMLParallelReader)
        for record in ["//case", "/export/cases/case[@id='1']", "/export"] {
            let (reader, _) = try Self.read(path, record: record, columns: ["@id"], threads: 2, namespaces: ["p": "urn:p"])
            #expect(reader is XMLRecordReader, "\(record)")
        }
    }

    /// A record path with prefixes names namespaces: in pieces, an element
    /// at the records' depth is a record only when its prefix is bound to
    /// the path's namespace where it stands (by an ancestor or by its own
    /// tag, whatever the prefix is called), as libxml2 reading the whole
    /// file decides; so records, their numbers and paths come out the same.
    @Test(arguments: [1, 40, 1 << 20])
    func aPrefixedRecordPathIsReadInPiecesAsWhole(pieceSize: Int) throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <e:export xmlns:e="urn:e" xmlns="urn:d">
              <e:cases xmlns:c="urn:c">
                <c:case id="1"><name>bound by an ancestor</name></c:case>
                <case id="2"><name>the default namespace: not a record</name></case>
                <x:case xmlns:x="urn:c" id="3"><name>bound by its own tag</name></x:case>
                <c:case xmlns:c="urn:other" id="4"><name>bound elsewhere: not a record</name></c:case>
                <c:case id="5"/>
                <e:case id="6"><name>another namespace</name></e:case>
                <case xmlns="urn:c" id="7"><name>its own default namespace</name></case>
              </e:cases>
              <other:cases xmlns:other="urn:e" xmlns:c='urn:c'>
                <c:case id="8"><name>a container under another prefix</name></c:case>
              </other:cases>
              <cases xmlns:c="urn:c"><c:case id="9"><name>a container in the default namespace</name></c:case></cases>
            </e:export>
            """
        let folder = TemporaryFolder()
        let path = folder.write("namespaced.xml", text)
        let record = "/p:export/p:cases/q:case"
        let namespaces = ["p": "urn:e", "q": "urn:c"]
        let (whole, expected) = try Self.read(path, record: record, columns: ["@id", "name"], threads: 1, namespaces: namespaces)
        let (pieces, events) = try Self.read(path, record: record, columns: ["@id", "name"], threads: 3, pieceSize: pieceSize,
                                             namespaces: namespaces)
        #expect(whole is XMLRecordReader)
        #expect(pieces is XMLParallelReader)
        #expect(events == expected)
        #expect(expected.filter { $0.hasPrefix("record") }.count == 5)  // 1, 3, 5, 7 and 8
        #expect(expected.last?.contains(":13 /p:export/p:cases/q:case[5] #5 ") == true)  // the record of line 13
    }

    /// The paths are compiled once, when the reader is opened: a bad column
    /// path stops the run there, in pieces as with one reader, before any
    /// record is read.
    @Test func aBadPathIsRefusedWhenOpenedWhateverTheThreads() throws {
        let folder = TemporaryFolder()
        let path = folder.write("input.xml", Self.tricky)
        for threads in [1, 2] {
            #expect(throws: InputError.self, "\(threads) threads") {
                _ = try XMLParallelReader.open(source: ByteSource(path: path), options: XMLOptions(recordPath: "/export/cases/case"),
                                               columns: ["name[", "@id"], groups: [], threads: threads,
                                               issues: IssueRecorder(), pieceSize: 1)
            }
        }
        // And good paths, compiled once, serve every piece.
        let (pieces, _) = try Self.read(path, columns: ["@id", "name"], threads: 2, pieceSize: 1)
        #expect(pieces is XMLParallelReader)
    }

    @Test func anErrorInAPieceStopsAfterTheRecordsBeforeItWithItsLine() throws {
        let folder = TemporaryFolder()
        var text = "<export><cases>\n"
        for number in 1...50 { text += "<case id=\"\(number)\"><name>x</name></case>\n" }
        text += "<case id=\"51\">\n  <name>x</nam>\n</case>\n"
        for number in 52...60 { text += "<case id=\"\(number)\"/>\n" }
        let path = folder.write("input.xml", text + "</cases></export>")
        let issues = IssueRecorder()
        let reader = try XMLParallelReader.open(source: ByteSource(path: path), options: XMLOptions(recordPath: "/export/cases/case"),
                                                columns: ["@id"], groups: [], threads: 2, issues: issues, pieceSize: 100)
        var read = 0
        do {
            while try reader.next() != nil { read += 1 }
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == 53)
            #expect(error.message.hasPrefix("is not well-formed XML: Opening and ending tag mismatch"))
        }
        // As with one reader, every record before the error arrives.
        #expect(read == 50)
    }
}

@Suite struct XMLChunkScannerTests {
    /// Where elements at the records' depth end, fed all at once or a byte at a time.
    private static func ends(_ text: String, steps: [String], byteByByte: Bool) -> [Int] {
        ends(text, steps: steps, step: byteByByte ? 1 : nil)
    }

    /// The same, fed `step` bytes more each time the scanner needs more (all at once when nil).
    private static func ends(_ text: String, steps: [String], step: Int?) -> [Int] {
        let bytes = Array(text.utf8)
        var scanner = XMLChunkScanner(recordSteps: steps)
        var ends: [Int] = []
        var position = 0
        var available = step == nil ? bytes.count : 0
        while true {
            let event = bytes[..<available].withUnsafeBufferPointer { scanner.scan($0, &position) }
            switch event {
            case .elementEnded(let isRecord): ends.append(isRecord ? position : -position)
            case .needsMore:
                guard available < bytes.count else { return ends }
                available = min(bytes.count, available + (step ?? 1))
            case .unsupported: return ends + [0]
            }
        }
    }

    @Test func findsRecordEndsWhereverTheBytesBreak() {
        let text = XMLParallelReaderTests.tricky
        let all = Self.ends(text, steps: ["export", "cases", "case"], byteByByte: false)
        #expect(all.filter { $0 > 0 }.count == 11)
        #expect(all.filter { $0 < 0 }.count == 1)  // <meta>
        #expect(Self.ends(text, steps: ["export", "cases", "case"], byteByByte: true) == all)
        let bytes = Array(text.utf8)
        for end in all.filter({ $0 > 0 }) {
            #expect(bytes[..<end].reversed().starts(with: Array(">".utf8)))
        }
    }

    /// A record too long to look for its end again each time more bytes
    /// come (over a megabyte) is read on carefully: its end, and the records
    /// around it, are found as when all the bytes are there at once.
    @Test func aRecordOverAMegabyteEndsWhereItEnds() {
        let children = String(repeating: "<note>some words of a long record</note>", count: 40_000)
        let text = "<export><cases><case>a</case><case>" + children + "</case><case>b</case></cases></export>"
        let steps = ["export", "cases", "case"]
        let all = Self.ends(text, steps: steps, step: nil)
        #expect(all.count == 3 && all.allSatisfy { $0 > 0 })
        #expect(Self.ends(text, steps: steps, step: 256 << 10) == all)
    }

    /// A namespace declaration the scanner cannot read for certain (it holds
    /// a reference) leaves the rest of the document to libxml2 in one piece.
    @Test func aReferenceInANamespaceDeclarationIsUnsupported() {
        var scanner = XMLChunkScanner(recordSteps: [
            .init(namespace: Array("urn:a".utf8), localName: Array("a".utf8)),
            .init(namespace: Array("urn:b".utf8), localName: Array("b".utf8)),
        ])
        let text = Array("<p:a xmlns:p='urn:a' xmlns:q='urn:&#98;'><q:b/></p:a>".utf8)
        var position = 0
        let event = text.withUnsafeBufferPointer { scanner.scan($0, &position) }
        #expect(event == .unsupported("a namespace declaration holding a reference"))
    }

    @Test func namespaceDeclarationsAreReadFromAStartTag() {
        func declarations(_ tag: String) -> [String]? {
            XMLNamespaceDeclarations(startTag: Array(tag.utf8)).map { found in
                ["", "p", "q"].compactMap { prefix in
                    found.uri(of: Array(prefix.utf8)).map { prefix + "=" + String(decoding: $0, as: UTF8.self) }
                }
            }
        }
        #expect(declarations("<a>") == [])
        #expect(declarations("<a xmlns='urn:d' b=\"x>y\" xmlns:p = \"urn:p\"/>") == ["=urn:d", "p=urn:p"])
        #expect(declarations("<a\n xmlnsx='no' xmlns:q=''>") == ["q="])
        #expect(declarations("<a xmlns:p='urn:&amp;'>") == nil)
    }

    @Test func aDocumentTypeIsUnsupported() {
        #expect(Self.ends("<!DOCTYPE a []><a><b/></a>", steps: ["a", "b"], byteByByte: false) == [0])
    }

    @Test func encodingDeclarations() {
        #expect(XMLParallelReader.declaresUTF8(Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>".utf8)))
        #expect(XMLParallelReader.declaresUTF8(Array("<a/>".utf8)))
        #expect(XMLParallelReader.declaresUTF8([0xEF, 0xBB, 0xBF] + Array("<a/>".utf8)))
        #expect(!XMLParallelReader.declaresUTF8(Array("<?xml version='1.0' encoding='windows-1252'?><a/>".utf8)))
        #expect(!XMLParallelReader.declaresUTF8([0xFF, 0xFE, 0x3C, 0x00]))
        #expect(!XMLParallelReader.declaresUTF8([0x3C, 0x00, 0x61, 0x00]))
    }
}
