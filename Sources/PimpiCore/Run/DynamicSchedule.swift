import PimpiKernel

/// `--schedule dynamic`: the round is cut into chunks of consecutive throw
/// indices, and every rank, rank 0 included, takes the next chunk itself by
/// adding one to a counter at rank 0 with an MPI-3 atomic
/// (`MPI_Rget_accumulate`, passive target). No rank hands out work, so no
/// rank is in the middle: a slow rank simply takes fewer chunks, and on
/// networks and in shared memory that do atomics themselves rank 0 is never
/// asked. Where MPI has no atomics between the ranks, `ManagedSchedule` hands
/// out the same chunks from rank 0.
///
/// Chunk k is throws k·chunk to (k+1)·chunk − 1 of the round, whoever takes
/// it, so every index is counted exactly once: the hits are the same as with
/// the static schedule. A rank asks for its next chunk before it counts the
/// current one, so it holds at most one in reserve.
struct DynamicSchedule {
    let round: ThrowRange
    let chunk: UInt64
    let ranks: MPICommunicator
    let counter: RankCounter
    /// Rank 0's progress: the share of the round handed out.
    let meter: ProgressMeter?
    /// What a rank does between slices of counting (answer roll calls).
    let between: (UInt64) -> Void
    /// The wait for a chunk's number.
    let wait: Wait

    var chunkCount: UInt64 { round.count / chunk + (round.count % chunk == 0 ? 0 : 1) }

    /// Chunk `index`'s throws.
    func throwsOf(chunk index: UInt64) -> ThrowRange {
        let first = index * chunk
        return ThrowRange(first: round.first &+ first, count: min(chunk, round.count - first))
    }

    /// How a rank slices its chunks. Where atomics are done in software (over
    /// TCP), rank 0's MPI serves the others' requests when it is called: rank
    /// 0 looks up after each eighth of a chunk, so none waits for more than
    /// that; every other rank after the counter's usual slices.
    var slices: RankCounter.Slices {
        let usual = RankCounter.sliceThrows * UInt64(counter.threads)
        return RankCounter.Slices(of: ranks.isRoot ? min(max(chunk / 8, 1), usual) : usual, after: between)
    }

    /// This rank's hits, taking chunks from `chunks`. Each round takes the
    /// counter's values from where the last one stopped: one per chunk, and
    /// one more per rank (the value that told it the round was done).
    func count(taking chunks: SharedCounter) -> UInt64 {
        let base = chunks.roundStart
        defer { chunks.roundStart = base + chunkCount + UInt64(ranks.size) }
        var hits: UInt64 = 0
        chunks.request(adding: 1)
        while true {
            let index = chunks.received(wait) - base
            meter?.update(done: index < chunkCount ? index * chunk : round.count)
            guard index < chunkCount else { return hits }
            // The next chunk's number is on its way while this one is counted.
            chunks.request(adding: 1)
            hits += counter.count(throwsOf(chunk: index), in: slices)
        }
    }
}
