import Foundation

/// How rank 0 waits for the other ranks' results: point-to-point, each
/// receive posted ahead, and for a bounded time once its own share is done.
/// A rank on a node that dropped off never answers; in a reduce, rank 0 would
/// wait for it forever (and mpirun with it), so instead it names the missing
/// ranks in one line and ends the job with `ExitStatus.rankLost`.
public struct RankResults {
    /// Message tag of a rank's result.
    static let tag: Int32 = 103

    let world: MPIWorld
    /// Every rank's host, on the root, for naming the missing ones.
    let hosts: [String]
    /// `--rank-timeout`; nil derives the wait from rank 0's own counting time.
    let timeout: Double?

    /// How long rank 0 waits after spending `ownSeconds` on its own share.
    func waitSeconds(ownSeconds: Double) -> Double {
        Self.waitSeconds(ownSeconds: ownSeconds, timeout: timeout)
    }

    /// The wait for `ownSeconds` of rank 0's counting, or `timeout` if given.
    public static func waitSeconds(ownSeconds: Double, timeout: Double?) -> Double {
        timeout ?? max(RunOptions.shortestRankWait, RunOptions.rankWaitPerOwnSecond * ownSeconds)
    }

    /// Every rank's `hits`, in rank order, on the root (empty elsewhere).
    /// `started`: when this rank started counting, on `world.wallTime()`'s clock.
    func hitsOnRoot(_ hits: UInt64, countingSince started: Double) -> [UInt64] {
        let now = world.wallTime()
        let wait = waitSeconds(ownSeconds: now - started)
        let received = world.collectOnRoot([hits], tag: Self.tag, until: now + wait)
        guard world.isRoot else { return [] }
        let missing = (1 ..< world.size).filter { received[$0] == nil }
        if !missing.isEmpty { lost(missing, waited: wait) }
        return received.enumerated().map { rank, values in rank == MPIWorld.root ? hits : values?[0] ?? 0 }
    }

    /// Ends the job from the root: `ranks` have not reported `waited` seconds
    /// after rank 0 finished its own work.
    func lost(_ ranks: [Int], waited: Double) -> Never {
        let named = ranks.count == 1
            ? "rank \(ranks[0]) on \(hosts[ranks[0]]) has not reported its result"
            : "ranks \(TextLayout.shortRanges(ranks)) (on "
                + TextLayout.shortNames(Set(ranks.map { hosts[$0] }).sorted(), noun: "host") + ") "
                + "have not reported their results"
        Diagnostics.error(named + String(format: " %.0f s after rank 0 finished its own share: ", waited)
            + "node or network failure; ending the job (--rank-timeout sets the wait)")
        world.abort(exitCode: ExitStatus.rankLost)
    }
}
