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

    /// Eight throws at once: SplitMix64's finaliser and `DartBoard.isHit`, lane by lane.
    @inlinable @inline(__always)
    static func hitMask(states z0: SIMD8<UInt64>) -> SIMDMask<SIMD8<Int64>> {
        var z = z0
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        z = z ^ (z &>> 31)
        let w = z | SIMD8(repeating: DartBoard.oddHalves)
        let u = w &>> 32
        let v = w & SIMD8(repeating: 0xFFFF_FFFF)
        let uu = u &* u
        return (uu &+ v &* v) .>= uu
    }

    /// Sixteen throws per step in two independent `SIMD8<UInt64>` chains, with
    /// wrapping arithmetic and no branch per throw, so the loop body is
    /// straight-line vector code (two 512-bit registers per chain step on
    /// AVX-512, four on AVX2, eight on SSE2), and the two chains keep the
    /// multipliers busy while the other waits on a result.
    ///
    /// It is `@inlinable` and always inlined so that each ISA-specific module
    /// (PimpiKernelX86_64_V3, _V4) compiles its own copy for its target CPU.
    /// Each lane counts its own hits, so no lane can overflow before 2⁶⁴ throws.
    @inlinable @inline(__always)
    public static func countHitsVectorised(seed: UInt64, range: ThrowRange) -> UInt64 {
        let throwsPerStep: UInt64 = 16
        let gamma = SplitMix64.gamma
        // SplitMix64 state of throw i is seed + (i + 1)·γ. Chain 0 holds throws
        // first + 0…7 of each step, chain 1 throws first + 8…15.
        var chain0 = SIMD8<UInt64>(repeating: seed &+ (range.first &+ 1) &* gamma)
            &+ SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7) &* gamma
        var chain1 = chain0 &+ SIMD8(repeating: 8 &* gamma)
        let step = SIMD8<UInt64>(repeating: throwsPerStep &* gamma)
        let one = SIMD8<UInt64>(repeating: 1)
        var hits0 = SIMD8<UInt64>(repeating: 0)
        var hits1 = hits0

        let steps = range.count / throwsPerStep
        var remaining = steps
        while remaining != 0 {
            hits0.replace(with: hits0 &+ one, where: hitMask(states: chain0))
            hits1.replace(with: hits1 &+ one, where: hitMask(states: chain1))
            chain0 &+= step
            chain1 &+= step
            remaining &-= 1
        }

        let done = steps &* throwsPerStep
        let tail = ThrowRange(first: range.first &+ done, count: range.count &- done)
        return (hits0 &+ hits1).wrappedSum() &+ countHitsScalar(seed: seed, range: tail)
    }
}
