/// The rounds of a `--target-error` run: how many throws each one adds, and
/// when to stop. Round sizes depend only on the totals so far (throws and
/// hits), which are the same on any number of ranks, so the same E and seed
/// give the same rounds and the same answer on 1 rank or 64.
extension PrecisionTarget {
    enum Decision: Equatable, Sendable {
        case reached
        case capped
        case next(throwCount: UInt64)
    }

    /// The first round's size.
    var firstRoundSize: UInt64 { min(Self.firstRound, maxThrows) }

    /// What to do after `done` throws with `hits` hits: reached when π's
    /// interval at `confidence` reaches at most `targetError` either side. A
    /// target is reached only by an estimate that can be judged: after the
    /// whole first round, and with both hits and misses, since an all-hit or
    /// no-hit count (p̂ = 0 or 1) says little of π whatever its interval.
    func decide(done: UInt64, hits: UInt64) -> Decision {
        let estimate = PiEstimate(throwCount: done, hits: hits)
        let judgeable = done >= Self.firstRound && hits > 0 && hits < done
        if judgeable, estimate.halfWidth(confidence: confidence) <= targetError { return .reached }
        if done >= maxThrows { return .capped }
        // Throws needed for the target at the current p̂ (the half-width is
        // z·4·√(p̂(1 − p̂)/N) at these counts), with 5% to spare so the last
        // round usually lands under it rather than just above.
        let p = estimate.hitFraction
        let z = NormalQuantile.twoSided(confidence: confidence)
        let needed = z * z * 16 * p * (1 - p) / (targetError * targetError) * 1.05
        let neededThrows = needed >= 1.8e19 ? UInt64.max : UInt64(needed.rounded(.up))
        let more = neededThrows > done ? neededThrows - done : 0
        let round = max(more, Self.smallestRound, done / 4)
        return .next(throwCount: min(round, maxThrows - done))
    }
}
