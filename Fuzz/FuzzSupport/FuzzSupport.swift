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
