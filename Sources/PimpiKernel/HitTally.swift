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
}
