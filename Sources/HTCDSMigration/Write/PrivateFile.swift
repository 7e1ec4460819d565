import Foundation

/// Temporary files that hold case data: created readable only by the owner
/// (mkstemp's mode 0600), with a name no other process can have taken.
enum PrivateFile {
    /// Creates `folder/prefix-XXXXXX` empty and returns its open descriptor and path.
    static func create(in folder: String, prefix: String) throws -> (descriptor: Int32, path: String) {
        var template = Array((folder + "/" + prefix + "-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw OutputError(path: folder, message: "cannot hold a temporary file: \(String(cString: strerror(errno)))")
        }
        return (descriptor, template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// A temporary file beside `path`, so that renaming it onto `path` is atomic;
    /// its name carries this process's id (`TemporaryFiles.removeStale`), and
    /// stale ones a killed run left there are removed first.
    static func beside(_ path: String) throws -> (descriptor: Int32, path: String) {
        let url = URL(fileURLWithPath: path)
        TemporaryFiles.removeStale(besides: path)
        do {
            let prefix = TemporaryFiles.prefix(for: url.lastPathComponent)
            return try create(in: url.deletingLastPathComponent().path, prefix: String(prefix.dropLast()))
        } catch let error as OutputError {
            throw OutputError(path: path, message: "cannot be written: " + error.message.replacingOccurrences(of: "cannot hold a temporary file: ", with: ""))
        }
    }
}
