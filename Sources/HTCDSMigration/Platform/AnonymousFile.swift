import Foundation

/// A file without a name until it is complete (Linux's O_TMPFILE): a run
/// killed by any means, SIGKILL included, leaves nothing visible behind. The
/// only Linux-specific calls of the writers are here; elsewhere, or on a file
/// system that refuses, `open` gives nil and the caller uses a named file.
enum AnonymousFile {
    /// A new file in `folder`, readable only by the owner, open for reading and writing.
    static func open(in folder: String) -> Int32? {
        #if os(Linux)
        // O_TMPFILE, which Swift does not import: __O_TMPFILE (0o20000000) with O_DIRECTORY.
        let descriptor = Foundation.open(folder.isEmpty ? "." : folder, 0o20000000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)
        return descriptor >= 0 ? descriptor : nil
        #else
        return nil
        #endif
    }

    /// Gives the file the name `path` (which must not exist): false if the system refuses.
    static func link(_ descriptor: Int32, to path: String) -> Bool {
        #if os(Linux)
        return linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0
        #else
        return false
        #endif
    }
}
