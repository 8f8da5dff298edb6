/// SplitMix64, the counter-based generator pimpi throws with.
///
/// Steele, Lea and Flood, "Fast splittable pseudorandom number generators"
/// (OOPSLA 2014); reference C code by Sebastiano Vigna, `splitmix64.c`
/// (https://prng.di.unimi.it/splitmix64.c). The k-th output (k = 1, 2, ...) of the
/// stream seeded with `seed` is `mix(seed + k·γ)`, so any output can be computed
/// from (seed, k) alone. That is what makes pimpi's results independent of the
/// rank count: throw i uses output i + 1 wherever it is computed.
public enum SplitMix64 {
    /// Name used in reports.
    public static let name = "SplitMix64"

    /// The golden-ratio increment of SplitMix64.
    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The output finaliser's constants (a variant of MurmurHash3's fmix64,
    /// Stafford's "Mix13"): z ^= z >> 30; z *= m1; z ^= z >> 27; z *= m2; z ^= z >> 31.
    public static let mixShifts: (UInt64, UInt64, UInt64) = (30, 27, 31)
    public static let mixMultipliers: (UInt64, UInt64) = (0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB)

    /// The output finaliser, for one state.
    @inlinable @inline(__always)
    public static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> mixShifts.0)) &* mixMultipliers.0
        z = (z ^ (z >> mixShifts.1)) &* mixMultipliers.1
        return z ^ (z >> mixShifts.2)
    }

    /// The output finaliser, lane by lane: the vector kernel's copy of `mix`.
    @inlinable @inline(__always)
    public static func mix<Lanes: SIMD>(_ states: Lanes) -> Lanes where Lanes.Scalar == UInt64 {
        mixSecondHalf(mixFirstHalf(states))
    }

    /// `mix` up to its second multiply, lane by lane. The pipelined kernel
    /// (PipelinedChain) runs the halves of one step in different iterations,
    /// so that each iteration has independent work to overlap.
    @inlinable @inline(__always)
    public static func mixFirstHalf<Lanes: SIMD>(_ states: Lanes) -> Lanes where Lanes.Scalar == UInt64 {
        let z = (states ^ (states &>> mixShifts.0)) &* mixMultipliers.0
        return z ^ (z &>> mixShifts.1)
    }

    /// The rest of `mix`, from its second multiply.
    @inlinable @inline(__always)
    public static func mixSecondHalf<Lanes: SIMD>(_ half: Lanes) -> Lanes where Lanes.Scalar == UInt64 {
        let z = half &* mixMultipliers.1
        return z ^ (z &>> mixShifts.2)
    }

    /// The 64 random bits of throw `index` (0-based) for `seed`:
    /// output number `index + 1` of Vigna's `next()` after `x = seed`.
    @inlinable @inline(__always)
    public static func bits(seed: UInt64, index: UInt64) -> UInt64 {
        mix(seed &+ (index &+ 1) &* gamma)
    }
}
