@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("Each level's kernel build")
struct KernelLevelTests {
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

    @Test("the best level is the last one listed, baseline when none is", arguments: [
        ([], KernelLevel.baseline), ([.baseline], .baseline), ([.baseline, .x86_64_v3], .x86_64_v3),
        ([.baseline, .x86_64_v3, .x86_64_v4], .x86_64_v4),
    ] as [([KernelLevel], KernelLevel)])
    func best(supported: [KernelLevel], expected: KernelLevel) {
        #expect(KernelLevel.best(of: supported) == expected)
    }

    @Test("this CPU's levels are listed slowest first and include baseline")
    func supported() {
        let supported = KernelLevel.supported
        #expect(supported.first == .baseline)
        #expect(supported == KernelLevel.allCases.filter { supported.contains($0) })
        #expect(supported.allSatisfy { $0.isSupported })
    }

    @Test("shapes and kernels are named as --kernel takes them", arguments: Kernel.all)
    func names(kernel: Kernel) {
        #expect(Kernel(name: kernel.name) == kernel)
        #expect(KernelShape(name: kernel.shape.name) == kernel.shape)
    }
}
