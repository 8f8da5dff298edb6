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

    /// Eight throws per step in one `SIMD8<UInt64>`, with wrapping arithmetic and
    /// no branch per throw, so that the loop body is straight-line vector code:
    /// one 512-bit register on AVX-512, two on AVX2, four on SSE2.
    ///
    /// It is `@inlinable` and always inlined so that each ISA-specific module
    /// (PimpiKernelX86_64_V3, _V4) compiles its own copy for its target CPU.
    /// Each lane counts its own hits, so no lane can overflow before 2⁶⁴ throws.
    @inlinable @inline(__always)
    public static func countHitsVectorised(seed: UInt64, range: ThrowRange) -> UInt64 {
        let laneCount: UInt64 = 8
        let gamma = SplitMix64.gamma
        let laneOffsets = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        // SplitMix64 state of throw i is seed + (i + 1)·γ; lane k starts at throw first + k.
        var state = SIMD8<UInt64>(repeating: seed &+ (range.first &+ 1) &* gamma)
            &+ laneOffsets &* gamma
        let step = SIMD8<UInt64>(repeating: laneCount &* gamma)
        let oddHalves = SIMD8<UInt64>(repeating: DartBoard.oddHalves)
        let lowHalf = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        let zero = SIMD8<UInt64>(repeating: 0)
        let one = SIMD8<UInt64>(repeating: 1)
        var laneHits = zero

        let steps = range.count / laneCount
        var remaining = steps
        while remaining != 0 {
            var z = state
            z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
            z = z ^ (z &>> 31)
            let w = z | oddHalves
            let u = w &>> 32
            let v = w & lowHalf
            let uu = u &* u
            let missed = (uu &+ v &* v) .< uu
            laneHits &+= one.replacing(with: zero, where: missed)
            state &+= step
            remaining &-= 1
        }

        let done = steps &* laneCount
        let tail = ThrowRange(first: range.first &+ done, count: range.count &- done)
        return laneHits.wrappedSum() &+ countHitsScalar(seed: seed, range: tail)
    }
}
