import Foundation

/// Starts the system writing a file's pages to disk while the run goes on, so
/// that the `fsync` before the rename has little left to do (otherwise the
/// whole output is written at the end, while nothing else happens).
/// Linux's `sync_file_range` only starts the writing and returns; it is looked
/// up at run time because Swift's Glibc module does not declare it (it needs
/// `_GNU_SOURCE`), and skipped where it is missing. Durability still comes
/// from the `fsync`: this only moves the work earlier.
enum EarlyWriteback {
    /// Bytes written between two requests.
    static let stride = 8 * 1024 * 1024

    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// `SYNC_FILE_RANGE_WRITE`: start writing the range's dirty pages, do not wait.
    private static let startWriting: UInt32 = 2

    private static let syncFileRange: SyncFileRange? = {
        #if os(Linux)
        guard let symbol = dlsym(nil, "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
        #else
        return nil
        #endif
    }()

    /// Whether the system has it (Linux's C library does).
    static var isAvailable: Bool { syncFileRange != nil }

    /// Asks for `length` bytes from `offset` of the file to be written out.
    static func request(descriptor: Int32, offset: Int, length: Int) {
        _ = syncFileRange?(descriptor, Int64(offset), Int64(length), startWriting)
    }
}
