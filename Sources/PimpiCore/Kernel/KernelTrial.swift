import Foundation
import PimpiKernel

/// `--kernel auto` (or a level alone): which loop shape counts fastest on the
/// core this rank runs on, found by timing each candidate shape on the same
/// small range, alternated, best of four. Every shape counts the same hits,
/// so the choice changes only the speed; the trial runs before the start
/// barrier, outside the parallel time, and the report gives its cost. The
/// ranks then agree on one shape per CPU model (`KernelAgreement`), so a job
/// never times two loops side by side on the same CPU.
enum KernelTrial {
    /// What the trial found.
    struct Outcome: Equatable, Sendable {
        /// The fastest candidate on this core.
        var kernel: Kernel
        /// The trial's own duration.
        var seconds: Double
        /// The best rate of each candidate shape (`candidates(for:)`'s order), on
        /// this core before the start: the agreed shape's is the yardstick for
        /// how fast this rank should count (`contended`).
        var throwsPerSecond: [Double]

        var candidates: Int { throwsPerSecond.count }

        /// The best rate the trial measured for `kernel`, if it was a candidate.
        func throwsPerSecond(of kernel: Kernel) -> Double? {
            guard kernel.level == self.kernel.level,
                  let index = KernelTrial.candidates(for: kernel.level).firstIndex(of: kernel.shape),
                  throwsPerSecond.indices.contains(index) else { return nil }
            return throwsPerSecond[index]
        }
    }

    /// Throws per candidate and round: a fraction of a millisecond on a fast
    /// core. Four rounds of 2²⁰ rather than three of 2²¹: more chances for
    /// each shape to run once undisturbed, in less time (docs/performance.md,
    /// "Which kernel runs", has what the trial costs at each level).
    static let trialThrows: UInt64 = 1 << 20
    static let rounds = 4

    /// The shapes worth trying at `level`: those `make bench` found fastest
    /// there on the CPUs measured (docs/performance.md). 512-bit registers
    /// favour popcounts of the mask registers; AVX2 lane counters, except the
    /// pipelined loop, fastest on an AVX2-only Zen 3. With AVX-512, the two
    /// fastest pipelined shapes on a Zen 5, and the plain loop that was
    /// fastest on a Zen 4 (whose 512-bit pipes are half as wide) before the
    /// pipeline existed, in case a CPU with fewer registers or pipes prefers it.
    static func candidates(for level: KernelLevel) -> [KernelShape] {
        let names = switch level {
        case .x86_64_v4: ["8x6-popcount-pipelined", "8x4-popcount-pipelined", "16x2-popcount"]
        case .x86_64_v3: ["16x2-lanes", "16x1-lanes", "8x3-lanes", "8x3-popcount-pipelined"]
        case .baseline: ["16x1-popcount", "16x1-lanes", "16x2-lanes"]
        }
        return names.compactMap(KernelShape.init(name:))
    }

    /// The kernel `choice` names, timing the candidate shapes where it leaves
    /// the shape open; nil outcome when nothing was timed.
    static func resolve(_ choice: KernelChoice, best: KernelLevel) -> (kernel: Kernel, trial: Outcome?) {
        if case .exact(let kernel) = choice { return (kernel, nil) }
        let trial = fastest(at: choice.level(best: best))
        return (trial.kernel, trial)
    }

    static func fastest(at level: KernelLevel) -> Outcome {
        let shapes = candidates(for: level)
        let clock = ContinuousClock()
        let started = clock.now
        let best = bestTimes(of: shapes, at: level)
        let winner = best.indices.min { best[$0] < best[$1] } ?? 0
        return Outcome(kernel: Kernel(level: level, shape: shapes[winner]), seconds: (clock.now - started).seconds,
                       throwsPerSecond: best.map { Double(trialThrows) / $0.seconds })
    }

    /// One kernel's rate, timed as the trial times its candidates: what
    /// `--duration` sizes a run from where the trial did not time that kernel.
    static func throwsPerSecond(of kernel: Kernel) -> Double {
        Double(trialThrows) / bestTimes(of: [kernel.shape], at: kernel.level)[0].seconds
    }

    /// The best time of each shape at `level` over the rounds, alternated.
    private static func bestTimes(of shapes: [KernelShape], at level: KernelLevel) -> [Duration] {
        let clock = ContinuousClock()
        var best = [Duration](repeating: .seconds(1_000_000), count: shapes.count)
        let range = ThrowRange(first: 0, count: trialThrows)
        for _ in 0 ..< rounds {
            for (index, shape) in shapes.enumerated() {
                let start = clock.now
                let hits = level.countHits(seed: 1, range: range, shape: shape)
                best[index] = min(best[index], clock.now - start)
                // Keeps the count from being optimised away.
                if hits > trialThrows { preconditionFailure("more hits than throws") }
            }
        }
        return best
    }
}
