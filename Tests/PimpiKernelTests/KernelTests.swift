import PimpiCore
import PimpiKernel
import Testing

@Suite("Hit-counting kernels")
struct KernelTests {
    /// Ranges of every length 0…40 (all remainders mod the lane width), every
    /// length 80…200, and a few longer ones, at starts near 0, in the middle
    /// and just below 2⁶⁴.
    static let ranges: [ThrowRange] = {
        var ranges: [ThrowRange] = []
        var state: UInt64 = 7
        for count in 0 ... 40 as ClosedRange<UInt64> {
            for first in [0, 1, 5, UInt64.max - 100, 1 << 63] as [UInt64] {
                ranges.append(ThrowRange(first: first, count: count))
            }
        }
        // Around two and three steps of the widest loops (48 throws a step
        // for 8x6): the pipelined loop needs two steps to start.
        for count in 80 ... 200 as ClosedRange<UInt64> {
            ranges.append(ThrowRange(first: count % 2 == 0 ? 11 : UInt64.max - 150, count: count))
        }
        for _ in 0 ..< 200 {
            state &+= SplitMix64.gamma
            let first = SplitMix64.mix(state)
            let count = SplitMix64.mix(state ^ 1) % 5000
            ranges.append(ThrowRange(first: first, count: count))
        }
        ranges.append(ThrowRange(first: UInt64.max - 1000, count: 1000))
        ranges.append(ThrowRange(first: 3, count: 100_003))
        return ranges
    }()

    /// Every kernel this CPU can run: each level, each loop shape.
    static let runnable = Kernel.all.filter(\.level.isSupported)

    @Test("every level and every loop shape this CPU runs matches the scalar reference", arguments: runnable)
    func kernelMatchesReference(kernel: Kernel) {
        for (offset, range) in Self.ranges.enumerated() {
            let seed = UInt64(offset) &* 0x1234_5678_9ABC_DEF1
            let expected = HitCounting.countHitsScalar(seed: seed, range: range)
            #expect(kernel.countHits(seed: seed, range: range) == expected, "\(kernel) seed \(seed) range \(range)")
        }
    }

    @Test("the generic loop matches the reference in this module's build too, in every shape",
          arguments: KernelShape.all)
    func inlinedLoopMatchesReference(shape: KernelShape) {
        for range in Self.ranges.prefix(400) {
            #expect(HitCounting.countHits(seed: 9, range: range, shape: shape, target: TestTarget.self)
                == HitCounting.countHitsScalar(seed: 9, range: range))
        }
    }

    @Test("hits add up over any split of a range", arguments: [1, 2, 3, 4, 7, 64])
    func splitInvariance(rankCount: Int) {
        let total: UInt64 = 100_001
        let kernel = Kernel(level: KernelVariant.best, shape: KernelShape.all[0])
        let whole = kernel.countHits(seed: 5, range: ThrowRange(first: 0, count: total))
        let split = WorkSplit(totalThrows: total, rankCount: rankCount)
        let summed = (0 ..< rankCount).reduce(UInt64(0)) {
            $0 + kernel.countHits(seed: 5, range: split.range(ofRank: $1))
        }
        #expect(summed == whole)
    }

    @Test("the best variant is one the CPU supports")
    func bestIsSupported() {
        #expect(KernelVariant.best.isSupported)
        #expect(KernelVariant.supported.contains(.baseline))
    }

    @Test("shapes and kernels are named as --kernel takes them", arguments: Kernel.all)
    func names(kernel: Kernel) {
        #expect(Kernel(name: kernel.name) == kernel)
        #expect(KernelShape(name: kernel.shape.name) == kernel.shape)
        #expect(KernelChoice(name: kernel.name) == .exact(kernel))
    }

    @Test("--kernel forms", arguments: [("auto", KernelChoice.auto), ("x86-64-v4", .level(.x86_64_v4)),
                                        ("baseline:16x2-lanes", .exact(Kernel(level: .baseline,
                                            shape: KernelShape(lanes: 16, chains: 2, tally: .laneCounters))))]
          as [(String, KernelChoice)])
    func choices(name: String, expected: KernelChoice) {
        #expect(KernelChoice(name: name) == expected)
        #expect(KernelChoice(name: name + "x") == nil)
    }

    @Test("the trial picks one of its level's candidates, and costs what it reports",
          arguments: KernelVariant.supported)
    func trial(level: KernelVariant) {
        let outcome = KernelTrial.fastest(at: level)
        #expect(outcome.kernel.level == level)
        #expect(KernelTrial.candidates(for: level).contains(outcome.kernel.shape))
        #expect(outcome.candidates == KernelTrial.candidates(for: level).count && outcome.candidates >= 2)
        #expect(outcome.seconds > 0)
        let (kernel, trial) = KernelTrial.resolve(.exact(outcome.kernel), best: level)
        #expect(kernel == outcome.kernel && trial == nil)
    }
}

/// This test module's own `KernelTarget`, for the loop compiled here.
enum TestTarget: KernelTarget {}
