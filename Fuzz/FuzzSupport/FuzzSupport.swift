import HTCDS
import CFuzzDriver
import Foundation
@testable import HTCDSMigration

/// What the fuzz targets share: libFuzzer's driver, and an input in memory
/// that the readers can read as they read a file.
public enum Fuzzing {
    nonisolated(unsafe) private static var body: ((UnsafeRawBufferPointer) -> Void)?

    /// Runs libFuzzer's driver with `body` for each input; libFuzzer's status.
    public static func run(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                           _ body: @escaping (UnsafeRawBufferPointer) -> Void) -> Int32 {
        Fuzzing.body = body
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            Fuzzing.body?(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
    }

    /// The bytes as an input source: a file without a name in /dev/shm (memory,
    /// not disk), which the readers see as a regular file (XML is then parsed
    /// in pieces on several threads).
    static func source(_ bytes: UnsafeRawBufferPointer) -> ByteSource? {
        guard let descriptor = AnonymousFile.open(in: "/dev/shm") else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { close(descriptor); return nil }
            offset += written
        }
        lseek(descriptor, 0, SEEK_SET)
        return ByteSource(descriptor: descriptor, displayPath: "fuzz-input")
    }

    /// Every record of a CSV input, read with the default dialect (the encoding detected).
    public static func readCSV(_ bytes: UnsafeRawBufferPointer) {
        guard let source = source(bytes) else { return }
        var dialect = CSVDialect()
        dialect.chunkSize = 64
        dialect.maxRecordBytes = 1 << 20
        guard let reader = try? CSVReader(source: source, dialect: dialect, issues: IssueRecorder()) else { return }
        while (try? reader.next()) != nil {}
    }

    /// Every record of an XML input, on one thread or, in small pieces, on several.
    public static func readXML(_ bytes: UnsafeRawBufferPointer) {
        let threads = bytes.isEmpty ? 1 : Int(bytes[0] % 3) + 1
        guard let source = source(bytes) else { return }
        var options = XMLOptions(recordPath: "/export/cases/case")
        options.maxRecordBytes = 1 << 20
        guard let reader = try? XMLParallelReader.open(source: source, options: options,
                                                       columns: ["@id", "name", "client/@lang", "x/y"],
                                                       groups: [("events/event", ["@date", "."])], threads: threads,
                                                       issues: IssueRecorder(), pieceSize: 256) else { return }
        while (try? reader.next()) != nil {}
        _ = reader.pathCensus
    }

    /// An .xlsx sheet's XML, scanned twice, in pieces of a size the first
    /// byte chooses: an event at a time, and with the cells taken whole
    /// where `XLSXSheetRows` takes them. Both must give the same cells (their
    /// `v`, `is` and `t` elements aside) and the same text, or both refuse.
    public static func scanSheet(_ bytes: UnsafeRawBufferPointer) {
        let input = [UInt8](bytes)
        let piece = input.isEmpty ? 64 : Int(input[0]) % 61 + 3
        let plain = SheetScan.cells(of: input, piece: piece, quickCells: false)
        let quick = SheetScan.cells(of: input, piece: piece, quickCells: true)
        precondition(plain == quick, "cells taken whole differ from those read an event at a time")
    }

    private static let standard = try! HTCDS.Standard.bundled()

    /// A mapping file's text, loaded and checked.
    public static func loadMapping(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? MappingDocument.parse(text: text, path: "fuzz.yaml", directory: URL(fileURLWithPath: "/nonexistent"),
                                       standard: standard)
    }
}

/// Issues a reader reports, dropped.
final class IssueRecorder: IssueSink {
    func report(_ issue: Issue) {}
}

/// What a sheet scan gives, for `Fuzzing.scanSheet` to compare.
enum SheetScan {
    /// A cell, or a run of text or element outside cells: a line of bytes each.
    static func cells(of input: [UInt8], piece: Int, quickCells: Bool) -> [[UInt8]]? {
        var offset = 0
        let scanner = WorkbookXMLScanner(partName: "sheet.xml") {
            guard offset < input.count else { return nil }
            defer { offset += piece }
            return Data(input[offset..<min(input.count, offset + piece)])
        }
        var lines: [[UInt8]] = []
        var inRow = false, inCell = false
        func cell(_ reference: UnsafeBufferPointer<UInt8>?, _ style: UnsafeBufferPointer<UInt8>?,
                  _ type: UnsafeBufferPointer<UInt8>?) -> [UInt8] {
            Array("<c".utf8) + [reference, style, type].flatMap { [0x20] + ($0.map(Array.init) ?? [0x2D]) } + [0x3E]
        }
        do {
            while true {
                while quickCells, inRow, !inCell, let quick = scanner.quickCell() {
                    lines.append(cell(quick.reference, quick.style, quick.type))
                    if !quick.text.isEmpty { lines.append(Array(quick.text)) }
                    lines.append(Array("</c>".utf8))
                }
                let event = try scanner.next()
                let name = Array(scanner.name)
                switch event {
                case .start where name == Array("c".utf8):
                    inCell = true
                    lines.append(cell(scanner.attribute("r"), scanner.attribute("s"), scanner.attribute("t")))
                case .end where name == Array("c".utf8):
                    inCell = false
                    lines.append(Array("</c>".utf8))
                case .start, .end:
                    if name == Array("row".utf8) { inRow = event == .start }
                    // (The elements a quick cell holds leave no line.)
                    if !["v", "is", "t"].contains(where: { Array($0.utf8) == name }) {
                        lines.append(Array((event == .start ? "<" : "</").utf8) + name)
                    }
                case .text:
                    // (Text runs join, as a cell's text taken whole is one.)
                    if let last = lines.last, last.first == 0x22 { lines[lines.count - 1] += Array(scanner.text) }
                    else { lines.append([0x22] + Array(scanner.text)) }
                case .documentEnd:
                    return lines.map { $0.first == 0x22 ? Array($0.dropFirst()) : $0 }
                }
            }
        } catch {
            return nil
        }
    }
}
