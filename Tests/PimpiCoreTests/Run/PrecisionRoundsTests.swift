@testable import PimpiCore
import Testing

@Suite("Precision rounds")
struct PrecisionRoundsTests {
    /// Simulates the rounds with hits at exactly p = π/4, as rank counts do not matter.
    func rounds(for target: PrecisionTarget) -> (rounds: [UInt64], decision: PrecisionTarget.Decision) {
        var done: UInt64 = 0
        var rounds: [UInt64] = []
        var size = target.firstRoundSize
        while true {
            rounds.append(size)
            done += size
            let hits = UInt64((Double(done) * Double.pi / 4).rounded())
            let decision = target.decide(done: done, hits: hits)
            guard case .next(let next) = decision else { return (rounds, decision) }
            size = next
        }
    }

    @Test("stops as soon as the interval's half-width is at most the target",
          arguments: [(1e-3, 0.95), (1e-4, 0.95), (1e-5, 0.95), (3e-6, 0.95), (1e-5, 0.99), (1e-5, 0.6827)])
    func reaches(targetError: Double, confidence: Double) {
        let target = PrecisionTarget(targetError: targetError, maxThrows: UInt64.max, confidence: confidence)
        let (rounds, decision) = rounds(for: target)
        #expect(decision == .reached)
        let total = rounds.reduce(0, +)
        let estimate = PiEstimate(throwCount: total, hits: UInt64((Double(total) * Double.pi / 4).rounded()))
        #expect(estimate.halfWidth(confidence: confidence) <= targetError)
        #expect(rounds.count <= 4, "\(rounds)")
        // Not wildly more than needed: within 10% of the throws the formula asks for,
        // or the first round when that alone is enough.
        let z = NormalQuantile.twoSided(confidence: confidence)
        let needed = z * z * 16 * (Double.pi / 4) * (1 - Double.pi / 4) / (targetError * targetError)
        #expect(Double(total) <= max(needed * 1.1, Double(PrecisionTarget.firstRound)))
    }

    @Test("stops at the cap, and says so")
    func capped() {
        let target = PrecisionTarget(targetError: 1e-7, maxThrows: 100_000_000)
        let (rounds, decision) = rounds(for: target)
        #expect(decision == .capped)
        #expect(rounds.reduce(0, +) == 100_000_000)
    }

    @Test("a cap below the first round is one round of the cap")
    func tinyCap() {
        let target = PrecisionTarget(targetError: 1e-7, maxThrows: 1000)
        #expect(target.firstRoundSize == 1000)
        #expect(rounds(for: target).decision == .capped)
    }

    @Test("a degenerate estimate never reaches the target", arguments: [
        (1, 0), (1, 1), (1000, 1000), (PrecisionTarget.firstRound, 0), (PrecisionTarget.firstRound, PrecisionTarget.firstRound),
        (PrecisionTarget.firstRound - 1, (PrecisionTarget.firstRound - 1) / 4 * 3),
    ] as [(UInt64, UInt64)])
    func degenerate(done: UInt64, hits: UInt64) {
        // p̂ = 0 or 1 gives a standard error of 0; fewer throws than the first round
        // are too few to judge by, whatever their standard error.
        let target = PrecisionTarget(targetError: 1, maxThrows: UInt64.max)
        #expect(target.decide(done: done, hits: hits) != .reached)
        let capped = PrecisionTarget(targetError: 1, maxThrows: done)
        #expect(capped.decide(done: done, hits: hits) == .capped)
    }
}
