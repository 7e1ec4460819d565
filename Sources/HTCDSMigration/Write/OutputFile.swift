import Foundation

/// Where a writer's bytes go: a file written atomically (a temporary file
/// beside it, readable only by the owner, renamed into place on commit) or
/// standard output. Bytes are buffered and written in large blocks.
public final class OutputFile {
    /// The path as the user gave it, or "-" for standard output.
    public let displayPath: String
    private let descriptor: Int32
    private let temporaryPath: String?
    private let finalPath: String?
    private var buffer: [UInt8] = []
    private var finished = false
    private static let blockSize = 256 * 1024

    /// Opens `path` for writing; "-" means standard output.
    public init(path: String) throws {
        displayPath = path
        buffer.reserveCapacity(Self.blockSize)
        if path == "-" {
            descriptor = STDOUT_FILENO
            temporaryPath = nil
            finalPath = nil
            return
        }
        let temporary = try PrivateFile.beside(path)
        descriptor = temporary.descriptor
        temporaryPath = temporary.path
        finalPath = URL(fileURLWithPath: path).path
    }

    deinit {
        if !finished { discard() }
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { try flush() }
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.blockSize { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBufferPointer { pointer in
                Foundation.write(descriptor, pointer.baseAddress! + offset, pointer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: displayPath, message: "cannot be written: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and, for a file, renames it into place.
    public func commit() throws {
        guard !finished else { return }
        try flush()
        finished = true
        guard let temporaryPath, let finalPath else { return }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            unlink(temporaryPath)
            throw OutputError(path: displayPath, message: "cannot be written: \(String(cString: strerror(errno)))")
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError(path: displayPath, message: "cannot be put in place: \(reason)")
        }
    }

    /// Drops a file that will not be completed. Standard output drops what is
    /// still buffered; blocks already written to it cannot be taken back.
    public func discard() {
        guard !finished else { return }
        finished = true
        buffer.removeAll()
        if let temporaryPath {
            close(descriptor)
            unlink(temporaryPath)
        }
    }
}

/// An output that cannot be written.
public struct OutputError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}
