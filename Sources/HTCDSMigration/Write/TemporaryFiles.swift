import Foundation

/// Named temporary files that hold case data, removed when the process is
/// stopped by SIGINT, SIGTERM or SIGHUP (the handler removes them and exits
/// with 128 + the signal), and, when a run was killed outright (SIGKILL), by
/// the next run that writes beside them: their names carry the process id
/// (`.out.sqlite.tmp-<pid>-XXXXXX`), and a name whose process is gone is stale.
///
/// The handler may run at any moment on any thread, so it only reads memory
/// that is never freed and calls `unlink` and `_exit` (async-signal-safe):
/// paths live in fixed slots of bytes, each with a flag set after its path is
/// written and cleared before the slot is reused. Most outputs need no slot:
/// on Linux they are files without a name until they are complete (`AnonymousFile`).
public enum TemporaryFiles {
    static let slotCount = 32
    static let slotSize = Int(PATH_MAX) + 1

    /// A slot's bytes and flags, allocated once and never freed.
    nonisolated(unsafe) private static let paths = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotSize)
    nonisolated(unsafe) private static let used: UnsafeMutablePointer<UInt8> = {
        let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: slotCount)
        flags.initialize(repeating: 0, count: slotCount)
        return flags
    }()
    private static let lock = NSLock()

    /// Removes the registered files on SIGINT, SIGTERM and SIGHUP, then exits with 128 + the signal.
    public static func removeOnSignals() {
        _ = (paths, used)  // made before any signal can arrive
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            SystemCalls.handle(signal) { number in
                TemporaryFiles.removeAll()
                _exit(128 + number)
            }
        }
        // A parent may have started this process with them blocked (they would wait until the run ends).
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&handled, signal) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
    }

    /// Registers a named temporary file; the slot to give back, or nil when
    /// all are taken or the path is too long (it is then removed only by the run).
    static func register(_ path: String) -> Int? {
        let bytes = Array(path.utf8CString)
        guard bytes.count <= slotSize else { return nil }
        return lock.withLock {
            guard let slot = (0..<slotCount).first(where: { used[$0] == 0 }) else { return nil }
            bytes.withUnsafeBufferPointer { source in
                (paths + slot * slotSize).update(from: source.baseAddress!, count: source.count)
            }
            used[slot] = 1
            return slot
        }
    }

    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock { used[slot] = 0 }
    }

    /// What the signal handler does: unlink every registered path. No lock,
    /// no allocation.
    private static func removeAll() {
        for slot in 0..<slotCount where used[slot] == 1 {
            unlink(paths + slot * slotSize)
        }
    }

    /// The name part of a temporary file beside `name`: `.name.tmp-<pid>-`.
    static func prefix(for name: String) -> String { ".\(name).tmp-\(getpid())-" }

    /// Removes temporary files beside `path` that a run which no longer
    /// exists left behind (killed outright): `.name.tmp-<pid>-XXXXXX`.
    static func removeStale(besides path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let start = ".\(url.lastPathComponent).tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(start) {
            let rest = name.dropFirst(start.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }
}
