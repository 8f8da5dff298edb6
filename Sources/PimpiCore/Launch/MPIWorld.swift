import CMPIShim
import Foundation

/// MPI_COMM_WORLD for pimpi: initialised once per process, finalised once;
/// or, for one row of `--sweep`, the first ranks of it (`firstRanks`).
///
/// Every MPI call goes through the `cmpi_` shim. The communicator keeps MPI's
/// default error handler (MPI_ERRORS_ARE_FATAL), so a failed MPI call ends the
/// whole job instead of leaving peers waiting; pimpi's own failures after
/// initialisation go through `abort(exitCode:)` for the same reason.
public final class MPIWorld {
    public let rank: Int
    public let size: Int
    /// How long MPI_Init took in this process: part of a launch's fixed cost,
    /// which the parallel time leaves out.
    public let initSeconds: Double
    /// The thread support MPI_Init_thread provided: the lowest any rank got,
    /// so that every rank makes the same decision on it.
    public let threadLevel: MPIThreadLevel
    /// Typed by inference: MPI_Comm is a pointer under Open MPI (imported as an
    /// optional) and an integer under MPICH.
    private var comm = cmpi_comm_world()

    /// The root rank: it collects results and is the only one that prints.
    public static let root = 0

    /// Initialises MPI. Call once per process; a second call is a programming error.
    public init() {
        var initialized: Int32 = 0
        cmpi_initialized(&initialized)
        precondition(initialized == 0, "MPI is initialised once per process")
        var provided: Int32 = 0
        let clock = ContinuousClock()
        let started = clock.now
        cmpi_init(&provided)
        initSeconds = (clock.now - started).seconds
        var rank: Int32 = 0
        var size: Int32 = 0
        cmpi_comm_rank(comm, &rank)
        cmpi_comm_size(comm, &size)
        self.rank = Int(rank)
        self.size = Int(size)
        let levels = [cmpi_thread_single(), cmpi_thread_funneled(), cmpi_thread_serialized(), cmpi_thread_multiple()]
        var mine = UInt64(levels.firstIndex(of: provided) ?? 0)
        var lowest: UInt64 = 0
        cmpi_allreduce(&mine, &lowest, 1, cmpi_type_uint64(), cmpi_op_min(), comm)
        threadLevel = MPIThreadLevel(rawValue: Int(lowest)) ?? .single
    }

    /// The first `count` ranks, keeping their numbers, as a world of their
    /// own (nil on the other ranks). Collective: every rank of this world calls it.
    public func firstRanks(_ count: Int) -> MPIWorld? {
        MPIWorld(firstRanks: count, of: self)
    }

    private init?(firstRanks count: Int, of whole: MPIWorld) {
        rank = whole.rank
        initSeconds = whole.initSeconds
        threadLevel = whole.threadLevel
        cmpi_comm_split(whole.comm, whole.rank < count ? 0 : cmpi_undefined(), Int32(whole.rank), &comm)
        guard whole.rank < count else { return nil }
        var size: Int32 = 0
        cmpi_comm_size(comm, &size)
        self.size = Int(size)
    }

    /// Releases a world that `firstRanks` made (MPI_COMM_WORLD is never freed).
    public func release() {
        cmpi_comm_free(&comm)
    }

    /// A barrier that sleeps between looks instead of spinning: a rank that
    /// waits here leaves its core to the ranks still working, which matters
    /// where they share cores or an SMT sibling.
    public func waitForEveryRank() {
        var request = cmpi_request_null()
        cmpi_ibarrier(comm, &request)
        var done: Int32 = 0
        while true {
            cmpi_test(&request, &done, cmpi_status_ignore())
            if done != 0 { return }
            usleep(1000)
        }
    }

    public var isRoot: Bool { rank == Self.root }

    /// Ends MPI on this rank, which then exits with `status`. With UCX 1.13's
    /// TCP transport (MPICH on Debian 12), a rank can spin in MPI_Finalize
    /// forever while its peers wait in PMI (openucx/ucx#8738): 5 of 20 runs
    /// across two simulated hosts hung without the barrier below, none of 20
    /// with it, but a step under srun still did, and every run with two ranks
    /// per host (docs/cluster-tests.md). Past the barrier every rank
    /// has sent and received all it will, so a finalize that has not returned
    /// after `finalizeLimit` is that hang: the rank exits with its
    /// status instead, and its peers, stuck waiting for it, do the same.
    public func finalize(exitingWith status: Int32) {
        var finalized: Int32 = 0
        cmpi_finalized(&finalized)
        guard finalized == 0 else { return }
        cmpi_barrier(comm)
        let limit = finalizeLimit
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: limit)
            _exit(status)
        }
        cmpi_finalize()
    }

    /// Longer than any finalize that works takes: milliseconds on a few
    /// ranks, and on many about what MPI_Init took, whose PMI exchange it
    /// repeats (MPICH with 256 ranks on 2 cores: 25 s of MPI_Init, and a
    /// fixed 10 s bound cut short a finalize that was still working). Short
    /// next to a job's time.
    public var finalizeLimit: Double { max(Self.shortestFinalizeLimit, 2 * initSeconds) }
    public static let shortestFinalizeLimit = 10.0

    /// Ends every rank of the job with `exitCode`. Use for any failure after init.
    public func abort(exitCode: Int32) -> Never {
        // The whole job, also from a sweep row: MPI need not end more than the
        // communicator's ranks, and the others would wait for the row forever.
        cmpi_abort(cmpi_comm_world(), exitCode)
        // MPI_Abort does not return on OpenMPI; this keeps the promise if one did.
        fatalError("MPI_Abort returned")
    }

    /// Reports a failure of this rank in one line and ends the whole job, so that
    /// no peer is left waiting for a rank that will never answer.
    public func fail(_ message: String, exitCode: Int32) -> Never {
        Diagnostics.error(size > 1 ? "rank \(rank): \(message)" : message)
        abort(exitCode: exitCode)
    }

    public func barrier() {
        cmpi_barrier(comm)
    }

    /// Seconds on MPI's wall clock; only differences mean anything.
    public func wallTime() -> Double {
        cmpi_wtime()
    }

    /// Every rank's `values` (the same count on every rank), in rank order, on
    /// the root (empty elsewhere).
    public func gatherOnRoot(_ values: [UInt64]) -> [[UInt64]] {
        let count = values.count
        var all = [UInt64](repeating: 0, count: isRoot ? size * count : 0)
        cmpi_gather(values, Int32(count), cmpi_type_uint64(), &all, Int32(count), cmpi_type_uint64(),
                    Int32(Self.root), comm)
        return isRoot ? (0 ..< size).map { Array(all[($0 * count) ..< (($0 + 1) * count)]) } : []
    }

    /// Every rank's `value`, in rank order, on the root (empty elsewhere).
    public func gatherOnRoot(_ value: Double) -> [Double] {
        var send = value
        var all = [Double](repeating: 0, count: isRoot ? size : 0)
        cmpi_gather(&send, 1, cmpi_type_double(), &all, 1, cmpi_type_double(), Int32(Self.root), comm)
        return all
    }

    /// Every other rank's `values` (`count` each), sent point-to-point to the
    /// root, which waits for them only until `deadline` (on `wallTime()`'s
    /// clock): a rank on a lost node must not leave the root waiting forever,
    /// as it would in a reduce. On the root: what each rank sent (the root's
    /// own entry and the missing ones nil); on every other rank: empty.
    public func collectOnRoot(_ values: [UInt64], tag: Int32, until deadline: Double) -> [[UInt64]?] {
        let count = values.count
        guard isRoot else {
            send(values, to: Self.root, tag: tag)
            return []
        }
        let others = Array(1 ..< size)
        var buffer = [UInt64](repeating: 0, count: size * count)
        // Typed by inference: MPI_Request is a pointer under Open MPI (imported as
        // an optional) and an integer under MPICH.
        var requests = Array(repeating: cmpi_request_null(), count: size)
        var arrived = [Bool](repeating: false, count: size)
        buffer.withUnsafeMutableBufferPointer { slots in
            for rank in others {
                cmpi_irecv(slots.baseAddress! + rank * count, Int32(count), cmpi_type_uint64(), Int32(rank), tag,
                           comm, &requests[rank])
            }
            var indices = [Int32](repeating: 0, count: size)
            var waiting = others.count
            while waiting > 0 {
                var completed: Int32 = 0
                cmpi_testsome(Int32(size), &requests, &completed, &indices, cmpi_statuses_ignore())
                if completed == cmpi_undefined() { break }
                for index in indices.prefix(Int(completed)) { arrived[Int(index)] = true }
                waiting -= Int(completed)
                if waiting > 0 {
                    if wallTime() >= deadline { break }
                    usleep(1000)
                }
            }
        }
        return (0 ..< size).map { rank in
            rank != Self.root && arrived[rank] ? Array(buffer[(rank * count) ..< ((rank + 1) * count)]) : nil
        }
    }

    /// The root's `value`, on every rank.
    public func broadcastFromRoot(_ value: UInt64) -> UInt64 {
        var buffer = value
        cmpi_bcast(&buffer, 1, cmpi_type_uint64(), Int32(Self.root), comm)
        return buffer
    }

    /// Every rank's `value`, in rank order, on the root (empty elsewhere).
    public func gatherOnRoot(_ value: UInt64) -> [UInt64] {
        var send = value
        var all = [UInt64](repeating: 0, count: isRoot ? size : 0)
        cmpi_gather(&send, 1, cmpi_type_uint64(), &all, 1, cmpi_type_uint64(), Int32(Self.root), comm)
        return all
    }

    /// Sends 64-bit values to one rank (a result for the root's collection).
    public func send(_ values: [UInt64], to destination: Int, tag: Int32) {
        cmpi_send(values, Int32(values.count), cmpi_type_uint64(), Int32(destination), tag, comm)
    }

    /// A 64-bit counter at the root, starting at 0, that every rank of this
    /// world advances with one-sided atomics (`MPI_Fetch_and_op` on a window,
    /// passive target): each takes what it needs without the root's help,
    /// where the network or shared memory does atomics. Collective, and so is
    /// `SharedCounter.release()`.
    /// nil where MPI offers no one-sided transport between these ranks: Open
    /// MPI 4.1 between nodes over TCP has none by default (its `osc/ucx` works
    /// when asked for, `--mca osc ucx`; `osc/pt2pt` wants MPI_THREAD_MULTIPLE).
    public func sharedCounter() -> SharedCounter? {
        SharedCounter(world: self)
    }

    /// Receives `count` 64-bit values from `source` (nil: any rank), and who sent them.
    public func receive(count: Int, from source: Int?, tag: Int32) -> (values: [UInt64], source: Int) {
        var values = [UInt64](repeating: 0, count: count)
        var status = MPI_Status()
        cmpi_recv(&values, Int32(count), cmpi_type_uint64(), Int32(source ?? Int(cmpi_any_source())), tag, comm,
                  &status)
        return (values, Int(status.MPI_SOURCE))
    }

    /// Whether a message with `tag` from any rank is waiting to be received
    /// (a look that also lets MPI make progress).
    public func hasMessage(tag: Int32) -> Bool {
        var flag: Int32 = 0
        cmpi_iprobe(cmpi_any_source(), tag, comm, &flag, cmpi_status_ignore())
        return flag != 0
    }

    public final class SharedCounter {
        private let world: MPIWorld
        /// Typed by inference, as `comm` is.
        private var window = cmpi_win_null()
        /// The one request in flight: its operand and where MPI writes the
        /// old value (both must stay put until the flush).
        private var operand: UInt64 = 0
        private var result: UInt64 = 0
        private var pending = false

        fileprivate init?(world: MPIWorld) {
            self.world = world
            // One word at the root, none elsewhere, in memory MPI allocates.
            // The one MPI error pimpi handles itself: every rank learns
            // whether every rank got its window, and all decide alike.
            var base: UnsafeMutablePointer<UInt64>?
            let bytes = world.isRoot ? MemoryLayout<UInt64>.size : 0
            cmpi_comm_set_errhandler(world.comm, cmpi_errors_return())
            let created = cmpi_win_allocate(bytes, Int32(MemoryLayout<UInt64>.size), cmpi_info_null(), world.comm,
                                            &base, &window) == cmpi_success()
            cmpi_comm_set_errhandler(world.comm, cmpi_errors_are_fatal())
            var mine: UInt64 = created ? 1 : 0
            var all: UInt64 = 0
            cmpi_allreduce(&mine, &all, 1, cmpi_type_uint64(), cmpi_op_min(), world.comm)
            // Where only some ranks got one (never seen: the transports are
            // the same build's), freeing it would wait for the others forever;
            // MPI_Finalize releases it.
            guard all == 1 else { return nil }
            cmpi_win_lock_all(cmpi_mode_nocheck(), window)
            if world.isRoot {
                base!.pointee = 0
                cmpi_win_sync(window)
            }
            // No rank takes a chunk before the counter reads 0.
            cmpi_barrier(world.comm)
        }

        /// Adds `amount`, atomically, and returns at once: `received()` gives
        /// the value before. One request at a time, so that a rank can ask for
        /// its next chunk before counting the current one, and the answer
        /// (where software serves it) arrives while it counts.
        public func request(adding amount: UInt64) {
            precondition(!pending, "one request at a time")
            operand = amount
            cmpi_fetch_and_op(&operand, &result, cmpi_type_uint64(), Int32(MPIWorld.root), 0, cmpi_op_sum(), window)
            pending = true
        }

        /// The counter's value before the last `request`, once it has completed.
        public func received() -> UInt64 {
            precondition(pending, "nothing requested")
            cmpi_win_flush(Int32(MPIWorld.root), window)
            pending = false
            return result
        }

        /// On the root: lets MPI serve the other ranks' atomics where software
        /// does them, between slices of its own counting.
        public func serveOthers() {
            _ = world.hasMessage(tag: Self.unusedTag)
        }

        /// A tag no message carries: `serveOthers`' probe must find nothing.
        static let unusedTag: Int32 = 104

        /// Ends this rank's access and frees the window (collective: after
        /// every rank's last chunk, so after the root has every result).
        public func release() {
            cmpi_win_unlock_all(window)
            cmpi_win_free(&window)
        }
    }

    /// MPI's name for the node this rank runs on.
    public func processorName() -> String {
        var name = [CChar](repeating: 0, count: Int(cmpi_max_processor_name()))
        var length: Int32 = 0
        cmpi_get_processor_name(&name, &length)
        return String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Every rank's `name`, in rank order, on the root (empty elsewhere). Names are
    /// cut to MPI_MAX_PROCESSOR_NAME bytes, which node names never reach.
    public func gatherOnRoot(_ name: String) -> [String] {
        let width = Int(cmpi_max_processor_name())
        var slot = [CChar](repeating: 0, count: width)
        for (index, byte) in name.utf8.prefix(width - 1).enumerated() { slot[index] = CChar(bitPattern: byte) }
        var all = [CChar](repeating: 0, count: isRoot ? width * size : 0)
        cmpi_gather(&slot, Int32(width), cmpi_type_char(), &all, Int32(width), cmpi_type_char(),
                    Int32(Self.root), comm)
        guard isRoot else { return [] }
        return (0 ..< size).map { index in
            let bytes = all[(index * width) ..< ((index + 1) * width)].prefix { $0 != 0 }
            return String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The MPI library this process runs on (callable before MPI_Init).
    public static func library() -> MPILibrary {
        var text = [CChar](repeating: 0, count: Int(cmpi_max_library_version_string()))
        var length: Int32 = 0
        cmpi_get_library_version(&text, &length)
        let bytes = text.prefix(Int(length)).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return MPILibrary(versionString: String(decoding: bytes, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
