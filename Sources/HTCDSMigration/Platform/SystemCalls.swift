import Foundation

/// The system calls whose spelling or presence differs between Linux and
/// macOS, each behind a platform check with a portable fallback. With
/// `AnonymousFile` and `EarlyWriteback` (looked up at run time), these are
/// the only places that know the platform; `Scripts/check-portability.sh`
/// fails when a Linux-only symbol appears anywhere else.
enum SystemCalls {
    /// `mmap` flags that make an anonymous mapping's pages at once where the
    /// system can (Linux's `MAP_POPULATE`); elsewhere pages come as touched.
    static let populateMapping: Int32 = {
        #if os(Linux)
        return MAP_POPULATE
        #else
        return 0
        #endif
    }()

    /// Installs `handler` for `signal` (the handler field's name differs by platform).
    static func handle(_ signal: Int32, with handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
    }
}
