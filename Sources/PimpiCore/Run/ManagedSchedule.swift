import Foundation
import PimpiKernel

/// `--schedule dynamic` where MPI offers no one-sided atomics between the
/// ranks (`MPIWorld.sharedCounter()` is nil: Open MPI 4.1 between nodes over
/// TCP): rank 0 hands out chunks of throw indices on request (manager/worker
/// over point-to-point messages), and works through chunks of its own in
/// between, so a slow or busy rank simply asks less often. Everywhere else
/// `DynamicSchedule` runs, with no rank in the middle.
///
/// The chunks are `DynamicSchedule`'s, taken in the same order from one queue,
/// so every index is counted exactly once whoever counts it: the hits are the
/// same as with the static schedule.
enum ManagedSchedule {
    /// A worker's request: one value, unused (the envelope says who asks).
    static let requestTag: Int32 = 101
    /// Rank 0's answer: [first index, count]; a count of 0 means "no more work".
    static let assignTag: Int32 = 102

    static func count(_ round: ThrowRange, chunk: UInt64, world: MPIWorld, counter: RankCounter,
                      meter: ProgressMeter?, results: RankResults) -> UInt64 {
        world.isRoot
            ? manage(round, chunk: chunk, world: world, counter: counter, meter: meter, results: results)
            : work(world: world, counter: counter)
    }

    /// Asks for the next chunk before counting the current one, so the answer is
    /// already waiting when the count is done: rank 0 answers only between slices
    /// of its own work, and the worker never idles for that.
    private static func work(world: MPIWorld, counter: RankCounter) -> UInt64 {
        var hits: UInt64 = 0
        world.send([0], to: MPIWorld.root, tag: requestTag)
        while true {
            let answer = world.receive(count: 2, from: MPIWorld.root, tag: assignTag).values
            guard answer[1] > 0 else { return hits }
            world.send([0], to: MPIWorld.root, tag: requestTag)
            hits += counter.count(ThrowRange(first: answer[0], count: answer[1]))
        }
    }

    private static func manage(_ round: ThrowRange, chunk: UInt64, world: MPIWorld, counter: RankCounter,
                               meter: ProgressMeter?, results: RankResults) -> UInt64 {
        let started = world.wallTime()
        var next = round.first
        var left = round.count
        var working = world.size - 1
        var stopped = Set<Int>()

        func answer(_ worker: Int) {
            if left > 0 {
                let size = min(chunk, left)
                world.send([next, size], to: worker, tag: assignTag)
                next &+= size
                left -= size
            } else {
                world.send([0, 0], to: worker, tag: assignTag)
                stopped.insert(worker)
                working -= 1
            }
        }
        func answerWaiting() {
            while working > 0, world.hasMessage(tag: requestTag) {
                answer(world.receive(count: 1, from: nil, tag: requestTag).source)
            }
            meter?.update(done: round.count - left)
        }

        // Rank 0 counts its own chunks in eighths, answering requests in between,
        // so a worker never waits for more than a fraction of a chunk.
        let eighths = RankCounter.Slices(of: max(chunk / 8, 1)) { _ in answerWaiting() }
        var hits: UInt64 = 0
        while true {
            answerWaiting()
            guard left > 0 else { break }
            let size = min(chunk, left)
            let mine = ThrowRange(first: next, count: size)
            next &+= size
            left -= size
            hits += counter.count(mine, in: eighths)
        }
        // Everything is handed out: tell each remaining worker when it next asks,
        // waiting only as long as for a result: a worker on a lost node never asks.
        let wait = results.waitSeconds(ownSeconds: world.wallTime() - started)
        let deadline = world.wallTime() + wait
        while working > 0 {
            if world.hasMessage(tag: requestTag) {
                answer(world.receive(count: 1, from: nil, tag: requestTag).source)
            } else if world.wallTime() >= deadline {
                results.lost((1 ..< world.size).filter { !stopped.contains($0) }, waited: wait)
            } else {
                usleep(1000)
            }
        }
        return hits
    }
}
