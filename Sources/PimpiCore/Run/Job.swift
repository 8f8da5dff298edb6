import Foundation
import PimpiKernel

/// Everything a run shares once it is set up, before any clock starts: the
/// ranks and how they reach each other, the options as this rank resolved
/// them, the kernel its CPU model runs, and what the root knows of every rank.
/// `PiJob` makes it with `prepare`, then measures, reruns, reports and ends
/// through it.
final class Job {
    let world: MPIWorld
    let configuration: RunConfiguration
    let library: MPILibrary
    let hooks: TestHooks
    /// How this rank counts: its agreed kernel, its threads.
    let counter: RankCounter
    /// This rank's kernel trial; nil when `--kernel` named the kernel.
    let trial: KernelTrial.Outcome?
    /// On the root: every rank's facts, its agreed kernel among them (empty elsewhere).
    let facts: [RankFacts]
    /// The whole job, or each row of `--sweep`.
    let rows: [Row]
    let sweep: ScalingSweep?
    /// Rank 0's progress on stderr; nil elsewhere, or when not asked for.
    let meter: ProgressMeter?
    /// On the root: `--reference`, read (nil elsewhere, or without it).
    let reference: Reference?
    /// Why `--reference` cannot be used, on every rank (the line itself on
    /// the root only): the job then ends before it counts.
    let referenceRefusal: String?

    private init(world: MPIWorld, configuration: RunConfiguration, library: MPILibrary, hooks: TestHooks,
                 counter: RankCounter, trial: KernelTrial.Outcome?, facts: [RankFacts], rows: [Row],
                 sweep: ScalingSweep?, reference: Reference?, referenceRefusal: String?) {
        self.world = world
        self.configuration = configuration
        self.library = library
        self.hooks = hooks
        self.counter = counter
        self.trial = trial
        self.facts = facts
        self.rows = rows
        self.sweep = sweep
        self.reference = reference
        self.referenceRefusal = referenceRefusal
        meter = world.isRoot ? configuration.progress.map(ProgressMeter.init(display:)) : nil
    }

    /// Sets the job up: each rank times the kernel's loop shapes on its own
    /// core; the root gathers where every rank runs and what its trial found,
    /// picks one kernel per CPU model and hands each rank its own; then the
    /// rows' communicators and chunk counters are made. Collective.
    static func prepare(_ configuration: RunConfiguration, sweep: (ScalingSweep, sizes: [Int])?, world: MPIWorld,
                        launch: LaunchEnvironment, library: MPILibrary, host: HostFacts,
                        hooks: TestHooks) -> Job {
        let everyone = world.everyone
        let agreement = configuration.wait(.agreement)
        let (winner, trial) = KernelTrial.resolve(configuration.options.kernel, best: host.bestKernel)
        let clockHz = CoreClock.measure()
        let hostName = launch.slurmNodeName ?? world.processorName()
        let hosts = everyone.gather(text: hostName, width: MPIWorld.hostNameWidth, agreement)
        let models = everyone.gather(text: host.cpuModel, width: RankFacts.modelWidth, agreement)
        let threadsAuto = configuration.options.threads == .auto
        let words = everyone.gather(RankFacts.words(threads: configuration.threads, threadsAuto: threadsAuto,
                                                    host: host, winner: winner, trial: trial, clockHz: clockHz),
                                    agreement)
        var facts: [RankFacts] = []
        var pinning: [Bool] = []
        var reference: Reference?
        var refusal: String?
        if world.isRoot {
            facts = (0 ..< world.size).map { RankFacts(words: words[$0], host: hosts[$0], cpuModel: models[$0]) }
            let decided = KernelAgreement.decide(facts.map { .init(cpuModel: $0.cpuModel, kernel: $0.trialWinner) })
            for rank in facts.indices { facts[rank].kernel = decided.byRank[rank] }
            if let path = configuration.options.reference {
                (reference, refusal) = Self.read(reference: path, facts: &facts,
                                                 choosesKernel: configuration.options.kernel == .auto)
            }
            pinning = ThreadPinning.pinning(facts)
            world.knownHosts = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($0, $1) })
        }
        let assigned = everyone.scatter(facts.indices.flatMap {
            [UInt64(Kernel.all.firstIndex(of: facts[$0].kernel)!), pinning[$0] ? 1 : 0, refusal == nil ? 0 : 1]
        }, perRank: 3, agreement)
        // A rank the root told to pin says where each thread went (the root
        // expects a record per thread); one that cannot sends unknown places.
        var places = assigned[1] != 0 ? ThreadPinning.places(threads: configuration.threads, host: host) : []
        let sent = assigned[1] == 0 ? [] : places.count == configuration.threads ? places.flatMap(\.words)
            : ThreadPlace.unknownWords(threads: configuration.threads)
        if places.count != configuration.threads { places = [] }
        let placeWords = everyone.gather(varying: sent, counts: facts.indices.map {
            pinning[$0] ? facts[$0].threads * ThreadPlace.wordCount : 0
        }, agreement)
        for rank in facts.indices { facts[rank].threadPlaces = ThreadPlace.places(words: placeWords[rank]) }
        let rootHost = everyone.broadcast(text: hostName, width: MPIWorld.hostNameWidth, agreement)
        if !world.isRoot { world.knownHosts = [MPIWorld.root: rootHost] }

        let counter = RankCounter(seed: configuration.options.seed, kernel: Kernel.all[Int(assigned[0])],
                                  threads: configuration.threads, pinnedTo: places.map(\.cpu),
                                  mask: host.affinity, afterPiece: hooks.pace(rank: world.rank))
        let amount = sized(configuration, weakSweep: sweep?.0.mode == .weak, kernel: counter.kernel, trial: trial,
                           host: host, world: world)
        return Job(world: world, configuration: configuration, library: library, hooks: hooks, counter: counter,
                   trial: trial, facts: facts,
                   rows: Row.rows(of: configuration, amount: amount, sweep: sweep, world: world),
                   sweep: sweep?.0, reference: reference,
                   referenceRefusal: assigned[2] == 0 ? nil : refusal ?? "the root refused --reference")
    }

    /// The job's amount, with `--duration` turned into a throw count: each
    /// rank's rate for the kernel it runs (its trial's, else timed now) times
    /// the threads that have a core of their own (threads beyond the rank's
    /// cores only share them) goes to the root, which sizes the count
    /// (`DurationSizing`: in a weak sweep, one rank's share) and sends it to
    /// all. Collective with a duration; else the amount as is.
    private static func sized(_ configuration: RunConfiguration, weakSweep: Bool, kernel: Kernel,
                              trial: KernelTrial.Outcome?, host: HostFacts, world: MPIWorld) -> RunConfiguration.Amount {
        guard case .duration(let seconds) = configuration.amount else { return configuration.amount }
        let agreement = configuration.wait(.agreement)
        let rate = trial?.throwsPerSecond(of: kernel) ?? KernelTrial.throwsPerSecond(of: kernel)
        let counting = min(configuration.threads, max(host.affinityCoreCount ?? configuration.threads, 1))
        let rankRates = world.everyone.gather([rate * Double(counting)], agreement).map { $0[0] }
        var count: UInt64 = 0
        if world.isRoot {
            count = weakSweep
                ? DurationSizing.throwsPerRank(seconds: seconds, rankRates: rankRates)
                : DurationSizing.throwCount(seconds: seconds, rankRates: rankRates,
                                            schedule: configuration.options.schedule)
        }
        return .throwCount(world.everyone.broadcast([count], agreement)[0])
    }

    /// On the root: `--reference` read, and why it cannot be used (a bad
    /// file, none of the job's CPU models). Where the kernel is pimpi's to
    /// choose, each rank runs what its CPU model's reference ran, so that a
    /// node is compared running the same loop.
    private static func read(reference path: String, facts: inout [RankFacts], choosesKernel: Bool)
        -> (Reference?, String?) {
        switch Reference.load(path: path) {
        case .failure(let problem): return (nil, problem.message)
        case .success(let reference):
            if choosesKernel {
                for rank in facts.indices {
                    facts[rank].kernel = reference.kernel(cpuModel: facts[rank].cpuModel, decided: facts[rank].kernel,
                                                          best: facts[rank].trialWinner.level)
                }
            }
            return (reference, reference.problem(cpuModels: facts.map(\.cpuModel)))
        }
    }

    /// Measures every row in turn; the ranks outside a row wait for it asleep.
    /// What the rows measured, on the root (empty elsewhere).
    func measureRows() -> [RowMeasurement] {
        rows.compactMap { row in
            let measured = measure(row)
            if row.size < world.size { world.everyone.barrier(configuration.wait(.row)) }
            return measured
        }
    }

    /// Ends the job on every rank with the root's `status` (nil elsewhere):
    /// the other ranks wait for it asleep while rank 0 reruns and reports;
    /// then every rank meets once more, lets go of the chunk counters, and
    /// finalizes.
    func finish(status: Int32?) -> Int32 {
        hooks.stop(at: .serial, rank: world.rank)
        let verdict = world.everyone.broadcast([UInt64(status ?? 0)], configuration.wait(.verdict))[0]
        // A failed verdict has had its line (a count that disagrees, or
        // warnings under --fail-on-warning); the rank that exits first with it
        // makes mpirun or srun SIGTERM the others, which is part of that end,
        // not a stop from outside to report again or to exit 143 for.
        if verdict != 0 { StopSignals.settle(status: Int32(verdict)) }
        hooks.stop(at: .end, rank: world.rank)
        world.finalize(exitingWith: Int32(verdict), waitBound: configuration.waitBound) {
            for row in rows { row.chunks?.release() }
        }
        hooks.linger(rank: world.rank)
        return Int32(verdict)
    }
}
