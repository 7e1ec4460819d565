import Foundation

/// The process's standard streams, made safe before anything else runs.
enum StandardStreams {
    /// Descriptors 0 to 2 that the process was started without (`2>&-`) are
    /// opened on /dev/null, so that no file the run opens becomes one of them
    /// (an output opened as descriptor 2 would receive the summary). A pipe
    /// whose reader went away (`| head`) makes writes fail with EPIPE instead
    /// of killing the process: the run then stops with an output error and
    /// removes what it had begun to write.
    static func secure() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 {
            _ = open("/dev/null", O_RDWR)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes to standard error; a failure to (a closed or broken stream) is ignored.
    static func writeError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
