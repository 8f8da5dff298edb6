/// The vector types the kernel's loop runs on. The generic loop does the
/// arithmetic (SplitMix64, the squares), which the optimiser turns into vector
/// code for any width; the comparison and the tally are written here for each
/// concrete type, because only there does the standard library's vector
/// compare apply (its generic one goes lane by lane).
public protocol KernelLanes: SIMD where Scalar == UInt64 {
    /// How many of the throws whose `HitCounting.dartBits` are `bits` hit.
    static func hitCount(dartBits bits: Self) -> UInt64
    /// Adds 1 to each counter whose lane's throw hit.
    static func addHits(dartBits bits: Self, to counters: inout Self)
}

extension HitCounting {
    /// A vector of throws' random bits with both 32-bit halves forced odd:
    /// what the hit test squares (see `DartBoard`). The `| 1`s sit here, right
    /// after the finaliser, so that the compiler merges them with its last xor
    /// (one vpternlogq with AVX-512), in the pipelined loop too.
    @inlinable @inline(__always)
    public static func dartBits<Lanes: SIMD>(mixed: Lanes) -> Lanes where Lanes.Scalar == UInt64 {
        mixed | Lanes(repeating: DartBoard.oddHalves)
    }

    /// u² and u² + v² for each lane (see `DartBoard`): a throw hits when the sum
    /// did not wrap, that is when sum ≥ u².
    @inlinable @inline(__always)
    static func squares<Lanes: KernelLanes>(dartBits w: Lanes) -> (uu: Lanes, sum: Lanes) {
        let u = w &>> 32
        let v = w & Lanes(repeating: 0xFFFF_FFFF)
        let uu = u &* u
        return (uu, uu &+ v &* v)
    }
}

// The conformances are the same two lines for each type: with AVX-512 the
// compare writes a mask register, and the count is kmov + popcnt. (SIMD32 is
// left out: its compare is not vectorised in this toolchain.)

extension SIMD8: KernelLanes where Scalar == UInt64 {
    @inlinable @inline(__always)
    public static func hitCount(dartBits bits: Self) -> UInt64 {
        let (uu, sum) = HitCounting.squares(dartBits: bits)
        let hits = SIMD8<Int64>(repeating: 0).replacing(with: 1, where: sum .>= uu)
        return UInt64(truncatingIfNeeded: hits.wrappedSum())
    }

    @inlinable @inline(__always)
    public static func addHits(dartBits bits: Self, to counters: inout Self) {
        let (uu, sum) = HitCounting.squares(dartBits: bits)
        counters.replace(with: counters &+ 1, where: sum .>= uu)
    }
}

extension SIMD16: KernelLanes where Scalar == UInt64 {
    @inlinable @inline(__always)
    public static func hitCount(dartBits bits: Self) -> UInt64 {
        let (uu, sum) = HitCounting.squares(dartBits: bits)
        let hits = SIMD16<Int64>(repeating: 0).replacing(with: 1, where: sum .>= uu)
        return UInt64(truncatingIfNeeded: hits.wrappedSum())
    }

    @inlinable @inline(__always)
    public static func addHits(dartBits bits: Self, to counters: inout Self) {
        let (uu, sum) = HitCounting.squares(dartBits: bits)
        counters.replace(with: counters &+ 1, where: sum .>= uu)
    }
}
