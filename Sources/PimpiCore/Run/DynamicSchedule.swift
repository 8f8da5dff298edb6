import PimpiKernel

/// `--schedule dynamic`: the round is cut into chunks of consecutive throw
/// indices, and every rank, rank 0 included, takes the next chunk itself by
/// adding one to a counter at rank 0 with an MPI-3 atomic (`MPI_Fetch_and_op`,
/// passive target). No rank hands out work, so no rank is in the middle: a
/// slow rank simply takes fewer chunks, and on networks and in shared memory
/// that do atomics themselves rank 0 is never asked.
///
/// Chunk k is throws k·chunk to (k+1)·chunk − 1 of the round, whoever takes
/// it, so every index is counted exactly once: the hits are the same as with
/// the static schedule. A rank asks for its next chunk before it counts the
/// current one, so it holds at most one in reserve.
enum DynamicSchedule {
    static func count(_ round: ThrowRange, chunk: UInt64, chunks taken: MPIWorld.SharedCounter, isRoot: Bool,
                      counter: RankCounter, meter: ProgressMeter?) -> UInt64 {
        let chunkCount = round.count / chunk + (round.count % chunk == 0 ? 0 : 1)
        // Where atomics are done in software (over TCP), rank 0's MPI serves
        // the others' requests: it looks in after each eighth of a chunk, so
        // none waits for more than that.
        let eighths = isRoot ? RankCounter.Slices(of: max(chunk / 8, 1)) { _ in taken.serveOthers() } : nil
        var hits: UInt64 = 0
        taken.request(adding: 1)
        while true {
            let index = taken.received()
            meter?.update(done: index < chunkCount ? index * chunk : round.count)
            guard index < chunkCount else { return hits }
            // The next chunk's number is on its way while this one is counted.
            taken.request(adding: 1)
            let first = index * chunk
            hits += counter.count(ThrowRange(first: round.first &+ first, count: min(chunk, round.count - first)),
                                  in: eighths)
        }
    }
}
