/// `--target-error E`: throw in rounds until the standard error of π̂ is at most
/// E, or until `--max-throws` is reached.
///
/// Round sizes depend only on the totals so far (throws and hits), which are the
/// same on any number of ranks, so the same E and seed give the same rounds and
/// the same answer on 1 rank or 64.
public struct PrecisionTarget: Equatable, Sendable {
    public var targetError: Double
    public var maxThrows: UInt64

    /// Without --max-throws: 10¹², a few minutes on a 2-core machine.
    public static let defaultMaxThrows: UInt64 = 1_000_000_000_000
    /// The first round: enough throws for p̂ to be a good guide to the rest.
    /// `--max-throws` may not be smaller, so every verdict rests on at least
    /// this many throws (about 5 ms of one core's work).
    public static let firstRound: UInt64 = 1 << 24
    /// Later rounds are never smaller than this, so rounds stay few.
    public static let smallestRound: UInt64 = 1 << 22

    /// Why `--max-throws` cannot be `maxThrows`, or nil when it can.
    public static func maxThrowsProblem(_ maxThrows: UInt64) -> String? {
        guard maxThrows < firstRound else { return nil }
        return "--max-throws \(TextLayout.grouped(maxThrows)) is below the first round of "
            + "\(TextLayout.grouped(firstRound)) throws, the fewest a precision is judged by"
    }

    public init(targetError: Double, maxThrows: UInt64 = defaultMaxThrows) {
        self.targetError = targetError
        self.maxThrows = maxThrows
    }

    public enum Decision: Equatable, Sendable {
        case reached
        case capped
        case next(throwCount: UInt64)
    }

    /// The first round's size.
    public var firstRoundSize: UInt64 { min(Self.firstRound, maxThrows) }

    /// What to do after `done` throws with `hits` hits. A target is reached
    /// only by an estimate that can be judged: after the whole first round, and
    /// with both hits and misses, since an all-hit or no-hit count (p̂ = 0 or 1)
    /// has a standard error of 0 whatever π is.
    public func decide(done: UInt64, hits: UInt64) -> Decision {
        let estimate = PiEstimate(throwCount: done, hits: hits)
        let judgeable = done >= Self.firstRound && hits > 0 && hits < done
        if judgeable, estimate.standardError <= targetError { return .reached }
        if done >= maxThrows { return .capped }
        // Throws needed for the target at the current p̂, with 5% to spare so the
        // last round usually lands under it rather than just above.
        let p = estimate.hitFraction
        let needed = 16 * p * (1 - p) / (targetError * targetError) * 1.05
        let neededThrows = needed >= 1.8e19 ? UInt64.max : UInt64(needed.rounded(.up))
        let more = neededThrows > done ? neededThrows - done : 0
        let round = max(more, Self.smallestRound, done / 4)
        return .next(throwCount: min(round, maxThrows - done))
    }
}
