import CMPIShim

/// Whether the other ranks are still there: a rank that gives up on a wait
/// pings the ranks it waits for and sees who answers. Every rank answers
/// between looks while it waits and between slices while it counts
/// (`answer()`), so silence means stopped, hung or cut off. Pings and answers
/// travel on a communicator of their own, a copy of the world's made at start.
final class RollCall {
    /// What an answering rank was doing.
    enum Activity: UInt64, Equatable {
        /// Counting, or anything else between two waits.
        case working = 1
        /// Waiting for other ranks.
        case waiting = 2
    }

    private let comm: MPI_Comm!
    private let rank: Int
    /// What this rank answers: `MPIWorld.complete` says it is waiting.
    var activity = Activity.working
    private var sequence: UInt64 = 0
    /// Sends in flight, and the memory each one reads until it completes.
    private var sends: [(request: cmpi_request, buffer: UnsafeMutablePointer<UInt64>)] = []

    init(comm: MPI_Comm!, rank: Int) {
        self.comm = comm
        self.rank = rank
    }

    /// Answers every ping that has arrived. Calling into MPI also lets it make
    /// progress, which serves other ranks' one-sided atomics where software
    /// does them (MPICH over UCX on TCP).
    func answer() {
        finishSends()
        while let (source, ping) = receive(tag: MessageTag.ping, count: 1) {
            send([ping[0], activity.rawValue], to: source, tag: MessageTag.pingAnswer)
        }
    }

    /// Pings `ranks` and collects their answers for at most `seconds`,
    /// answering others' pings meanwhile.
    func ask(_ ranks: [Int], seconds: Double = WaitPolicy.rollCallSeconds, now: () -> Double,
             pause: (WaitPolicy.Pause) -> Void) -> [Int: Activity] {
        sequence += 1
        for other in ranks { send([sequence], to: other, tag: MessageTag.ping) }
        let asked = Set(ranks)
        var answers: [Int: Activity] = [:]
        let started = now()
        while answers.count < asked.count, now() - started < seconds {
            answer()
            while let (source, answer) = receive(tag: MessageTag.pingAnswer, count: 2) {
                // An answer to an earlier roll call says nothing about now.
                if answer[0] == sequence, asked.contains(source) { answers[source] = Activity(rawValue: answer[1]) }
            }
            pause(.sleep(1e-3))
        }
        return answers
    }

    /// A message with `tag` that has arrived, if any, and who sent it.
    private func receive(tag: Int32, count: Int) -> (source: Int, values: [UInt64])? {
        var flag: Int32 = 0
        var status = MPI_Status()
        cmpi_iprobe(cmpi_any_source(), tag, comm, &flag, &status)
        guard flag != 0 else { return nil }
        var values = [UInt64](repeating: 0, count: count)
        cmpi_recv(&values, Int32(count), UInt64.mpiType, status.MPI_SOURCE, tag, comm, cmpi_status_ignore())
        return (Int(status.MPI_SOURCE), values)
    }

    private func send(_ values: [UInt64], to destination: Int, tag: Int32) {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: values.count)
        buffer.initialize(from: values, count: values.count)
        var request = cmpi_request_null()
        cmpi_isend(buffer, Int32(values.count), UInt64.mpiType, Int32(destination), tag, comm, &request)
        sends.append((request, buffer))
    }

    /// Frees the memory of the sends that have completed.
    private func finishSends() {
        for index in sends.indices.reversed() {
            var done: Int32 = 0
            cmpi_test(&sends[index].request, &done)
            if done != 0 { sends.remove(at: index).buffer.deallocate() }
        }
    }
}
