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

    /// The output finaliser (a variant of MurmurHash3's fmix64, "Mix13" constants).
    @inlinable @inline(__always)
    public static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The 64 random bits of throw `index` (0-based) for `seed`:
    /// output number `index + 1` of Vigna's `next()` after `x = seed`.
    @inlinable @inline(__always)
    public static func bits(seed: UInt64, index: UInt64) -> UInt64 {
        mix(seed &+ (index &+ 1) &* gamma)
    }
}
