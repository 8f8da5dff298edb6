import CMPIShim
import Foundation

/// MPI for one process: initialised once, finalised once, and every wait in
/// between bounded. `MPICommunicator` does the collectives; they all end in
/// `complete`, which waits with `WaitPolicy` and, when a rank never comes,
/// names it in one line and ends the job. The calls that have no
/// nonblocking form run under `Watchdog`.
///
/// The communicators keep MPI's default error handler (MPI_ERRORS_ARE_FATAL),
/// so a failed MPI call ends the whole job instead of leaving peers waiting;
/// pimpi's own failures after initialisation go through `fail` for the same
/// reason.
final class MPIWorld {
    let rank: Int
    let size: Int
    /// How long MPI_Init took in this process: part of a launch's fixed cost,
    /// which the parallel time leaves out.
    let initSeconds: Double
    /// The thread support MPI_Init_thread provided: the lowest any rank got,
    /// so that every rank makes the same decision on it.
    private(set) var threadLevel = MPIThreadLevel.single
    /// The bound of the set-up calls that have no nonblocking form
    /// (`guarded`): MPI_Init's, as they grow with the job as it does (MPICH's
    /// MPI_Win_allocate took over 30 s with 256 ranks on 2 cores).
    let setupBound: Double
    /// Where ranks run, as far as this rank knows (every rank's on the root
    /// once gathered, rank 0's on the others), to name a rank that is gone.
    var knownHosts: [Int: String] = [:]

    private let watchdog: Watchdog
    private var rollCall: RollCall!
    private let clock = ContinuousClock()

    /// The root rank: it collects results and is the only one that prints.
    static let root = 0

    /// Initialises MPI, under a watchdog of `initBound` seconds (`launchRank`
    /// says which line, if any, this process writes when it fires), and
    /// agrees on the thread level within `waitBound`. Call once per process.
    init(initBound: Double, waitBound: Double, launchRank: Int) {
        setupBound = initBound
        var initialized: Int32 = 0
        cmpi_initialized(&initialized)
        precondition(initialized == 0, "MPI is initialised once per process")
        watchdog = Watchdog()
        var provided: Int32 = 0
        let started = clock.now
        Self.watched(by: watchdog, "MPI_Init", rank: launchRank, bound: initBound,
                     cause: "a rank has not started, or is stopped, hung or cut off") { _ = cmpi_init(&provided) }
        initSeconds = (clock.now - started).seconds
        var rank: Int32 = 0
        var size: Int32 = 0
        cmpi_comm_rank(cmpi_comm_world(), &rank)
        cmpi_comm_size(cmpi_comm_world(), &size)
        self.rank = Int(rank)
        self.size = Int(size)
        var control = cmpi_comm_world()
        guarded("MPI_Comm_dup") { _ = cmpi_comm_dup(cmpi_comm_world(), &control) }
        rollCall = RollCall(comm: control, rank: self.rank)

        let levels = [cmpi_thread_single(), cmpi_thread_funneled(), cmpi_thread_serialized(), cmpi_thread_multiple()]
        let mine = UInt64(levels.firstIndex(of: provided) ?? 0)
        let lowest = everyone.minimum(mine, Wait(awaited: .threadLevel, bound: waitBound))
        threadLevel = MPIThreadLevel(rawValue: Int(lowest)) ?? .single
    }

    var isRoot: Bool { rank == Self.root }

    /// Every rank of the job.
    var everyone: MPICommunicator { MPICommunicator(world: self, comm: cmpi_comm_world(), rank: rank, size: size) }

    /// The first `count` ranks, keeping their numbers, as a communicator of
    /// their own (nil on the other ranks): one row of `--sweep`. Collective
    /// over every rank; made before the start, and never freed (MPI_Finalize
    /// does), so that no wait at the end depends on it.
    func firstRanks(_ count: Int) -> MPICommunicator? {
        var comm = cmpi_comm_world()
        guarded("MPI_Comm_split") {
            _ = cmpi_comm_split(cmpi_comm_world(), rank < count ? 0 : cmpi_undefined(), Int32(rank), &comm)
        }
        guard rank < count else { return nil }
        var rowSize: Int32 = 0
        cmpi_comm_size(comm, &rowSize)
        return MPICommunicator(world: self, comm: comm, rank: rank, size: Int(rowSize))
    }

    /// Seconds on MPI's wall clock; only differences mean anything.
    func wallTime() -> Double {
        cmpi_wtime()
    }

    /// Answers the other ranks' roll calls, and lets MPI make progress: what a
    /// rank does between slices of work so that it never looks gone.
    func stayInTouch() {
        rollCall.answer()
    }

    // MARK: Waiting

    /// Waits until `request` completes, as `WaitPolicy` says: when the wait
    /// passes its limit, this rank asks who is still there, and either waits
    /// on, or names the ranks that are gone and ends the job.
    func complete(_ request: inout MPIRequest, _ wait: Wait) {
        rollCall.activity = .waiting
        defer { rollCall.activity = .working }
        let loop = WaitLoop(now: wallTime, pause: Self.pause, between: rollCall.answer)
        let limit = WaitPolicy.limit(bound: wait.bound, rank: rank)
        var waited = 0.0
        var rollCalls = WaitPolicy.RollCalls(rank: rank, size: size)
        while case .expired(let soFar) = loop.run(limit: waited + limit, timed: wait.timed, waitedBefore: waited,
                                                   isDone: { Self.test(&request.handle) }) {
            waited = soFar
            let answers = rollCall.ask(WaitPolicy.asked(by: rank, size: size), now: wallTime, pause: Self.pause)
            if Self.test(&request.handle) { return }
            switch rollCalls.verdict(after: answers) {
            case .keepWaiting: continue
            case .nameMissing(let missing):
                Diagnostics.error(lostLine(missing, wait, waited: waited))
                abort(exitCode: ExitStatus.rankLost)
            case .endSilently:
                abort(exitCode: ExitStatus.rankLost)
            case .stuck:
                Diagnostics.error("every rank answered rank \(rank)'s roll call, but \(wait.awaited.noun) has not "
                    + String(format: "completed after %.0f s: MPI itself is stuck; ending the job", waited))
                abort(exitCode: ExitStatus.rankLost)
            }
        }
    }

    /// Whether `request` has completed (and is then freed by MPI).
    private static func test(_ request: inout cmpi_request) -> Bool {
        var done: Int32 = 0
        cmpi_test(&request, &done)
        return done != 0
    }

    static func pause(_ pause: WaitPolicy.Pause) {
        switch pause {
        case .yield: sched_yield()
        case .sleep(let seconds): usleep(UInt32(seconds * 1e6))
        }
    }

    /// "rank 1 on n2 has not reported its result after 30 s and did not answer ...".
    private func lostLine(_ missing: [Int], _ wait: Wait, waited: Double) -> String {
        let hosts = missing.compactMap { knownHosts[$0] }
        let named: String
        if missing.count == 1 {
            named = "rank \(missing[0])" + (hosts.first.map { " on \($0)" } ?? "") + " " + wait.awaited.singular
        } else {
            var seen = Set<String>()
            let distinct = hosts.filter { seen.insert($0).inserted }
            named = "ranks \(TextLayout.shortRanges(missing))"
                + (distinct.isEmpty ? "" : " (on " + TextLayout.shortNames(distinct, noun: "host") + ")")
                + " " + wait.awaited.plural
        }
        return named + String(format: " after %.0f s", waited) + " and did not answer rank \(rank)'s roll call: "
            + "stopped, hung or cut off (a node or network failure); ending the job (--rank-timeout sets the wait)"
    }

    // MARK: Calls without a nonblocking form

    /// Runs a blocking MPI call that every rank must reach, ending this
    /// process if it has not returned within `setupBound` seconds.
    func guarded<Result>(_ call: String, _ body: () -> Result) -> Result {
        Self.watched(by: watchdog, call, rank: rank, bound: setupBound, cause: "a rank is stopped, hung or cut off", body)
    }

    /// `body` under `watchdog`: ended after `bound` seconds on rank 0, later on
    /// the others (`WaitPolicy.limit`), ranks 0 and 1 saying why in one line.
    private static func watched<Result>(by watchdog: Watchdog, _ call: String, rank: Int, bound: Double,
                                        cause: String, _ body: () -> Result) -> Result {
        let limit = WaitPolicy.limit(bound: bound, rank: rank)
        let line = rank <= 1 ? "pimpi: error: " + String(format: "%@ has not returned on rank %d after %.0f s: ",
                                                           call, rank, limit)
            + "\(cause) (a node or network failure); ending the job (--rank-timeout sets the wait)" : nil
        return watchdog.guarding(seconds: limit, line: line, status: ExitStatus.rankLost, body)
    }

    // MARK: The end

    /// Every rank meets here once it has nothing left to send (bounded), then
    /// MPI_Finalize. With UCX 1.13's TCP transport (MPICH on Debian 12), a rank
    /// can spin in MPI_Finalize forever while its peers wait in PMI
    /// (openucx/ucx#8738): across two simulated hosts, 5 of 20 runs hung with
    /// no barrier before it, every run with only the bounded nonblocking one,
    /// and none of 8 with a blocking MPI_Barrier right before MPI_Finalize; so
    /// that one comes too, under the same watchdog as MPI_Finalize (everyone
    /// has just met, so it takes milliseconds). A step under srun still hung
    /// once, and every run with two ranks per host (docs/cluster-tests.md).
    /// Past the barrier every rank has sent and received all it will, so a
    /// finalize that has not returned after `finalizeLimit` is that hang, or
    /// a rank stopped at the very end: the rank exits with its status
    /// instead (rank 0 says so), and its peers, stuck waiting for it, do the
    /// same.
    /// `afterBarrier`: what must happen once every rank is done with it (freeing windows).
    func finalize(exitingWith status: Int32, waitBound: Double, afterBarrier: () -> Void = {}) {
        var finalized: Int32 = 0
        cmpi_finalized(&finalized)
        guard finalized == 0 else { return }
        everyone.barrier(Wait(awaited: .end, bound: waitBound))
        afterBarrier()
        let line = isRoot ? String(format: "pimpi: warning: MPI_Finalize has not returned on rank 0 after %.0f s; "
            + "exiting with status %d without it (a rank stopped at the very end, or UCX 1.13's TCP hang: "
            + "docs/cluster-tests.md)", finalizeLimit, status) : nil
        watchdog.guarding(seconds: finalizeLimit, line: line, status: status) {
            _ = cmpi_barrier(cmpi_comm_world())
            _ = cmpi_finalize()
        }
    }

    /// Longer than any finalize that works takes: milliseconds on a few
    /// ranks, and on many about what MPI_Init took, whose PMI exchange it
    /// repeats (MPICH with 256 ranks on 2 cores: 25 s of MPI_Init, and a
    /// fixed 10 s bound cut short a finalize that was still working). Short
    /// next to a job's time.
    var finalizeLimit: Double { max(Self.shortestFinalizeLimit, 2 * initSeconds) }
    static let shortestFinalizeLimit = 10.0

    /// Ends every rank of the job with `exitCode`. Use for any failure after init.
    func abort(exitCode: Int32) -> Never {
        StopSignals.silence()
        // The whole job, also from a sweep row: MPI need not end more than the
        // communicator's ranks, and the others would wait for the row.
        cmpi_abort(cmpi_comm_world(), exitCode)
        // MPI_Abort does not return on Open MPI; this keeps the promise if one did.
        _exit(exitCode)
    }

    /// Reports a failure of this rank in one line and ends the whole job, so that
    /// no peer is left waiting for a rank that will never answer.
    func fail(_ message: String, exitCode: Int32) -> Never {
        Diagnostics.error(size > 1 ? "rank \(rank): \(message)" : message)
        abort(exitCode: exitCode)
    }

    // MARK: Facts

    /// MPI's name for the node this rank runs on.
    func processorName() -> String {
        var name = [CChar](repeating: 0, count: Int(cmpi_max_processor_name()))
        var length: Int32 = 0
        cmpi_get_processor_name(&name, &length)
        return String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// How many bytes a host name may have (MPI_MAX_PROCESSOR_NAME).
    static var hostNameWidth: Int { Int(cmpi_max_processor_name()) }

    /// The MPI library this process runs on (callable before MPI_Init).
    static func library() -> MPILibrary {
        var text = [CChar](repeating: 0, count: Int(cmpi_max_library_version_string()))
        var length: Int32 = 0
        cmpi_get_library_version(&text, &length)
        let bytes = text.prefix(Int(length)).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return MPILibrary(versionString: String(decoding: bytes, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
