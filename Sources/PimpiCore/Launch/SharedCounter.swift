import CMPIShim

/// A 64-bit counter at the root, starting at 0, that every rank of a
/// communicator advances with one-sided atomics (`MPI_Rget_accumulate` on a
/// window, passive target): each takes what it needs without the root's
/// help, where the network or shared memory does atomics. It is made once,
/// before the start, and lives for the whole job; the dynamic schedule's
/// rounds take consecutive stretches of its values.
final class SharedCounter {
    private let world: MPIWorld
    /// Typed by inference: MPI_Win is a pointer under Open MPI and an integer under MPICH.
    private var window = cmpi_win_null()
    /// The one request in flight, its operand and where MPI writes the old
    /// value: MPI reads and writes them until the request completes.
    private var request = MPIRequest()
    private let operand = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private let result = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private var pending = false
    /// Where the next round's values start: the dynamic schedule's rounds
    /// take consecutive stretches, so the counter is never reset.
    var roundStart: UInt64 = 0

    /// nil where MPI offers no one-sided transport between these ranks: Open
    /// MPI 4.1 between nodes over TCP has none by default (its `osc/ucx` works
    /// when asked for, `--mca osc ucx`; `osc/pt2pt` wants MPI_THREAD_MULTIPLE).
    /// Collective; the start barrier must come before the first `request`.
    init?(on ranks: MPICommunicator, waitBound: Double) {
        world = ranks.world
        // One word at the root, none elsewhere, in memory MPI allocates. The
        // one MPI error pimpi handles itself: every rank learns whether every
        // rank got its window, and all decide alike.
        var base: UnsafeMutablePointer<UInt64>?
        let bytes = ranks.isRoot ? MemoryLayout<UInt64>.size : 0
        var window = cmpi_win_null()
        let created = world.guarded("MPI_Win_allocate") {
            cmpi_comm_set_errhandler(ranks.comm, cmpi_errors_return())
            defer { cmpi_comm_set_errhandler(ranks.comm, cmpi_errors_are_fatal()) }
            return cmpi_win_allocate(bytes, Int32(MemoryLayout<UInt64>.size), cmpi_info_null(), ranks.comm,
                                     &base, &window) == cmpi_success()
        }
        // Where only some ranks got one (never seen: the transports are the
        // same build's), freeing it would wait for the others; MPI_Finalize
        // releases it.
        guard ranks.minimum(created ? 1 : 0, Wait(awaited: .window, bound: waitBound)) == 1 else {
            operand.deallocate()
            result.deallocate()
            return nil
        }
        self.window = window
        cmpi_win_lock_all(cmpi_mode_nocheck(), window)
        if ranks.isRoot {
            base!.pointee = 0
            cmpi_win_sync(window)
        }
    }

    /// Adds `amount`, atomically, and returns at once: `received(_:)` gives
    /// the value before. One request at a time, so that a rank can ask for
    /// its next chunk before counting the current one, and the answer (where
    /// software serves it) arrives while it counts.
    func request(adding amount: UInt64) {
        precondition(!pending, "one request at a time")
        operand.pointee = amount
        cmpi_rget_accumulate(operand, result, UInt64.mpiType, Int32(MPIWorld.root), 0, cmpi_op_sum(), window,
                             &request.handle)
        pending = true
    }

    /// The counter's value before the last `request`, once it has completed.
    func received(_ wait: Wait) -> UInt64 {
        precondition(pending, "nothing requested")
        world.complete(&request, wait)
        pending = false
        return result.pointee
    }

    /// Ends this rank's access and frees the window: collective, at the end
    /// of the job, after the barrier that says every rank is done with it.
    func release() {
        world.guarded("MPI_Win_free") {
            cmpi_win_unlock_all(window)
            cmpi_win_free(&window)
        }
        operand.deallocate()
        result.deallocate()
    }
}
