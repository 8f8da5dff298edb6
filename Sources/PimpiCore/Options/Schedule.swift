/// `--schedule`: how throws reach the ranks.
enum Schedule: String, CaseIterable, Sendable {
    /// Each rank gets one fixed, near-equal share up front (the course's way).
    case `static`
    /// Every rank takes the next chunk as it finishes one, so a slower rank
    /// gets less work.
    case dynamic

    /// How the dynamic schedule's ranks got their chunks.
    enum ChunkTaking: String, Equatable, Sendable {
        /// From a shared counter, with MPI-3 one-sided atomics (`DynamicSchedule`).
        case atomics
        /// From rank 0, on request, where MPI has no one-sided atomics between
        /// the ranks (`ManagedSchedule`).
        case rankZero = "rank 0"
    }

    /// Chunk size when `--chunk` is not given: about 64 chunks per rank, each
    /// between 2²⁰ throws (well under a millisecond of work, so a request's
    /// round trip is noise) and 2³⁰ (a fraction of a second, so the last chunks
    /// still balance).
    static func defaultChunk(throwCount: UInt64, ranks: Int) -> UInt64 {
        let perRank = throwCount / UInt64(max(ranks, 1)) / 64
        return min(max(perRank, 1 << 20), 1 << 30)
    }
}
