internal import CSystemZlib
import Foundation
import ZIPFoundation

/// The bytes of one member of a ZIP archive (a workbook's sheet, its shared
/// strings), decompressed by ZIPFoundation and checked against the CRC-32
/// the archive gives for it, handed out a chunk at a time. The checksum is
/// zlib's (ZIPFoundation's own is a byte-at-a-time loop: two thirds of the
/// decompressing thread's time), and a mismatch stops the reader at the
/// member's end: ZIPFoundation only returns the checksum it made.
/// ZIPFoundation pushes a member's bytes to a closure until the member
/// ends, and a reader is pulled a record at a time: so the member
/// is decompressed on a thread of its own, which waits while `depth` chunks
/// are not yet taken.
///
/// Invariants: memory is at most `depth` chunks whatever the member's size;
/// the thread touches only its own `Archive` and the `Handoff`; `close`, or
/// the stream's end of life, stops the thread and waits for it, so that no
/// thread reads the file after its reader is gone.
final class ZIPMemberStream {
    static let chunkSize = 64 << 10
    static let depth = 4

    /// The member's name in the archive (`xl/worksheets/sheet1.xml`).
    let member: String
    private let handoff = Handoff()

    init(archive path: String, member: String, displayPath: String) {
        self.member = member
        let handoff = handoff
        let thread = Thread {
            do {
                let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
                guard let entry = archive[member] else {
                    throw InputError(path: displayPath, message: "is damaged: its part \(member) is missing")
                }
                var checksum = crc32(0, nil, 0)
                _ = try archive.extract(entry, bufferSize: Self.chunkSize, skipCRC32: true) { chunk in
                    checksum = chunk.withUnsafeBytes { bytes in
                        crc32(checksum, bytes.bindMemory(to: Bytef.self).baseAddress, uInt(bytes.count))
                    }
                    try handoff.put(chunk)
                }
                guard UInt32(truncatingIfNeeded: checksum) == entry.checksum else { throw Archive.ArchiveError.invalidCRC32 }
                handoff.end(nil)
            } catch {
                handoff.end(Self.explained(error, member: member, displayPath: displayPath))
            }
        }
        thread.name = "htcds unzip"
        thread.start()
    }

    deinit { close() }

    /// The next chunk of the member's bytes; nil at its end.
    func next() throws -> Data? {
        try handoff.take()
    }

    /// Stops decompressing and waits for the thread to end.
    func close() {
        handoff.cancel()
    }

    /// ZIPFoundation's errors in the user's words.
    private static func explained(_ error: any Error, member: String, displayPath: String) -> any Error {
        if error is InputError || error is Handoff.Cancelled { return error }
        let why: String = switch error as? Archive.ArchiveError {
        case .invalidCRC32?: "its part \(member) fails its checksum"
        case .invalidCompressionMethod?: "its part \(member) is compressed in a way ZIP readers do not know (or encrypted)"
        case .unreadableArchive?, .missingEndOfCentralDirectoryRecord?: "it is not a complete ZIP archive"
        default: "its part \(member) cannot be read (\(error))"
        }
        return InputError(path: displayPath, message: "is damaged: \(why)")
    }

    /// The chunks between the decompressing thread and the reader, under a lock.
    private final class Handoff: @unchecked Sendable {
        struct Cancelled: Error {}

        private let condition = NSCondition()
        private var chunks: [Data] = []
        private var ended = false
        private var failure: (any Error)?
        private var cancelled = false

        /// On the thread: waits while `depth` chunks are waiting; throws once cancelled.
        func put(_ chunk: Data) throws {
            condition.lock()
            defer { condition.unlock() }
            while chunks.count >= ZIPMemberStream.depth && !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            chunks.append(chunk)
            condition.broadcast()
        }

        /// On the thread, last: the member ended, or failed.
        func end(_ error: (any Error)?) {
            condition.lock()
            defer { condition.unlock() }
            failure = error
            ended = true
            condition.broadcast()
        }

        func take() throws -> Data? {
            condition.lock()
            defer { condition.unlock() }
            while chunks.isEmpty && !ended { condition.wait() }
            if !chunks.isEmpty {
                condition.broadcast()
                return chunks.removeFirst()
            }
            if let failure, !(failure is Cancelled) { throw failure }
            return nil
        }

        /// Tells the thread to stop, and waits until it has.
        func cancel() {
            condition.lock()
            defer { condition.unlock() }
            cancelled = true
            chunks.removeAll()
            condition.broadcast()
            while !ended { condition.wait() }
        }
    }
}
