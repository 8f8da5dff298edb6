/// Counting the hits of a range of throws: the hot path of pimpi.
public enum HitCounting {
    /// One throw at a time, in the plainest form: the reference every fast
    /// kernel is tested against.
    public static func countHitsScalar(seed: UInt64, range: ThrowRange) -> UInt64 {
        var hits: UInt64 = 0
        var index = range.first
        for _ in 0 ..< range.count {
            if DartBoard.isHit(SplitMix64.bits(seed: seed, index: index)) {
                hits += 1
            }
            index &+= 1
        }
        return hits
    }

    /// Sixteen throws at once: SplitMix64's finaliser and `DartBoard.isHit`, lane by lane.
    @inlinable @inline(__always)
    static func hitMask(states z0: SIMD16<UInt64>) -> SIMDMask<SIMD16<Int64>> {
        let w = SplitMix64.mix(z0) | SIMD16(repeating: DartBoard.oddHalves)
        let u = w &>> 32
        let v = w & SIMD16(repeating: 0xFFFF_FFFF)
        let uu = u &* u
        return (uu &+ v &* v) .>= uu
    }

    /// The number of lanes of `mask` that are set.
    @inlinable @inline(__always)
    static func setLanes(_ mask: SIMDMask<SIMD16<Int64>>) -> UInt64 {
        // A sum of 0/1 lanes: on AVX-512 LLVM turns this into joining the two
        // 8-lane masks (kunpckbw), kmov and popcnt.
        UInt64(truncatingIfNeeded: SIMD16<Int64>(repeating: 0).replacing(with: 1, where: mask).wrappedSum())
    }

    /// Sixteen throws per step as one `SIMD16<UInt64>`, with wrapping arithmetic
    /// and no branch per throw, so the loop body is straight-line vector code:
    /// two independent 512-bit registers per operation on AVX-512 (four on
    /// AVX2, eight on SSE2), so one register's multiply runs while the other's
    /// waits on its result. (One `SIMD16` measured faster than two `SIMD8`
    /// chains; see docs/performance.md.)
    ///
    /// It is `@inlinable` and always inlined so that each ISA-specific module
    /// (PimpiKernelX86_64_V3, _V4) compiles its own copy for its target CPU,
    /// with `tally` a constant there, so the switch below is resolved at compile
    /// time. No counter can overflow: none counts more than the range's throws.
    @inlinable @inline(__always)
    public static func countHitsVectorised(seed: UInt64, range: ThrowRange, tally: HitTally) -> UInt64 {
        let throwsPerStep: UInt64 = 16
        let gamma = SplitMix64.gamma
        // SplitMix64 state of throw i is seed + (i + 1)·γ; lane k holds throw
        // first + k of each step.
        var states = SIMD16<UInt64>(repeating: seed &+ (range.first &+ 1) &* gamma)
            &+ SIMD16<UInt64>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) &* gamma
        let step = SIMD16<UInt64>(repeating: throwsPerStep &* gamma)
        let one = SIMD16<UInt64>(repeating: 1)
        var laneHits = SIMD16<UInt64>(repeating: 0)
        var maskHits: UInt64 = 0

        let steps = range.count / throwsPerStep
        var remaining = steps
        while remaining != 0 {
            switch tally {
            case .laneCounters:
                laneHits.replace(with: laneHits &+ one, where: hitMask(states: states))
            case .maskPopCount:
                maskHits &+= setLanes(hitMask(states: states))
            }
            states &+= step
            remaining &-= 1
        }

        let done = steps &* throwsPerStep
        let tail = ThrowRange(first: range.first &+ done, count: range.count &- done)
        return laneHits.wrappedSum() &+ maskHits &+ countHitsScalar(seed: seed, range: tail)
    }
}
