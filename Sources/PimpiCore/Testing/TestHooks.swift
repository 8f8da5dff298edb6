import Foundation

/// The moments of a run at which a test can have a rank stop itself
/// (`PIMPI_TEST_FAULT=stop:RANK:MOMENT`), as SIGSTOP from outside would
/// stop it: a node hung on a file system, a paging storm.
enum StopMoment: String, CaseIterable {
    /// Before MPI_Init returns (before it is called: the others wait inside theirs).
    case initialization = "init"
    /// At the start barrier of the first count.
    case start
    /// After the first slice of counting.
    case counting
    /// With its share counted, before the sum of the hits.
    case collection
    /// While rank 0 reruns the count alone (rank 0: as its rerun begins).
    case serial
    /// At the barrier before MPI_Finalize.
    case end
}

#if PIMPI_TEST_HOOKS
/// Faults that pimpi's own tests inject through the environment, to prove that a
/// failing or slow rank ends or slows the job the way it would in real life.
/// This file owns them all; `PiJob` and `Job` are the only callers of the hooks below.
///
///     PIMPI_TEST_FAULT=fail-after-init:RANK   that rank fails right after MPI_Init
///     PIMPI_TEST_FAULT=serial-mismatch        the serial rerun counts one hit too many
///     PIMPI_TEST_FAULT=slow-rank:RANK:FACTOR  that rank works FACTOR times slower
///                                             (it sleeps after each piece of work)
///     PIMPI_TEST_FAULT=thread-level:LEVEL     MPI is taken to provide only LEVEL
///                                             (single, funneled, ...) thread support
///     PIMPI_TEST_FAULT=stop:RANK:MOMENT       that rank sends itself SIGSTOP at MOMENT
///                                             (init, start, counting, collection, serial, end)
///     PIMPI_TEST_FAULT=linger:RANK:SECONDS    that rank waits SECONDS after MPI_Finalize
///                                             before it exits, as one on a loaded node is late
///     PIMPI_TEST_FAULT=miscount:CPU           with --screen, the thread pinned on that CPU
///                                             reports one hit too many in every third block
///                                             it counts: a mercurial core, wrong at times
///     PIMPI_TEST_FAULT=throttle:CPU:FACTOR    with --screen, that CPU's thread works FACTOR
///                                             times as long per block in the second half of
///                                             the screen (it spins after each block)
///
/// Only builds with PIMPI_TEST_HOOKS have them (Package.swift: debug builds,
/// and `make test-hooks`); the shipped binary compiles the empty hooks below.
struct TestHooks: Equatable {
    enum Fault: Equatable {
        case failAfterInit(rank: Int)
        case serialMismatch
        case slowRank(rank: Int, factor: Double)
        case threadLevel(MPIThreadLevel)
        case stop(rank: Int, at: StopMoment)
        case linger(rank: Int, seconds: Double)
        case miscount(cpu: Int)
        case throttle(cpu: Int, factor: Double)
    }

    static let variable = "PIMPI_TEST_FAULT"

    let fault: Fault?

    init(environment: [String: String]) {
        fault = environment[Self.variable].flatMap(Self.fault(from:))
    }

    private static func fault(from text: String) -> Fault? {
        let parts = text.split(separator: ":")
        switch (parts.first, parts.count) {
        case ("fail-after-init", 2):
            return Int(parts[1]).map { .failAfterInit(rank: $0) }
        case ("serial-mismatch", 1):
            return .serialMismatch
        case ("slow-rank", 3):
            guard let rank = Int(parts[1]), let factor = Double(parts[2]), factor >= 1 else { return nil }
            return .slowRank(rank: rank, factor: factor)
        case ("thread-level", 2):
            return MPIThreadLevel.allCases.first { $0.name == parts[1] }.map { .threadLevel($0) }
        case ("stop", 3):
            guard let rank = Int(parts[1]), let moment = StopMoment(rawValue: String(parts[2])) else { return nil }
            return .stop(rank: rank, at: moment)
        case ("linger", 3):
            guard let rank = Int(parts[1]), let seconds = Double(parts[2]), seconds >= 0 else { return nil }
            return .linger(rank: rank, seconds: seconds)
        case ("miscount", 2):
            return Int(parts[1]).map { .miscount(cpu: $0) }
        case ("throttle", 3):
            guard let cpu = Int(parts[1]), let factor = Double(parts[2]), factor >= 1 else { return nil }
            return .throttle(cpu: cpu, factor: factor)
        default:
            return nil
        }
    }

    /// Right after MPI_Init: the chosen rank fails, and so ends the whole job.
    func afterInit(_ world: MPIWorld) {
        if case .failAfterInit(let rank) = fault, rank == world.rank {
            world.fail("injected test fault (\(Self.variable))", exitCode: ExitStatus.internalFailure)
        }
    }

    /// The thread support to act on: MPI's, or a lower one the test asks for.
    func threadLevel(provided: MPIThreadLevel) -> MPIThreadLevel {
        if case .threadLevel(let level) = fault { return level }
        return provided
    }

    /// The chosen rank's counter observer, which makes it FACTOR times slower:
    /// after each piece it sleeps FACTOR − 1 times as long as the piece took.
    func pace(rank: Int) -> ((Duration) -> Void)? {
        guard case .slowRank(rank, let factor) = fault else { return nil }
        return { took in Thread.sleep(forTimeInterval: took.seconds * (factor - 1)) }
    }

    /// The serial rerun "finds" one hit more, so the check must catch it.
    func serialRerun(hits: UInt64) -> UInt64 {
        fault == .serialMismatch ? hits &+ 1 : hits
    }

    /// The chosen rank stops itself at the chosen moment.
    func stop(at moment: StopMoment, rank: Int) {
        if case .stop(rank, moment) = fault { raise(SIGSTOP) }
    }

    /// The chosen rank, its job done and MPI finalized, is slow to exit: the
    /// others exit first, and their launcher may end it meanwhile.
    func linger(rank: Int) {
        if case .linger(rank, let seconds) = fault { Thread.sleep(forTimeInterval: seconds) }
    }

    /// The screen's faulty core: it miscounts now and then (intermittent, as
    /// mercurial cores are), or it slows down in the screen's second half by
    /// doing FACTOR times the work per block, which its rate in CPU time shows.
    func screenFaults() -> ScreenFaults {
        switch fault {
        case .miscount(let faulty):
            let counts = CountsOnCPU()
            return ScreenFaults(hits: { cpu, hits in
                guard cpu == faulty else { return hits }
                return counts.next() % 3 == 1 ? hits &+ 1 : hits
            }, afterCount: nil)
        case .throttle(let faulty, let factor):
            return ScreenFaults(hits: nil, afterCount: { cpu, took, elapsed in
                guard cpu == faulty, elapsed >= 0.5 else { return }
                let clock = ContinuousClock()
                let until = clock.now + took * (factor - 1)
                while clock.now < until {}
            })
        default:
            return .none
        }
    }
}

/// The miscounting core's own count of its blocks.
private final class CountsOnCPU: @unchecked Sendable {
    private let lock = NSLock()
    private var counted = 0

    func next() -> Int {
        lock.withLock {
            defer { counted += 1 }
            return counted
        }
    }
}
#else
/// The shipped build's hooks: none. The environment is not read, and each
/// call compiles to nothing (see the hooked build above for what they do).
struct TestHooks {
    init(environment: [String: String]) {}
    func afterInit(_ world: MPIWorld) {}
    func threadLevel(provided: MPIThreadLevel) -> MPIThreadLevel { provided }
    func pace(rank: Int) -> ((Duration) -> Void)? { nil }
    func serialRerun(hits: UInt64) -> UInt64 { hits }
    func stop(at moment: StopMoment, rank: Int) {}
    func linger(rank: Int) {}
    func screenFaults() -> ScreenFaults { .none }
}
#endif
