#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM (what scancel and mpirun send to stop a job) and SIGINT (Ctrl-C):
/// every rank stops within a second; rank 0 says so in one line. Without this, a rank
/// would die silently and the user would not know whether a result is coming.
public enum StopSignals {
    /// Installs the handlers. `speaks`: whether this process writes the message.
    public static func install(speaks: Bool) {
        shouldSpeak = speaks
        termMessage = staticBytes("pimpi: stopped by SIGTERM (job cancelled, time limit reached, or another rank failed); no result\n")
        intMessage = staticBytes("pimpi: interrupted by SIGINT; no result\n")
        signal(SIGTERM, stopHandler)
        signal(SIGINT, stopHandler)
        // A parent may have started pimpi with these blocked (test runners and
        // some daemons do; the mask is inherited): a blocked stop request would
        // sit pending while the job runs on, so unblock them.
        var stopSet = sigset_t()
        sigemptyset(&stopSet)
        sigaddset(&stopSet, SIGTERM)
        sigaddset(&stopSet, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &stopSet, nil)
    }

    /// The message lives in memory that is never freed: the handler may only
    /// call async-signal-safe functions, so it must not allocate or format.
    private static func staticBytes(_ text: String) -> UnsafeBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return UnsafeBufferPointer(buffer)
    }

    nonisolated(unsafe) fileprivate static var shouldSpeak = false
    nonisolated(unsafe) fileprivate static var termMessage = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    nonisolated(unsafe) fileprivate static var intMessage = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
}

/// Only write(2), nanosleep(2) and _exit(2) here: all are async-signal-safe.
private func stopHandler(_ signalNumber: Int32) {
    if StopSignals.shouldSpeak {
        let message = signalNumber == SIGINT ? StopSignals.intMessage : StopSignals.termMessage
        _ = write(STDERR_FILENO, message.baseAddress, message.count)
    } else {
        // mpirun SIGKILLs the whole job as soon as one signalled rank has exited.
        // On a loaded node rank 0 may not yet have run this handler by then, and
        // its line would be lost; so the silent ranks leave the first exit to it.
        // One second is mpirun's own SIGTERM-to-SIGKILL wait, so under mpirun
        // this adds nothing; under srun the silent ranks end at most 1 s later.
        // (A literal, not a static: a lazily initialised global is not
        // async-signal-safe.)
        var grace = timespec(tv_sec: 1, tv_nsec: 0)
        var remaining = timespec()
        while nanosleep(&grace, &remaining) != 0 && errno == EINTR { grace = remaining }
    }
    _exit(128 + signalNumber)
}
