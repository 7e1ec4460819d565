import Foundation

/// Where a reader's bytes come from: a file or standard input, read in
/// fixed-size chunks so that no input is ever held whole in memory. A
/// gzip-compressed file (known by its first bytes, whatever its name) reads
/// as the bytes it holds, decompressed as they are read.
public final class ByteSource {
    /// The path as the user gave it ("-" for standard input), for messages.
    /// (A ZIP's member shows as `export.zip!/cases.csv`.)
    public private(set) var displayPath: String
    /// The file as opened.
    private var filePath: String
    /// The open file; readers that parse with a C library read from it directly.
    let descriptor: Int32
    private let ownsDescriptor: Bool
    public let isStandardInput: Bool
    /// The file's decompression, when it is gzip-compressed.
    private var inflater: GzipInflater?
    /// A member of the ZIP archive the file is (`source.member`), when one is read.
    private var zipMember: (name: String, stream: ZIPMemberStream, pending: Data)?
    /// Whether the bytes read are a compressed file's (gzip, or a ZIP's
    /// member): they can be read from the start, not at offsets.
    var isCompressed: Bool { inflater != nil || zipMember != nil }

    public init(path: String, relativeTo base: URL? = nil) throws {
        displayPath = path
        filePath = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            isStandardInput = true
            return
        }
        let url = base.map { URL(fileURLWithPath: path, relativeTo: $0) } ?? URL(fileURLWithPath: path)
        filePath = url.path
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
        if Self.startsWithGzipMark(fd) {
            do {
                inflater = try GzipInflater(displayPath: path)
            } catch {
                close(fd)
                throw error
            }
        }
    }

    /// The member `name` of the ZIP archive this file is (an export zipped
    /// with its one CSV), read as this source's bytes.
    func member(_ name: String) throws -> ByteSource {
        let members = try WorkbookArchive.members(of: filePath, displayPath: displayPath)
        guard members.contains(name) else {
            let listed = members.sorted().prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            throw InputError(path: displayPath, message: "has no member '\(name)' (source.member); it holds \(listed)"
                             + (members.count > 10 ? ", …" : ""))
        }
        let source = try ByteSource(path: filePath)
        source.inflater = nil
        // In messages and sources, `export.zip!/cases.csv` (as Java names a file in an archive).
        source.displayPath = displayPath + "!/" + name
        source.zipMember = (name, ZIPMemberStream(archive: filePath, member: name, displayPath: displayPath), Data())
        return source
    }

    /// Whether a regular file starts with gzip's mark (1F 8B).
    private static func startsWithGzipMark(_ fd: Int32) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        var mark: (UInt8, UInt8) = (0, 0)
        return withUnsafeMutableBytes(of: &mark) { pread(fd, $0.baseAddress!, 2, 0) } == 2 && mark == (0x1F, 0x8B)
    }

    /// An open descriptor, owned from now on (the fuzz targets' inputs in memory).
    init(descriptor: Int32, displayPath: String) {
        self.displayPath = displayPath
        filePath = displayPath
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

    /// The size in bytes of what is read; nil for standard input, what is not
    /// a regular file, and a compressed file (its bytes are not counted before).
    var fileSize: Int? {
        guard !isCompressed, isRegularFile else { return nil }
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Whether the input is a regular file (it can be read twice).
    var isRegularFile: Bool {
        var info = stat()
        return !isStandardInput && fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads up to `buffer.count` bytes from `offset` on, without moving the
    /// file's position (several threads may read one file this way at once);
    /// returns how many, 0 at the end.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !isCompressed else {
            throw InputError(path: displayPath, message: "is compressed: it is read from its start, not at offsets")
        }
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

    /// Reads up to `count` bytes to `destination`, decompressed when the file is.
    private func readRaw(into destination: UnsafeMutableRawPointer, count: Int) throws(InputError) -> Int {
        if zipMember != nil { return try readMember(into: destination, count: count) }
        guard let inflater else { return try readFile(into: destination, count: count) }
        do {
            return try inflater.read(into: destination, count: count) { buffer, size in
                try readFile(into: buffer, count: size)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(path: displayPath, message: "\(error)")
        }
    }

    /// Reads up to `count` bytes of the ZIP member to `destination`.
    private func readMember(into destination: UnsafeMutableRawPointer, count: Int) throws(InputError) -> Int {
        guard var member = zipMember else { return 0 }
        if member.pending.isEmpty {
            do {
                member.pending = try member.stream.next() ?? Data()
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError(path: displayPath, message: "\(error)")
            }
        }
        let taken = min(count, member.pending.count)
        member.pending.copyBytes(to: destination.assumingMemoryBound(to: UInt8.self), count: taken)
        member.pending = member.pending.dropFirst(taken)
        zipMember = member
        return taken
    }

    /// Reads up to `count` bytes of the file to `destination` (retrying when interrupted).
    private func readFile(into destination: UnsafeMutableRawPointer, count: Int) throws(InputError) -> Int {
        var got: Int
        repeat {
            got = Foundation.read(descriptor, destination, count)
        } while got < 0 && errno == EINTR
        guard got >= 0 else {
            throw InputError(path: displayPath, message: String(cString: strerror(errno)))
        }
        // A pipe's first bytes cannot be looked at before it is read: a
        // compressed stream is refused at its first read, never read as text.
        if isStandardInput && !standardInputStarted && got > 0 {
            standardInputStarted = true
            let bytes = destination.assumingMemoryBound(to: UInt8.self)
            if got >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B {
                throw InputError(path: displayPath, message: "is gzip-compressed: give the .gz file's path (it is read as what it holds), "
                                 + "or decompress it into the pipe (gunzip -c)")
            }
        }
        return got
    }

    /// Whether standard input has given its first bytes.
    private var standardInputStarted = false

    /// Where `read` puts bytes before appending them, kept between reads;
    /// allocated at the first read (an initialiser that throws runs no deinit,
    /// and a buffer allocated before it would leak).
    private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// Goes back to the first byte; only files can.
    public func rewind() throws {
        guard !isStandardInput, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw InputError(path: displayPath, message: "cannot be read twice")
        }
        inflater?.reset()
        if let member = zipMember {
            member.stream.close()
            zipMember = (member.name, ZIPMemberStream(archive: filePath, member: member.name, displayPath: displayPath), Data())
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
