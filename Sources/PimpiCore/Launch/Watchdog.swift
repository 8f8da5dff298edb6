import Foundation

/// Bounds the MPI calls that have no nonblocking form: MPI_Init, the
/// communicators and the window made before the start, freeing the window,
/// and MPI_Finalize. Such a call cannot be interrupted from inside, so a
/// thread of its own watches it: if the call has not returned by its
/// deadline, the thread writes the call's line (where this rank speaks) and
/// ends the process with its status. The launcher then ends the others.
/// The thread never calls MPI, so MPI_THREAD_FUNNELED holds.
final class Watchdog: @unchecked Sendable {
    private struct Alarm {
        var deadline: ContinuousClock.Instant
        var line: String?
        var status: Int32
    }

    private let clock = ContinuousClock()
    private let condition = NSCondition()
    /// The call being watched, if any (guarded by `condition`).
    private var alarm: Alarm?

    init() {
        Thread.detachNewThread { [self] in watch() }
    }

    /// Runs `body`, ending the process if it has not returned after
    /// `seconds`: with `line` on stderr (nil: silently) and exit `status`.
    func guarding<Result>(seconds: Double, line: String?, status: Int32, _ body: () -> Result) -> Result {
        set(Alarm(deadline: clock.now + .milliseconds(Int64(seconds * 1000)), line: line, status: status))
        defer { set(nil) }
        return body()
    }

    private func set(_ new: Alarm?) {
        condition.lock()
        alarm = new
        condition.signal()
        condition.unlock()
    }

    private func watch() {
        condition.lock()
        while true {
            guard let alarm else {
                condition.wait()
                continue
            }
            let left = alarm.deadline - clock.now
            if left <= .zero { fire(alarm) }
            _ = condition.wait(until: Date(timeIntervalSinceNow: left.seconds))
        }
    }

    private func fire(_ alarm: Alarm) -> Never {
        if let line = alarm.line { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        _exit(alarm.status)
    }
}
