import PimpiKernel

/// `--sweep`: the run on the first k ranks of the job for each k in turn, in
/// one launch, and the checks that make the rows one table.
enum SweepRun {
    /// Runs every row (each as `PiRun` runs a whole job, on a world of the
    /// first k ranks; the other ranks wait without spinning), then checks the
    /// rows' hits against each other and finds the speedup base. Returns the
    /// report on the root and nil on every other rank.
    static func run(_ configuration: RunConfiguration, sweep: ScalingSweep, sizes: [Int], on world: MPIWorld,
                    launch: LaunchEnvironment, library: MPILibrary, host: HostFacts, counter: RankCounter,
                    kernelTrial: KernelTrial.Outcome?) -> SweepReport? {
        var rows: [RunReport] = []
        var rowConfiguration = configuration
        // The base is the 1-rank row where there is one, else one rerun at the end.
        rowConfiguration.serial = false
        for size in sizes {
            rowConfiguration.amount = amount(configuration.amount, sweep: sweep, ranks: size)
            if let part = world.firstRanks(size) {
                let row = PiRun.run(rowConfiguration, on: part, launch: launch, library: library, host: host,
                                    counter: counter, kernelTrial: kernelTrial,
                                    progressSuffix: " on \(TextLayout.plural(size, "rank"))")
                part.release()
                if let row { rows.append(row) }
            }
            world.waitForEveryRank()
        }
        guard world.isRoot else { return nil }

        if let problem = SweepReport(mode: sweep.mode, jobRanks: world.size, rows: rows).mismatch {
            world.fail(problem + "; the result cannot be trusted", exitCode: ExitStatus.resultMismatch)
        }
        var serial: RunReport.SerialRerun?
        var base: RunReport.ScalingBase?
        if sizes.first == 1 {
            base = .init(mode: sweep.mode, source: .oneRankRow, seconds: rows[0].parallelSeconds,
                         cores: configuration.threads)
        } else if configuration.serial {
            // The 1-rank count of a strong row, or of rank 0's share of a weak one.
            let throwCount = sweep.mode == .strong ? rows[0].estimate.throwCount : rows[0].throwsByRank[0]
            let started = world.wallTime()
            let hits = configuration.kernel.countHits(seed: configuration.seed,
                                                      range: ThrowRange(first: 0, count: throwCount))
            serial = .init(hits: hits, seconds: world.wallTime() - started)
            let expected = sweep.mode == .strong ? rows[0].estimate.hits : rows[0].perRank[0].hits
            if hits != expected {
                world.fail("serial rerun counted \(hits) hits but the \(rows[0].context.ranks)-rank row counted "
                    + "\(expected ?? 0) on the same throws; the result cannot be trusted",
                    exitCode: ExitStatus.resultMismatch)
            }
            base = .init(mode: sweep.mode, source: .serialRerun, seconds: serial!.seconds, cores: 1)
        }
        for index in rows.indices { rows[index].scalingBase = base }
        return SweepReport(mode: sweep.mode, jobRanks: world.size, rows: rows, serial: serial)
    }

    /// A row's throws: all of them (strong), or the count per rank times its ranks (weak).
    static func amount(_ amount: RunConfiguration.Amount, sweep: ScalingSweep, ranks: Int) -> RunConfiguration.Amount {
        guard sweep.mode == .weak, case .throwCount(let perRank) = amount else { return amount }
        return .throwCount(perRank * UInt64(ranks))
    }
}
