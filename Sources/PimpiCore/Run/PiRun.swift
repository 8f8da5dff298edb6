import PimpiKernel

/// The parallel Monte Carlo run, executed by every rank.
enum PiRun {
    /// Counts hits on every rank with `counter` under the chosen schedule, sums
    /// them on the root, gathers where each rank ran and how fast, and reruns
    /// everything serially on the root for comparison. Returns the report on
    /// the root and nil on every other rank. Nodes are named by Slurm where
    /// srun launched the rank, else by MPI. `progressSuffix` ends rank 0's
    /// progress lines (a sweep names its row).
    static func run(_ configuration: RunConfiguration, on world: MPIWorld, launch: LaunchEnvironment,
                    library: MPILibrary, host: HostFacts, counter: RankCounter,
                    kernelTrial: KernelTrial.Outcome?, progressSuffix: String = "") -> RunReport? {
        let hostsByRank = world.gatherOnRoot(launch.slurmNodeName ?? world.processorName())
        let results = RankResults(world: world, hosts: hostsByRank, timeout: configuration.rankTimeout)

        // Warm-ups first, then the timed repetitions, each the same throws.
        let plan = configuration.repetitions
        var warmups: [Repetition] = []
        var timed: [Repetition] = []
        for index in 0 ..< plan.warmup + plan.timed {
            let warm = index < plan.warmup
            let which = plan.warmup + plan.timed == 1 ? ""
                : warm ? " in warm-up \(index + 1) of \(plan.warmup)"
                : " in repetition \(index - plan.warmup + 1) of \(plan.timed)"
            let repetition = measure(configuration, world: world, counter: counter, results: results,
                                     progress: world.isRoot ? configuration.progress : nil,
                                     suffix: which + progressSuffix)
            if warm { warmups.append(repetition) } else { timed.append(repetition) }
        }
        let trialRatesByRank = world.gatherOnRoot(kernelTrial?.throwsPerSecond ?? 0)
        let placementByRank = world.gatherOnRoot(RankPlacement.encode(
            threads: counter.threads, hostCPUCount: host.onlineCPUCount, kernel: counter.kernel, cpus: host.affinity))

        guard world.isRoot else { return nil }
        // Every repetition counted the same throws with the same seed.
        let first = timed[0].totals
        for (index, repetition) in (warmups + timed).enumerated() where repetition.totals.hits != first.hits {
            let name = index < warmups.count ? "warm-up \(index + 1)" : "repetition \(index - warmups.count + 1)"
            world.fail("\(name) counted \(repetition.totals.hits) hits but repetition 1 counted \(first.hits) "
                + "(the same throws and seed); the result cannot be trusted", exitCode: ExitStatus.resultMismatch)
        }
        let summary = SampleSummary(timed.map(\.seconds))!
        let median = timed[summary.medianIndex]
        let perRank = (0 ..< world.size).map {
            RankPlacement.decode(placementByRank[$0], rank: $0, host: hostsByRank[$0],
                                 throwsCounted: median.rankThrows[$0], hits: median.totals.hitsByRank[$0],
                                 seconds: median.rankSeconds[$0], trialThrowsPerSecond: trialRatesByRank[$0])
        }
        let repetitions = timed.count == 1 && warmups.isEmpty ? nil : RunReport.Repetitions(
            seconds: timed.map(\.seconds), warmupSeconds: warmups.map(\.seconds),
            rankKernelSeconds: world.size * timed.count > RunReport.Repetitions.rankSamplesLimit ? nil
                : (0 ..< world.size).map { rank in timed.map { $0.rankSeconds[rank] } })

        var serial: RunReport.SerialRerun?
        if configuration.serial {
            let serialStart = world.wallTime()
            let hits = configuration.kernel.countHits(
                seed: configuration.seed, range: ThrowRange(first: 0, count: first.throwCount))
            serial = RunReport.SerialRerun(hits: hits, seconds: world.wallTime() - serialStart)
        }

        var seen = Set<String>()
        let distinctHosts = hostsByRank.filter { seen.insert($0).inserted }
        let context = RunReport.Context(
            mpiLibrary: library, mpiThreadLevel: world.threadLevel, ranks: world.size,
            hosts: distinctHosts,
            seed: configuration.seed, kernel: configuration.kernel, threadsPerRank: configuration.threads,
            schedule: configuration.schedule, chunk: first.chunk, chunkTaking: first.chunkTaking)
        return RunReport(
            context: context,
            estimate: PiEstimate(throwCount: first.throwCount, hits: first.hits),
            parallelSeconds: summary.median,
            perRank: perRank,
            warnings: PlacementCheck.warnings(perRank, stragglerFraction: configuration.stragglerFraction),
            serial: serial,
            mpiInitSeconds: world.initSeconds,
            kernelTrial: kernelTrial,
            target: first.target,
            repetitions: repetitions)
    }

    /// One timed count of all the throws, as the root knows it.
    private struct Repetition {
        /// The longest span any rank lived in it.
        var seconds: Double
        var totals: Totals
        /// Each rank's kernel time and throws in it.
        var rankSeconds: [Double]
        var rankThrows: [UInt64]
    }

    /// Each rank's clock starts as it leaves the barrier and stops once its part
    /// of the reduction is done: launch and MPI_Init are not part of it. Ranks
    /// leave a barrier at different moments (on a crowded node, many ms
    /// apart), so the root's own span can be shorter than another rank's
    /// kernel time; the parallel time is the longest span any rank lived, each
    /// measured on its own clock (no clock sync across nodes).
    private static func measure(_ configuration: RunConfiguration, world: MPIWorld, counter: RankCounter,
                                results: RankResults, progress: ProgressDisplay?, suffix: String) -> Repetition {
        let (throwsBefore, secondsBefore) = (counter.throwsCounted, counter.kernelSeconds)
        world.barrier()
        let start = world.wallTime()
        let totals = countAll(configuration, world: world, counter: counter,
                              progress: progress.map { ($0, suffix) }, results: results)
        let spansByRank = world.gatherOnRoot(world.wallTime() - start)
        return Repetition(seconds: spansByRank.max() ?? 0, totals: totals,
                          rankSeconds: world.gatherOnRoot(counter.kernelSeconds - secondsBefore),
                          rankThrows: world.gatherOnRoot(counter.throwsCounted - throwsBefore))
    }

    /// What the parallel part found: on the root, and for --target-error on all ranks.
    private struct Totals {
        var throwCount: UInt64 = 0
        var hits: UInt64 = 0
        /// Each rank's part of them (on the root).
        var hitsByRank: [UInt64] = []
        /// The dynamic schedule's chunk (of the first round), and how it was taken.
        var chunk: UInt64?
        var chunkTaking: Schedule.ChunkTaking?
        var target: RunReport.TargetOutcome?
    }

    /// One round of all the throws, or rounds until the precision target says stop.
    /// Rank 0 collects each round's hits with a bounded wait (`RankResults`).
    private static func countAll(_ configuration: RunConfiguration, world: MPIWorld, counter: RankCounter,
                                 progress: (display: ProgressDisplay, suffix: String)?,
                                 results: RankResults) -> Totals {
        var totals = Totals()
        switch configuration.amount {
        case .throwCount(let count):
            let round = ThrowRange(first: 0, count: count)
            totals.chunk = chunk(for: configuration, round: round, ranks: world.size)
            let started = world.wallTime()
            let (chunks, taking) = chunkCounter(configuration, world: world)
            totals.chunkTaking = taking
            let myHits = countRound(round, configuration, chunk: totals.chunk, world: world, counter: counter,
                                    progress: progress, chunks: chunks, results: results)
            totals.throwCount = count
            totals.hitsByRank = results.hitsOnRoot(myHits, countingSince: started)
            // Collective: after every rank's result, so a lost rank cannot hold it.
            chunks?.release()
            totals.hits = totals.hitsByRank.reduce(0, +)
        case .precision(let target):
            // Every rank gets the running totals, so all make the same decision.
            var roundSize = target.firstRoundSize
            var rounds = 0
            while totals.target == nil {
                rounds += 1
                let round = ThrowRange(first: totals.throwCount, count: roundSize)
                let roundChunk = chunk(for: configuration, round: round, ranks: world.size)
                totals.chunk = totals.chunk ?? roundChunk
                let started = world.wallTime()
                let (chunks, taking) = chunkCounter(configuration, world: world)
                totals.chunkTaking = totals.chunkTaking ?? taking
                let myHits = countRound(round, configuration, chunk: roundChunk, world: world, counter: counter,
                                        progress: progress.map { ($0.display, " in round \(rounds)" + $0.suffix) },
                                        chunks: chunks, results: results)
                let hitsByRank = results.hitsOnRoot(myHits, countingSince: started)
                chunks?.release()
                totals.hitsByRank = totals.hitsByRank.isEmpty ? hitsByRank : zip(totals.hitsByRank, hitsByRank).map(+)
                totals.hits += world.broadcastFromRoot(hitsByRank.reduce(0, +))
                totals.throwCount += roundSize
                switch target.decide(done: totals.throwCount, hits: totals.hits) {
                case .reached: totals.target = .init(target: target, rounds: rounds, reached: true)
                case .capped: totals.target = .init(target: target, rounds: rounds, reached: false)
                case .next(let size): roundSize = size
                }
            }
        }
        return totals
    }

    /// The dynamic schedule's shared chunk counter for one round, and how the
    /// chunks will be taken: with it, or from rank 0 where MPI has none.
    private static func chunkCounter(_ configuration: RunConfiguration, world: MPIWorld)
        -> (MPIWorld.SharedCounter?, Schedule.ChunkTaking?) {
        guard configuration.schedule == .dynamic else { return (nil, nil) }
        let chunks = world.sharedCounter()
        return (chunks, chunks == nil ? .rankZero : .atomics)
    }

    private static func chunk(for configuration: RunConfiguration, round: ThrowRange, ranks: Int) -> UInt64? {
        guard configuration.schedule == .dynamic else { return nil }
        return configuration.chunk ?? Schedule.defaultChunk(throwCount: round.count, ranks: ranks)
    }

    /// This rank's hits in one round, under the configured schedule. `progress`
    /// (root only): how to show it and the suffix of its lines; nil for none.
    /// `chunks`: the dynamic schedule's shared chunk counter, where MPI has one.
    private static func countRound(_ round: ThrowRange, _ configuration: RunConfiguration, chunk: UInt64?,
                                   world: MPIWorld, counter: RankCounter,
                                   progress: (display: ProgressDisplay, suffix: String)?,
                                   chunks: MPIWorld.SharedCounter?, results: RankResults) -> UInt64 {
        if configuration.schedule == .dynamic {
            let meter = progress.map {
                ProgressMeter(total: round.count, what: "handed out" + $0.suffix, display: $0.display)
            }
            defer { meter?.finish() }
            guard let chunks else {
                return ManagedSchedule.count(round, chunk: chunk ?? 1, world: world, counter: counter, meter: meter,
                                             results: results)
            }
            return DynamicSchedule.count(round, chunk: chunk ?? 1, chunks: chunks, isRoot: world.isRoot,
                                         counter: counter, meter: meter)
        }
        let share = WorkSplit(totalThrows: round.count, rankCount: world.size).range(ofRank: world.rank)
        let mine = ThrowRange(first: round.first &+ share.first, count: share.count)
        guard let progress else { return counter.count(mine) }
        let meter = ProgressMeter(total: mine.count, what: "of rank 0's share" + progress.suffix,
                                  display: progress.display)
        defer { meter.finish() }
        let before = counter.throwsCounted
        return counter.count(mine, in: RankCounter.Slices(of: ProgressMeter.sliceThrows * UInt64(counter.threads)) {
            meter.update(done: $0 - before)
        })
    }
}
