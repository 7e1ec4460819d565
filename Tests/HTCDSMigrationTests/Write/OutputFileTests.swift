import Foundation
import Testing
@testable import HTCDSMigration

@Suite struct OutputFileTests {
    @Test func aFileIsPutInPlaceWholeAndPrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htcds-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.jsonl").path
        let output = try OutputFile(path: path)
        // More than one block, so that blocks are written by the flushing thread in order.
        let line = Array(String(repeating: "x", count: 999).utf8) + [0x0A]
        for _ in 0..<1000 { try output.write(line) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try output.commit()
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written == Data(Array(repeating: line, count: 1000).joined()))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.jsonl"])
    }

    @Test func aLargeFileWrittenOutEarlyIsWhole() throws {
        #if os(Linux)
        #expect(EarlyWriteback.isAvailable)
        #endif
        let folder = TemporaryFolder()
        let path = folder.path("out.jsonl")
        let output = try OutputFile(path: path)
        // Past EarlyWriteback.stride more than twice, in lines that differ.
        var expected: [UInt8] = []
        for number in 0..<(3 * EarlyWriteback.stride / 1000) {
            let line = Array("\(number) ".utf8) + Array(repeating: UInt8(ascii: "a") + UInt8(number % 26), count: 990) + [0x0A]
            expected += line
            try output.write(line)
        }
        try output.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }

    /// Lines lent from chunks (written by writev, neighbours in a chunk
    /// joined) and bytes copied come out in the order written: past a block,
    /// and past the vectors one writev takes.
    @Test func linesLentAndBytesCopiedKeepTheirOrder() throws {
        let folder = TemporaryFolder()
        let path = folder.path("out.jsonl")
        let output = try OutputFile(path: path)
        var expected: [UInt8] = []
        for chunkNumber in 0..<400 {
            let padding = String(repeating: "x", count: 100)
            let lines = (0..<8).map { Array("{\"chunk\":\(chunkNumber),\"line\":\($0),\"pad\":\"\(padding)\"}\n".utf8) }
            let all = Array(lines.joined())
            let chunk = all.withUnsafeBufferPointer { LineChunk(copying: $0) }
            var start = 0
            for (number, line) in lines.enumerated() {
                let range = start..<(start + line.count)
                start += line.count
                // Every third line skipped (a rejected case), every fifth chunk's first line copied instead.
                if number % 3 == 2 { continue }
                if chunkNumber % 5 == 0 && number == 0 {
                    try output.write(line)
                } else {
                    try output.write(RenderedLine(chunk: chunk, range: range))
                }
                expected += line
            }
            try output.write(RenderedLine(chunk: chunk, range: 0..<0))
            // Some lines alone in chunks of their own, not next to anything.
            let alone = Array("alone \(chunkNumber)\n".utf8)
            try output.write(alone.withUnsafeBufferPointer { RenderedLine(copying: $0) })
            expected += alone
        }
        try output.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }

    @Test func anOutputDroppedUnfinishedLeavesNothing() throws {
        let folder = TemporaryFolder()
        let path = folder.path("out.jsonl")
        do {
            let output = try OutputFile(path: path)
            for _ in 0..<40 { try output.write(Array(repeating: 0x41, count: 64 * 1024)) }
            // Neither committed nor discarded: let go with blocks still being written.
        }
        // The last block may still be writing; the temporary file goes when it is done.
        for _ in 0..<200 where !folder.contents.isEmpty { usleep(10_000) }
        #expect(folder.contents.isEmpty)
    }

    @Test func aDeviceIsWrittenToNotReplaced() throws {
        let output = try OutputFile(path: "/dev/null")
        try output.write(Array("{}\n".utf8))
        try output.commit()
        let kind = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(kind == .typeCharacterSpecial)
    }

    @Test func aFullDeviceIsAnError() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let output = try OutputFile(path: "/dev/full")
        #expect(throws: OutputError.self) {
            for _ in 0..<64 { try output.write(Array(repeating: 0x41, count: 64 * 1024)) }
            try output.commit()
        }
        let kind = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType
        #expect(kind == .typeCharacterSpecial)
    }
}
