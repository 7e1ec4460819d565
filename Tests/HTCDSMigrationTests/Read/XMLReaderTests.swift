import Foundation
import Testing
@testable import HTCDSMigration

func readXML(
    _ text: String, record: String = "/export/cases/case", columns: [String],
    namespaces: [String: String] = [:], issues: IssueRecorder = IssueRecorder()
) throws -> [SourceRecord] {
    let folder = TemporaryFolder()
    let path = folder.write("input.xml", text)
    var options = XMLOptions(recordPath: record)
    options.namespaces = namespaces
    let reader = try XMLRecordReader(source: ByteSource(path: path), options: options, columns: columns, issues: issues)
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

@Suite struct XMLReaderTests {
    let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <export xmlns="http://example.org/cms" xmlns:p="http://example.org/person">
          <cases>
            <case id="C-1">
              <p:client lang="ro"><p:name>Ana &amp; Maria</p:name></p:client>
              <type>sexual exploitation</type>
              <type>forced labour</type>
              <notes><![CDATA[said "no" <twice>]]></notes>
            </case>
            <case id="C-2"><p:client><p:name>Ion</p:name></p:client></case>
          </cases>
        </export>
        """

    @Test func readsElementsAttributesRepeatsAndCDATA() throws {
        let records = try readXML(document, columns: ["@id", "p:client/p:name", "client/@lang", "type", "notes", "missing"],
                                  namespaces: ["p": "http://example.org/person"])
        #expect(records.count == 2)
        #expect(records[0].values == [
            .text("C-1"), .text("Ana & Maria"), .text("ro"), .list(["sexual exploitation", "forced labour"]),
            .text("said \"no\" <twice>"), .null,
        ])
        #expect(records[1].values == [.text("C-2"), .text("Ion"), .null, .null, .null, .null])
        #expect(records.map(\.location.line) == [4, 10])
        #expect(records.map(\.location.path) == ["/export/cases/case[1]", "/export/cases/case[2]"])
    }

    /// A record's path is kept as the record path and the record's number:
    /// it reads, compares, hashes and renders as the text it stands for.
    @Test func aRecordPathKeptAsItsPartsIsItsText() throws {
        let records = try readXML("<a><case k='x'>1</case><case k='x'>2</case></a>", record: "/a/case[@k=\"x\"]", columns: ["."])
        let kept = try #require(records.last?.location)
        #expect(kept.recordPath != nil)
        let text = SourceLocation(file: kept.file, line: kept.line, record: 2, path: "/a/case[@k=\"x\"][2]")
        #expect(kept.path == text.path && kept == text && kept.hashValue == text.hashValue)
        #expect(kept != SourceLocation(file: kept.file, line: kept.line, record: 2, path: "/a/case[@k=\"x\"][1]"))
        var rendering = SourceRendering()
        var asParts: [UInt8] = [], asText: [UInt8] = []
        rendering.append(kept, leadingComma: false, to: &asParts)
        rendering.append(text, leadingComma: false, to: &asText)
        #expect(String(decoding: asParts, as: UTF8.self) == String(decoding: asText, as: UTF8.self))
        #expect(String(decoding: asParts, as: UTF8.self).hasSuffix(#""path":"/a/case[@k=\"x\"][2]"}"#))
        var changed = kept
        changed.path = "/a/case[7]"
        #expect(changed.path == "/a/case[7]" && changed.recordPath == nil)
    }

    @Test func aPrefixMatchesOnlyItsNamespace() throws {
        let records = try readXML(document, columns: ["p:client/p:name", "x:client/x:name"],
                                  namespaces: ["p": "http://example.org/person", "x": "http://example.org/other"])
        #expect(records.first?.values == [.text("Ana & Maria"), .null])
    }

    @Test func recordsAnywhereWithDoubleSlash() throws {
        let records = try readXML("<a><b><case>1</case></b><case>2</case></a>", record: "//case", columns: ["."])
        #expect(records.map(\.values) == [[.text("1")], [.text("2")]])
        #expect(records.map(\.location.path) == ["//case[1]", "//case[2]"])
    }

    @Test func lineNumbersBeyond65535() throws {
        let text = "<export><cases>" + String(repeating: "\n", count: 70_000) + "<case id=\"far\"/></cases></export>"
        let records = try readXML(text, columns: ["@id"])
        #expect(records.first?.location.line == 70_001)
    }

    /// A record is read whole (its subtree walked): lines inside it, comments
    /// and instructions, mixed text and attribute tests on its children go as
    /// they went node by node.
    @Test func aRecordReadWholeKeepsLinesTextAndAttributes() throws {
        let text = "<export><cases>" + String(repeating: "\n", count: 70_000)
            + "<case id='a'>\n<x>1</x>\n<!-- a\n comment -->\n<?pi x?>\n<c type='m'>07</c><c type='h'>02</c>\n"
            + "<y>t<b>bold</b>ail</y>\n</case>\n<case id='b'><x>2</x></case></cases></export>"
        let records = try readXML(text, columns: ["@id", "x", "c[@type='m']", "y"])
        #expect(records.map(\.location.line) == [70_001, 70_009])
        #expect(records.map(\.values) == [[.text("a"), .text("1"), .text("07"), .text("tail")],
                                          [.text("b"), .text("2"), .null, .null]])
    }

    /// Character and predefined entity references in attribute values are
    /// decoded; whitespace-only text between an element's children is not
    /// its text, whitespace inside a text is.
    @Test func attributeReferencesAndBlankTextBetweenChildren() throws {
        let text = "<export><cases><case id='A &amp; B' code=\"x&#38;y&#60;&#x263A;\" q='&quot;&apos;&gt;'>"
            + "<y>\n  <b>x</b>\n  tail \n</y><z>\n  <b/>  </z></case></cases></export>"
        let records = try readXML(text, columns: ["@id", "@code", "@q", "y", "z"])
        #expect(records.map(\.values) == [[.text("A & B"), .text("x&y<\u{263A}"), .text("\"'>"), .text("\n  tail \n"), .null]])
    }

    /// A child of the record is its column by name alone unless another
    /// column's path ends with the same name, or the namespace differs.
    @Test func childrenByNameAndDeeperElementsOfTheSameName() throws {
        let text = "<export xmlns:o='urn:other'><cases><case><name>A</name><client><name>B</name></client>"
            + "<o:code>x</o:code><code>7</code><o:note>n</o:note></case></cases></export>"
        let records = try readXML(text, columns: ["name", "client/name", "code", "note"])
        #expect(records.map(\.values) == [[.text("A"), .text("B"), .list(["x", "7"]), .text("n")]])
        let prefixed = try readXML(text, columns: ["o:code", "code"], namespaces: ["o": "urn:other"])
        #expect(prefixed.map(\.values) == [[.text("x"), .list(["x", "7"])]])
        let alone = try readXML(text, columns: ["o:code"], namespaces: ["o": "urn:other"])
        #expect(alone.map(\.values) == [[.text("x")]])
    }

    @Test func anExternalEntityReadsNothingAndIsReported() throws {
        let issues = IssueRecorder()
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE export [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <export><cases><case id="1"><notes>before &xxe; after</notes></case></cases></export>
            """
        let records = try readXML(text, columns: ["notes"], issues: issues)
        #expect(records.first?.values == [.text("before  after")])
        #expect(issues.codes() == [.xmlDoctype, .xmlEntity])
        #expect(issues.issues.last?.message == "an entity reference is not expanded: entities and DTDs are never loaded")
    }

    /// An internal entity is never expanded in text (it is reported, at its
    /// own line); in an attribute's value, which XML gives as one string, its
    /// declared text stands in for it.
    @Test func anInternalEntityIsReportedInTextAndExpandedInAttributes() throws {
        let issues = IssueRecorder()
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE export [<!ENTITY co \"Company\">]>\n<export><cases>\n"
            + "<case id=\"&co; X\">\n<n>a &co; b</n></case></cases></export>"
        let records = try readXML(text, columns: ["@id", "n"], issues: issues)
        #expect(records.map(\.values) == [[.text("Company X"), .text("a  b")]])
        #expect(issues.codes() == [.xmlDoctype, .xmlEntity])
        #expect(issues.issues.last?.location?.line == 5)
    }

    /// An ATTLIST's default never becomes data: only what the document writes is read.
    @Test func attributeDefaultsOfADoctypeAreNeverApplied() throws {
        let issues = IssueRecorder()
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE export [<!ATTLIST case id CDATA \"INJECTED-ID\" status CDATA #FIXED \"closed\">]>\n"
            + "<export><cases>\n<case><n>a</n></case>\n<case id=\"C-2\"><n>b</n></case></cases></export>"
        let records = try readXML(text, columns: ["@id", "@status", "n"], issues: issues)
        #expect(records.map(\.values) == [[.null, .null, .text("a")], [.text("C-2"), .null, .text("b")]])
        #expect(issues.codes() == [.xmlDoctype])
        #expect(issues.issues.first?.location?.line == 2)
    }

    /// An external DTD is never read: what it declares stays undeclared.
    @Test func anExternalDTDIsNotLoaded() throws {
        let folder = TemporaryFolder()
        let dtd = folder.write("cases.dtd", "<!ENTITY co \"LEAKED\">")
        let issues = IssueRecorder()
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE export SYSTEM \"file://\(dtd)\">\n"
            + "<export><cases><case><n>a&co;b</n></case></cases></export>"
        let records = try readXML(text, columns: ["n"], issues: issues)
        #expect(records.map(\.values) == [[.text("ab")]])
        #expect(issues.issues.map(\.message).contains("Entity '…' not defined"))
        #expect(issues.codes().contains(.xmlEntity))
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var declarations = "<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let text = "<?xml version=\"1.0\"?><!DOCTYPE export [\(declarations)]><export><cases><case id=\"1\"><n>&lol9;</n></case></cases></export>"
        let started = Date()
        #expect(throws: InputError.self) { try readXML(text, columns: ["n"]) }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func deepNestingIsRefused() throws {
        let text = "<export><cases>" + String(repeating: "<d>", count: 500) + String(repeating: "</d>", count: 500) + "</cases></export>"
        do {
            _ = try readXML(text, columns: ["@id"])
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.message == "elements are nested deeper than 100 levels")
        }
    }

    @Test func malformedXMLStopsWithLineAndColumnAfterTheRecordsBefore() throws {
        let folder = TemporaryFolder()
        // The parser reads blocks of 64 KB: every record before the error in its block arrives.
        let before = String(repeating: "<case id=\"ok\"><note>padding padding padding</note></case>\n", count: 2000)
        let path = folder.write("input.xml", "<export><cases>\n" + before + "<case id=\"2\">\n  <name>x</nam>\n</case></cases></export>")
        let reader = try XMLRecordReader(source: ByteSource(path: path), options: XMLOptions(recordPath: "/export/cases/case"),
                                         columns: ["@id"], issues: IssueRecorder())
        var read = 0
        do {
            while try reader.next() != nil { read += 1 }
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == 2003)
            #expect(error.column != nil)
            #expect(error.message.hasPrefix("is not well-formed XML: Opening and ending tag mismatch"))
        }
        #expect(read == 2000)
    }

    /// libxml2 finds the encoding from a byte-order mark or the declaration.
    @Test func readsLatin1AndUTF16Documents() throws {
        let folder = TemporaryFolder()
        let body = "<export><cases><case id=\"1\"><n>Jos\u{E9}</n></case></cases></export>"
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".utf8) + body.unicodeScalars.map { UInt8($0.value) }
        let utf16: [UInt8] = [0xFF, 0xFE] + ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + body).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for (name, bytes) in [("latin1.xml", latin1), ("utf16.xml", utf16)] {
            let reader = try XMLRecordReader(source: ByteSource(path: folder.write(name, bytes: bytes)),
                                             options: XMLOptions(recordPath: "/export/cases/case"), columns: ["n"],
                                             issues: IssueRecorder())
            let record = try reader.next()
            #expect(record?.values == [.text("Jos\u{E9}")], "\(name)")
            #expect(record?.location.line == 2, "\(name)")
            #expect(try reader.next() == nil, "\(name)")
        }
    }

    @Test func anEmptyFileIsNotXML() throws {
        do {
            _ = try readXML("", columns: ["n"])
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.message.hasPrefix("is not well-formed XML"))
        }
    }

    @Test func badPathsAreMappingErrors() throws {
        #expect(throws: XMLPath.PathError.undeclaredPrefix("q")) { try XMLPath("/q:a", namespaces: [:], relative: false) }
        #expect(throws: XMLPath.PathError.badStep("a[1]")) { try XMLPath("/x/a[1]", namespaces: [:], relative: false) }
        #expect(throws: XMLPath.PathError.empty) { try XMLPath("/", namespaces: [:], relative: false) }
    }
}
