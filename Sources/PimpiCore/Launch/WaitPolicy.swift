/// How a rank waits for the others, as plain numbers: how long it sleeps
/// between looks, when it gives up, and what it does then. `MPIWorld`
/// follows it; the unit tests check it without waiting.
///
/// A rank that gives up asks before it acts (a roll call: `RollCall`). Every
/// rank answers between looks while it waits and between slices while it
/// counts, so a rank that does not answer within `rollCallSeconds` is stopped,
/// hung or cut off. Rank 0 gives up first, at the wait's bound, and names the
/// ranks that did not answer. The others give up later and only act if the
/// rank ahead of them is gone: rank 1 then names the missing ranks itself,
/// and ranks from 2 on end the job without a line.
enum WaitPolicy {
    /// Rank 1 gives up this long after rank 0 would have, and the other ranks
    /// this long after rank 1: longer than rank 0's roll call and the
    /// launcher's teardown after its MPI_Abort (under a second here). A later
    /// rank that gives up early does no harm, as the earlier one answers its
    /// roll call; the gap only keeps it from asking while that one aborts.
    static let speakerGap = 5.0
    /// How long a roll call waits for answers. A rank answers at its next
    /// look (at most `longestNap` away) or after its current slice of
    /// counting (`RankCounter.sliceThrows`: about 0.1 s on the slowest core
    /// pimpi knows); two seconds also covers a rank that shares its core
    /// with dozens of others.
    static let rollCallSeconds = 2.0

    /// When `rank` gives up on a wait whose bound is `bound` seconds.
    static func limit(bound: Double, rank: Int) -> Double {
        bound + speakerGap * Double(min(rank, 2))
    }

    /// The ranks `rank` asks when it gives up: every other rank for the two
    /// that may name the missing ones (0 and 1), ranks 0 and 1 for the rest.
    static func asked(by rank: Int, size: Int) -> [Int] {
        rank <= 1 ? (0 ..< size).filter { $0 != rank } : [0, 1]
    }

    /// What a rank does when it gives up, given which ranks answered its
    /// roll call and what they were doing.
    enum Verdict: Equatable {
        /// Name these ranks as gone and end the job: rank 0, or rank 1 when
        /// rank 0 is among them.
        case nameMissing([Int])
        /// End the job without a line: the ranks that would speak are gone.
        case endSilently
        /// A rank that this one waits for is still counting, or the rank
        /// that speaks is alive: wait another bound.
        case keepWaiting
        /// Everyone answered and everyone is waiting too, yet the wait has
        /// not ended: MPI itself is stuck, once `stuckRollCalls` roll calls
        /// in a row have found it so (a heavily oversubscribed node can make
        /// a collective slow, not stuck).
        case stuck
    }

    static let stuckRollCalls = 2

    /// One wait's roll calls, in turn: what the rank does after each. It is
    /// `verdict`, except that a stuck collective is only called stuck after
    /// `stuckRollCalls` roll calls in a row have found it so.
    struct RollCalls {
        let rank: Int
        let size: Int
        private var stuckInARow = 0

        init(rank: Int, size: Int) {
            self.rank = rank
            self.size = size
        }

        mutating func verdict(after answers: [Int: RollCall.Activity]) -> Verdict {
            let verdict = WaitPolicy.verdict(rank: rank, size: size, answers: answers)
            stuckInARow = verdict == .stuck ? stuckInARow + 1 : 0
            return verdict == .stuck && stuckInARow < WaitPolicy.stuckRollCalls ? .keepWaiting : verdict
        }
    }

    static func verdict(rank: Int, size: Int, answers: [Int: RollCall.Activity]) -> Verdict {
        let missing = asked(by: rank, size: size).filter { answers[$0] == nil }
        switch rank {
        case 0:
            if !missing.isEmpty { return .nameMissing(missing) }
            return answers.values.contains(.working) ? .keepWaiting : .stuck
        case 1:
            return missing.contains(0) ? .nameMissing(missing) : .keepWaiting
        default:
            return missing.count == 2 ? .endSilently : .keepWaiting
        }
    }

    /// What a waiting rank does before its next look: look again at once
    /// (giving its core to any thread that wants it), or sleep.
    enum Pause: Equatable {
        case yield
        case sleep(Double)
    }

    /// Inside the timed span a rank looks without sleeping for this long, so
    /// that the span's end is not a nap late: ranks of an even run finish
    /// within milliseconds of each other.
    static let timedSpinSeconds = 0.1
    /// After that, a nap is at most this share of the wait so far: an end
    /// seen late by one nap adds at most 1 % of the wait (the imbalance), not
    /// of the run.
    static let timedNapShare = 0.01
    /// Outside it, naps grow with the wait (a tenth of it), from the shortest
    /// to the longest: short waits end promptly, long ones cost no core.
    static let napShare = 0.1
    static let shortestNap = 50e-6
    static let longestNap = 0.01

    static func pause(waited: Double, timed: Bool) -> Pause {
        if timed {
            return waited < timedSpinSeconds ? .yield : .sleep(min(longestNap, waited * timedNapShare))
        }
        return .sleep(min(longestNap, max(shortestNap, waited * napShare)))
    }
}
