import Foundation

/// Where a writer's bytes go: a file written atomically (a temporary file
/// beside it, readable only by the owner, renamed into place on commit) or
/// standard output. Bytes are buffered and written in large blocks by a
/// thread of the output's own, so that the run's thread does not wait on
/// the system's writes.
public final class OutputFile: @unchecked Sendable {
    // Unchecked: `buffer`, `parts` and `finished` belong to the writer's
    // thread; the flushing queue touches only the descriptor, the blocks
    // handed to it, its own counts and `failure`, which is under `lock`.
    /// The path as the user gave it, or "-" for standard output.
    public let displayPath: String
    private let descriptor: Int32
    /// How a file comes into place: a file without a name yet (Linux), or a
    /// named temporary beside it; nil for standard output, devices and pipes.
    private let pending: Pending?
    private let finalPath: String?

    private enum Pending {
        case anonymous
        case named(path: String, slot: Int?)
    }
    /// Bytes copied here, not yet handed to the flushing thread. (These
    /// three change with every line, on one thread, by plain statements
    /// only: the run-time exclusivity check would be pure cost.)
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    /// What comes before `buffer`, in order: bytes copied, and lines lent.
    @exclusivity(unchecked) private var parts: [Part] = []
    @exclusivity(unchecked) private var partBytes = 0

    private enum Part {
        case copied([UInt8])
        /// Bytes of a chunk of lines, written from where they are.
        case lent(LineChunk, Range<Int>)
    }
    private var finished = false
    private static let blockSize = 256 * 1024

    private let flusher = DispatchQueue(label: "htcds.output")
    /// Blocks handed to the flusher and not yet written (memory stays bounded).
    private let inFlight = DispatchSemaphore(value: 3)
    private let lock = NSLock()
    private var failure: OutputError?
    /// Bytes the flusher has written, and how many of them it asked the
    /// system to write out early (`EarlyWriteback`); the flusher's own.
    private var flushed = 0
    private var writebackRequested = 0

    /// Opens `path` for writing; "-" means standard output.
    public init(path: String) throws {
        displayPath = path
        buffer.reserveCapacity(Self.blockSize)
        if path == "-" {
            descriptor = STDOUT_FILENO
            pending = nil
            finalPath = nil
            return
        }
        if Self.isDeviceOrPipe(path) {
            // /dev/null, /dev/stdout, a named pipe: written to as they are
            // (a file renamed onto them would replace the device).
            descriptor = open(path, O_WRONLY)
            guard descriptor >= 0 else {
                throw OutputError(path: path, message: "cannot be written: \(String(cString: strerror(errno)))")
            }
            pending = nil
            finalPath = nil
            return
        }
        finalPath = URL(fileURLWithPath: path).path
        if let anonymous = AnonymousFile.open(in: (path as NSString).deletingLastPathComponent) {
            descriptor = anonymous
            pending = .anonymous
        } else {
            let temporary = try PrivateFile.beside(path)
            descriptor = temporary.descriptor
            pending = .named(path: temporary.path, slot: TemporaryFiles.register(temporary.path))
        }
    }

    deinit {
        // Every block handed off holds this object until written, so none is
        // pending here (and this may run on the flushing queue: no waiting).
        if !finished { removeUnfinished() }
    }

    /// Whether `path` names something that is not a file or a folder.
    private static func isDeviceOrPipe(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if partBytes + buffer.count >= Self.blockSize { try handOff() }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if partBytes + buffer.count >= Self.blockSize { try handOff() }
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if partBytes + buffer.count >= Self.blockSize { try handOff() }
    }

    /// Writes a line without copying it: the chunk it is in is kept until
    /// written (lines of one chunk that follow each other are one part).
    func write(_ line: RenderedLine) throws {
        if !buffer.isEmpty {
            partBytes += buffer.count
            parts.append(.copied(buffer))
            buffer = []
        }
        if case .lent(let chunk, let range)? = parts.last, chunk === line.chunk, range.upperBound == line.range.lowerBound {
            parts[parts.count - 1] = .lent(chunk, range.lowerBound..<line.range.upperBound)
        } else {
            parts.append(.lent(line.chunk, line.range))
        }
        partBytes += line.range.count
        if partBytes >= Self.blockSize { try handOff() }
    }

    /// Gives what is waiting to the flushing thread.
    private func handOff() throws {
        try throwIfFailed()
        guard !buffer.isEmpty || !parts.isEmpty else { return }
        var block = parts
        let byteCount = partBytes + buffer.count
        if !buffer.isEmpty {
            block.append(.copied(buffer))
            buffer = []
            buffer.reserveCapacity(Self.blockSize)
        }
        parts = []
        partBytes = 0
        inFlight.wait()
        flusher.async { [self, block] in
            defer { inFlight.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            if let error = writeAll(block) {
                lock.withLock { failure = error }
                return
            }
            flushed += byteCount
            if pending != nil && flushed - writebackRequested >= EarlyWriteback.stride {
                EarlyWriteback.request(descriptor: descriptor, offset: writebackRequested,
                                       length: flushed - writebackRequested)
                writebackRequested = flushed
            }
        }
    }

    /// Waits for every block handed off, and throws what writing them met.
    private func drain() throws {
        flusher.sync {}
        try throwIfFailed()
    }

    private func throwIfFailed() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Writes a block's parts in order (on the flushing thread), runs of
    /// lent lines by `writev`; the error, if any.
    private func writeAll(_ block: [Part]) -> OutputError? {
        var vectors: [iovec] = []
        vectors.reserveCapacity(Self.vectorLimit)
        for part in block {
            switch part {
            case .copied(let bytes):
                if let error = writeVectors(&vectors) ?? writeAll(bytes) { return error }
            case .lent(let chunk, let range):
                guard !range.isEmpty, let base = chunk.bytes.baseAddress else { continue }
                vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: base + range.lowerBound), iov_len: range.count))
                if vectors.count == Self.vectorLimit, let error = writeVectors(&vectors) { return error }
            }
        }
        return writeVectors(&vectors)
    }

    /// Vectors a `writev` takes at most (the system's IOV_MAX is 1024).
    private static let vectorLimit = 512

    /// Writes the vectors whole, however many calls it takes; empties them.
    private func writeVectors(_ vectors: inout [iovec]) -> OutputError? {
        var first = 0
        while first < vectors.count {
            let written = vectors.withUnsafeBufferPointer { all in
                writev(descriptor, all.baseAddress! + first, Int32(all.count - first))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return OutputError(path: displayPath, message: "cannot be written: \(String(cString: strerror(errno)))")
            }
            // Past the vectors written whole; into the one written in part.
            var rest = written
            while first < vectors.count && rest >= vectors[first].iov_len {
                rest -= vectors[first].iov_len
                first += 1
            }
            if rest > 0 {
                vectors[first].iov_base += rest
                vectors[first].iov_len -= rest
            }
        }
        vectors.removeAll(keepingCapacity: true)
        return nil
    }

    /// Writes bytes copied here (on the flushing thread); the error, if any.
    private func writeAll(_ block: [UInt8]) -> OutputError? {
        var offset = 0
        while offset < block.count {
            let written = block.withUnsafeBufferPointer { pointer in
                Foundation.write(descriptor, pointer.baseAddress! + offset, pointer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return OutputError(path: displayPath, message: "cannot be written: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        return nil
    }

    /// Writes what is buffered and, for a file, renames it into place.
    public func commit() throws {
        guard !finished else { return }
        try handOff()
        try drain()
        finished = true
        guard let pending, let finalPath else {
            if descriptor != STDOUT_FILENO { close(descriptor) }
            return
        }
        guard fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            removeUnfinished(pending)
            throw OutputError(path: displayPath, message: "cannot be written: \(reason)")
        }
        let named: (path: String, slot: Int?)
        switch pending {
        case .named(let path, let slot):
            named = (path, slot)
        case .anonymous:
            // A name for it beside the target (a link cannot replace a file), then renamed onto it.
            do {
                named = try nameAnonymousFile(beside: finalPath)
            } catch {
                close(descriptor)
                throw error
            }
        }
        defer { TemporaryFiles.unregister(named.slot) }
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(named.path)
            throw OutputError(path: displayPath, message: "cannot be written: \(reason)")
        }
        guard rename(named.path, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(named.path)
            throw OutputError(path: displayPath, message: "cannot be put in place: \(reason)")
        }
    }

    /// Links the complete anonymous file to a temporary name beside `target`
    /// (registered for removal on a signal); where the system refuses the
    /// link, its bytes are copied to a named temporary file instead.
    private func nameAnonymousFile(beside target: String) throws -> (path: String, slot: Int?) {
        let temporary = try PrivateFile.beside(target)
        let slot = TemporaryFiles.register(temporary.path)
        close(temporary.descriptor)
        unlink(temporary.path)
        if AnonymousFile.link(descriptor, to: temporary.path) { return (temporary.path, slot) }
        // Copied: the name was free a moment ago; O_EXCL refuses it if another took it.
        let copy = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard copy >= 0 else {
            TemporaryFiles.unregister(slot)
            throw OutputError(path: displayPath, message: "cannot be put in place: \(String(cString: strerror(errno)))")
        }
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        var offset: off_t = 0
        while true {
            let got = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if got < 0 && errno == EINTR { continue }
            if got == 0 { break }
            let written = got < 0 ? -1 : block.withUnsafeBytes { Foundation.write(copy, $0.baseAddress, got) }
            guard got > 0, written == got else {
                let reason = String(cString: strerror(errno))
                close(copy)
                unlink(temporary.path)
                TemporaryFiles.unregister(slot)
                throw OutputError(path: displayPath, message: "cannot be put in place: \(reason)")
            }
            offset += off_t(got)
        }
        guard fsync(copy) == 0, close(copy) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            TemporaryFiles.unregister(slot)
            throw OutputError(path: displayPath, message: "cannot be put in place: \(reason)")
        }
        return (temporary.path, slot)
    }

    /// Drops a file that will not be completed. Standard output drops what is
    /// still buffered; blocks already written to it cannot be taken back.
    public func discard() {
        guard !finished else { return }
        flusher.sync {}
        removeUnfinished()
    }

    private func removeUnfinished() {
        finished = true
        buffer.removeAll()
        parts.removeAll()
        if let pending {
            removeUnfinished(pending)
        } else if descriptor != STDOUT_FILENO {
            close(descriptor)
        }
    }

    /// Closes the file and removes it: a file without a name goes with its descriptor.
    private func removeUnfinished(_ pending: Pending) {
        close(descriptor)
        if case .named(let path, let slot) = pending {
            unlink(path)
            TemporaryFiles.unregister(slot)
        }
    }
}

/// An output that cannot be written.
public struct OutputError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}
