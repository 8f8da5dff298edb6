/// One bounded wait: look, pause as `WaitPolicy` says, look again, until the
/// awaited thing is done or the limit has passed. The clock, the pause and
/// what happens between looks are given, so the loop runs as well on MPI's
/// clock as on a test's.
struct WaitLoop {
    enum Outcome: Equatable {
        case done
        /// The limit passed after this many seconds (counting `waitedBefore`).
        case expired(waited: Double)
    }

    /// Seconds on some clock; only differences count.
    var now: () -> Double
    var pause: (WaitPolicy.Pause) -> Void
    /// Runs before every pause: the rank answers roll calls there.
    var between: () -> Void

    /// Waits until `isDone()` or until `limit` seconds of waiting, of which
    /// `waitedBefore` have passed already (a wait resumed after a roll call).
    func run(limit: Double, timed: Bool, waitedBefore: Double = 0, isDone: () -> Bool) -> Outcome {
        let started = now() - waitedBefore
        while true {
            if isDone() { return .done }
            let waited = now() - started
            if waited >= limit { return .expired(waited: waited) }
            between()
            pause(WaitPolicy.pause(waited: waited, timed: timed))
        }
    }
}
