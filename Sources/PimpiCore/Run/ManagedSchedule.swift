import PimpiKernel

/// `--schedule dynamic` where MPI offers no one-sided atomics between the
/// ranks (no `SharedCounter`: Open MPI 4.1 between nodes over TCP): rank 0
/// hands out `DynamicSchedule`'s chunks on request (manager/worker over
/// point-to-point messages), and works through chunks of its own in between,
/// so a slow or busy rank simply asks less often. The chunks are taken in
/// the same order from one queue, so every index is counted exactly once
/// whoever counts it: the hits are the same as with the static schedule.
/// Every message is nonblocking and every wait bounded.
enum ManagedSchedule {
    /// The memory the messages are sent from and received into: MPI reads and
    /// writes it until each request completes. Made with the row, before the
    /// start, and used by every round.
    final class Mailbox {
        /// Rank 0: each worker's latest answer, [first, count], and its send.
        let outgoing: UnsafeMutablePointer<UInt64>
        var sends: [MPIRequest]
        /// Rank 0: a request taken from any worker, which names its sender.
        let request = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        /// A worker: its request (its own rank), and two slots for answers, so
        /// that one can be read while the next arrives.
        let ask = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        let answers = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)

        init(ranks: MPICommunicator) {
            outgoing = .allocate(capacity: 2 * ranks.size)
            sends = [MPIRequest](repeating: MPIRequest(), count: ranks.size)
            ask.pointee = UInt64(ranks.rank)
        }

        deinit {
            for buffer in [outgoing, request, ask, answers] { buffer.deallocate() }
        }
    }

    static func count(_ schedule: DynamicSchedule, mailbox: Mailbox, lastRequests: Wait) -> UInt64 {
        schedule.ranks.isRoot ? manage(schedule, mailbox, lastRequests: lastRequests) : work(schedule, mailbox)
    }

    /// A worker asks for its next chunk before counting the current one, so the
    /// answer is already waiting when the count is done: rank 0 answers only
    /// between slices of its own work, and the worker never idles for that.
    /// Answers alternate between two slots, so one can be read while the next
    /// arrives.
    private static func work(_ schedule: DynamicSchedule, _ mailbox: Mailbox) -> UInt64 {
        let ranks = schedule.ranks
        let (ask, answers) = (mailbox.ask, mailbox.answers)
        var slot = 0
        var sent = ranks.postSend(ask, count: 1, to: MPIWorld.root, tag: MessageTag.workRequest)
        var received = ranks.postReceive(answers, count: 2, from: MPIWorld.root, tag: MessageTag.chunk)
        var hits: UInt64 = 0
        while true {
            ranks.world.complete(&received, schedule.wait)
            ranks.world.complete(&sent, schedule.wait)
            let answer = ThrowRange(first: answers[2 * slot], count: answers[2 * slot + 1])
            guard answer.count > 0 else { return hits }
            slot = 1 - slot
            sent = ranks.postSend(ask, count: 1, to: MPIWorld.root, tag: MessageTag.workRequest)
            received = ranks.postReceive(answers + 2 * slot, count: 2, from: MPIWorld.root, tag: MessageTag.chunk)
            hits += schedule.counter.count(answer, in: schedule.slices)
        }
    }

    private static func manage(_ schedule: DynamicSchedule, _ mailbox: Mailbox, lastRequests: Wait) -> UInt64 {
        let ranks = schedule.ranks
        let world = ranks.world
        let (outgoing, request) = (mailbox.outgoing, mailbox.request)
        var next = schedule.round.first
        var left = schedule.round.count
        var working = ranks.size - 1

        /// The next chunk to `worker`, or a count of 0: no more work.
        func answer(_ worker: Int) {
            world.complete(&mailbox.sends[worker], schedule.wait)
            let size = min(schedule.chunk, left)
            outgoing[2 * worker] = next
            outgoing[2 * worker + 1] = size
            next &+= size
            left -= size
            if size == 0 { working -= 1 }
            mailbox.sends[worker] = ranks.postSend(outgoing + 2 * worker, count: 2, to: worker, tag: MessageTag.chunk)
        }
        func answerWaiting() {
            while working > 0, let worker = ranks.probe(tag: MessageTag.workRequest) {
                answer(Int(ranks.receiveProbed(count: 1, from: worker, tag: MessageTag.workRequest)[0]))
            }
            schedule.meter?.update(done: schedule.round.count - left)
        }

        // Rank 0 counts its own chunks in slices (`DynamicSchedule.slices`),
        // answering requests in between, so a worker waits at most a slice.
        let slices = RankCounter.Slices(of: schedule.slices.throwCount) { done in
            answerWaiting()
            schedule.between(done)
        }
        var hits: UInt64 = 0
        while true {
            answerWaiting()
            guard left > 0 else { break }
            let mine = ThrowRange(first: next, count: min(schedule.chunk, left))
            next &+= mine.count
            left -= mine.count
            hits += schedule.counter.count(mine, in: slices)
        }
        // Everything is handed out: tell each remaining worker when it next
        // asks. The wait is bounded: a worker on a lost node never asks.
        while working > 0 {
            var received = ranks.postReceive(request, count: 1, from: nil, tag: MessageTag.workRequest)
            world.complete(&received, lastRequests)
            answer(Int(request.pointee))
        }
        for worker in 1 ..< ranks.size { world.complete(&mailbox.sends[worker], schedule.wait) }
        return hits
    }
}
