/// How the vectorised kernel adds up the hits of each step. Both give the same
/// count; which is faster depends on where the compare's result lives.
public enum HitTally: Sendable, CaseIterable {
    /// One counter per lane, incremented where its throw hit. Everything stays
    /// in vector registers, which suits SSE2, AVX2 and other architectures,
    /// where a compare yields a vector of all-ones or zeros.
    case laneCounters

    /// The number of set lanes in each step's hit mask, added to one scalar.
    /// With AVX-512 the compare writes a mask register, and turning that back
    /// into a vector to add it costs two more 512-bit instructions per 8 throws
    /// on the vector pipes that bound the loop; `kmov` + `popcnt` instead move
    /// the count to the integer units, which have little else to do there
    /// (measured 15 % faster on Zen 4).
    case maskPopCount

    /// In shape names: "lanes", "popcount".
    public var name: String {
        switch self {
        case .laneCounters: "lanes"
        case .maskPopCount: "popcount"
        }
    }
}

/// A `HitTally` as a type, so that the loop is compiled once per tally.
public protocol HitTallyKind {
    static var tally: HitTally { get }
}

public enum LaneCounterTally: HitTallyKind {
    public static var tally: HitTally { .laneCounters }
}

public enum PopCountTally: HitTallyKind {
    public static var tally: HitTally { .maskPopCount }
}

/// How many independent vectors the loop advances per step, as a type, so that
/// the loop is compiled once per count.
public protocol ChainCount {
    static var count: Int { get }
}

public enum OneChain: ChainCount {
    public static var count: Int { 1 }
}

public enum TwoChains: ChainCount {
    public static var count: Int { 2 }
}

public enum ThreeChains: ChainCount {
    public static var count: Int { 3 }
}
