internal import CSystemZlib
import Foundation

/// The bytes of a gzip-compressed file, decompressed by zlib as they are
/// asked for: the compressed bytes are read a block at a time, so memory
/// stays flat whatever the file's size. Several gzip members one after the
/// other (`cat a.gz b.gz`) read as one, as gunzip reads them.
///
/// Invariants: `stream` is initialised in `init` and ended in `deinit`;
/// `input` holds the compressed bytes zlib has not taken (`stream.next_in`
/// points into it); nothing here is shared between threads.
final class GzipInflater {
    static let blockSize = 64 << 10

    private var stream = z_stream()
    private let input = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipInflater.blockSize)
    private let displayPath: String
    /// Whether the compressed file has no more bytes.
    private var inputEnded = false
    /// Whether the last member ended where the file did.
    private var memberEnded = false
    /// Compressed bytes read, for messages.
    private var compressedOffset = 0

    init(displayPath: String) throws {
        self.displayPath = displayPath
        guard htcds_inflate_init(&stream) == Z_OK else {
            input.deallocate()
            throw InputError(path: displayPath, message: "cannot be decompressed (zlib would not start)")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Starts again from the file's first byte (the caller rewinds the file).
    func reset() {
        inflateReset(&stream)
        stream.avail_in = 0
        inputEnded = false
        memberEnded = false
        compressedOffset = 0
    }

    /// Decompresses up to `count` bytes to `destination`, reading compressed
    /// bytes with `readCompressed` (at most as many as its buffer holds, 0 at
    /// the file's end); returns how many, 0 at the end.
    func read(into destination: UnsafeMutableRawPointer, count: Int,
              readCompressed: (UnsafeMutableRawPointer, Int) throws -> Int) throws -> Int {
        stream.next_out = destination.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(min(count, Int(UInt32.max)))
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && !inputEnded {
                let got = try readCompressed(UnsafeMutableRawPointer(input), GzipInflater.blockSize)
                if got == 0 {
                    inputEnded = true
                } else {
                    stream.next_in = input
                    stream.avail_in = UInt32(got)
                    compressedOffset += got
                }
            }
            if stream.avail_in == 0 && inputEnded {
                guard memberEnded else {
                    throw InputError(path: displayPath, message: "ends before its compressed data does (the .gz file is cut short)")
                }
                break
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                memberEnded = false
            case Z_STREAM_END:
                // Another member may follow: start it over the bytes left.
                memberEnded = true
                inflateReset(&stream)
            default:
                throw InputError(path: displayPath,
                                 message: "is a damaged gzip file: its compressed data stops making sense near byte \(compressedOffset)")
            }
        }
        return count - Int(stream.avail_out)
    }
}
