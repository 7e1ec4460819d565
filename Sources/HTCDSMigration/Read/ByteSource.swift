import Foundation

/// Where a reader's bytes come from: a file or standard input, read in
/// fixed-size chunks so that no input is ever held whole in memory.
public final class ByteSource {
    /// The path as the user gave it ("-" for standard input), for messages.
    public let displayPath: String
    /// The open file; readers that parse with a C library read from it directly.
    let descriptor: Int32
    private let ownsDescriptor: Bool
    public let isStandardInput: Bool

    public init(path: String, relativeTo base: URL? = nil) throws {
        displayPath = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            isStandardInput = true
            return
        }
        let url = base.map { URL(fileURLWithPath: path, relativeTo: $0) } ?? URL(fileURLWithPath: path)
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(path: path, message: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(path: path, message: "is a folder, not a file")
        }
        descriptor = fd
        ownsDescriptor = true
        isStandardInput = false
    }

    /// An open descriptor, owned from now on (the fuzz targets' inputs in memory).
    init(descriptor: Int32, displayPath: String) {
        self.displayPath = displayPath
        self.descriptor = descriptor
        ownsDescriptor = true
        isStandardInput = false
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
        scratch.deallocate()
    }

    /// Appends up to `count` bytes to `buffer`; returns how many, 0 at the end.
    public func read(into buffer: inout [UInt8], count: Int) throws -> Int {
        let got = try readScratch(count)
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<got]))
        return got
    }

    /// Appends up to `count` bytes to `buffer`, read straight into it; returns how many, 0 at the end.
    func read(into buffer: inout ByteArena, count: Int) throws -> Int {
        try buffer.append(upTo: count) { space throws(InputError) in
            try readRaw(into: UnsafeMutableRawPointer(space.baseAddress!), count: space.count)
        }
    }

    /// Reads up to `count` bytes and lends them to `body` without copying
    /// them (a pass that only looks, such as validating a whole file);
    /// returns how many, 0 at the end.
    func read(count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws -> Int {
        let got = try readScratch(count)
        body(UnsafeRawBufferPointer(rebasing: scratch[0..<got]).assumingMemoryBound(to: UInt8.self))
        return got
    }

    /// The file's size in bytes; nil for standard input and what is not a regular file.
    var fileSize: Int? {
        var info = stat()
        guard !isStandardInput, fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Reads up to `buffer.count` bytes from `offset` on, without moving the
    /// file's position (several threads may read one file this way at once);
    /// returns how many, 0 at the end.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var got: Int
        repeat {
            got = pread(descriptor, buffer.baseAddress!, buffer.count, off_t(offset))
        } while got < 0 && errno == EINTR
        guard got >= 0 else {
            throw InputError(path: displayPath, message: String(cString: strerror(errno)))
        }
        return got
    }

    /// Reads up to `count` bytes into `scratch`.
    private func readScratch(_ count: Int) throws -> Int {
        if scratch.count < count || scratch.baseAddress == nil {
            scratch.deallocate()
            scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
        }
        return try readRaw(into: scratch.baseAddress!, count: count)
    }

    /// Reads up to `count` bytes to `destination` (retrying when interrupted).
    private func readRaw(into destination: UnsafeMutableRawPointer, count: Int) throws(InputError) -> Int {
        var got: Int
        repeat {
            got = Foundation.read(descriptor, destination, count)
        } while got < 0 && errno == EINTR
        guard got >= 0 else {
            throw InputError(path: displayPath, message: String(cString: strerror(errno)))
        }
        return got
    }

    /// Where `read` puts bytes before appending them, kept between reads;
    /// allocated at the first read (an initialiser that throws runs no deinit,
    /// and a buffer allocated before it would leak).
    private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// Goes back to the first byte; only files can.
    public func rewind() throws {
        guard !isStandardInput, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw InputError(path: displayPath, message: "cannot be read twice")
        }
    }
}

/// An input that cannot be opened or read.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String
    public let line: Int?
    public let column: Int?

    public init(path: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    /// `path:line:column: message`, as far as known.
    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? "")\(line != nil ? column.map { ":\($0)" } ?? "" : ""): \(message)"
    }
}
