import PimpiCore
import PimpiKernel
import Testing

@Suite("Hit-counting kernels")
struct KernelTests {
    /// Ranges of every length 0…40 (all remainders mod the lane width) and a few
    /// longer ones, at starts near 0, in the middle and just below 2⁶⁴.
    static let ranges: [ThrowRange] = {
        var ranges: [ThrowRange] = []
        var state: UInt64 = 7
        for count in 0 ... 40 as ClosedRange<UInt64> {
            for first in [0, 1, 5, UInt64.max - 100, 1 << 63] as [UInt64] {
                ranges.append(ThrowRange(first: first, count: count))
            }
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

    @Test("every variant this CPU runs matches the scalar reference",
          arguments: KernelVariant.supported)
    func variantMatchesReference(variant: KernelVariant) {
        for (offset, range) in Self.ranges.enumerated() {
            let seed = UInt64(offset) &* 0x1234_5678_9ABC_DEF1
            let expected = HitCounting.countHitsScalar(seed: seed, range: range)
            #expect(variant.countHits(seed: seed, range: range) == expected,
                    "\(variant.rawValue) seed \(seed) range \(range)")
        }
    }

    @Test("the vectorised loop matches the reference in this module's build too, with either tally",
          arguments: HitTally.allCases)
    func inlinedLoopMatchesReference(tally: HitTally) {
        for range in Self.ranges.prefix(300) {
            #expect(HitCounting.countHitsVectorised(seed: 9, range: range, tally: tally)
                == HitCounting.countHitsScalar(seed: 9, range: range))
        }
    }

    @Test("hits add up over any split of a range", arguments: [1, 2, 3, 4, 7, 64])
    func splitInvariance(rankCount: Int) {
        let total: UInt64 = 100_001
        let whole = KernelVariant.best.countHits(seed: 5, range: ThrowRange(first: 0, count: total))
        let split = WorkSplit(totalThrows: total, rankCount: rankCount)
        let summed = (0 ..< rankCount).reduce(UInt64(0)) {
            $0 + KernelVariant.best.countHits(seed: 5, range: split.range(ofRank: $1))
        }
        #expect(summed == whole)
    }

    @Test("the best variant is one the CPU supports")
    func bestIsSupported() {
        #expect(KernelVariant.best.isSupported)
        #expect(KernelVariant.supported.contains(.baseline))
    }
}
