/// The reports, made on the root from what the rows measured and what it
/// knows of every rank: everything a report says is measured, and nothing
/// is measured here.
extension Job {
    /// One row as a run of its own. Per-rank figures and the placement check
    /// come from the median timed count (the lower middle one for an even
    /// number); `serial`, where given, is this row's base, and its rate is
    /// checked against rank 0's own (`BaselineCheck`).
    func report(_ row: RowMeasurement, serial: RunReport.SerialRerun?,
                scalingBase: RunReport.ScalingBase? = nil) -> RunReport {
        let timed = row.timedSeconds
        let summary = SampleSummary(timed)!
        let median = row.warmups + summary.medianIndex
        let ranks = facts.prefix(row.ranks)
        let perRank = ranks.enumerated().map { rank, fact in
            let record = row.records[rank][median]
            return RankPlacement(rank: rank, host: fact.host, cpuModel: fact.cpuModel, cpus: fact.cpus,
                                 hostCPUCount: fact.hostCPUCount, reach: fact.reach, hostSize: fact.hostSize,
                                 threads: fact.threads, threadsAuto: fact.threadsAuto, threadPlaces: fact.threadPlaces,
                                 kernel: fact.kernel, throwsCounted: record.throwsCounted, hits: record.hits,
                                 seconds: record.kernelSeconds, trialThrowsPerSecond: fact.trialThrowsPerSecond,
                                 clockHz: fact.clockHz)
        }
        let repetitions = row.counts == 1 ? nil : RunReport.Repetitions(
            seconds: timed, warmupSeconds: (0 ..< row.warmups).map { count in row.records.map { $0[count].seconds }.max() ?? 0 },
            rankKernelSeconds: row.ranks * timed.count > RunReport.Repetitions.rankSamplesLimit ? nil
                : row.records.map { records in row.timed.map { records[$0].kernelSeconds } })
        var seen = Set<String>()
        let context = RunReport.Context(
            mpiLibrary: library, mpiThreadLevel: world.threadLevel, ranks: row.ranks,
            hosts: ranks.map(\.host).filter { seen.insert($0).inserted }, seed: configuration.options.seed,
            kernel: facts[0].kernel,
            kernels: KernelAgreement.choices(ranks.map { .init(cpuModel: $0.cpuModel, kernel: $0.trialWinner) },
                                             running: ranks.map(\.kernel)),
            threadsPerRank: configuration.threads, schedule: configuration.options.schedule,
            chunk: row.chunk, chunkTaking: row.chunkTaking, provenance: configuration.provenance,
            durationSeconds: configuration.options.duration)
        var warnings = PlacementCheck.warnings(perRank, stragglerFraction: configuration.options.stragglerFraction)
        let nodes = NodeCheck.nodes(perRank, reference: reference)
        warnings += NodeCheck.warnings(nodes, reference: reference, fraction: configuration.referenceFraction)
        if let serial, let baseline = BaselineCheck.warning(serial: serial, throwCount: serialThrows(of: row),
                                                            rank0: perRank[0]) {
            warnings.append(baseline)
        }
        return RunReport(
            context: context, estimate: PiEstimate(throwCount: row.throwCount, hits: row.hits[row.warmups]),
            parallelSeconds: summary.median, perRank: perRank, warnings: warnings,
            serial: scalingBase == nil ? serial : nil, mpiInitSeconds: world.initSeconds, kernelTrial: trial,
            target: row.target, repetitions: repetitions, scalingBase: scalingBase, nodes: nodes,
            reference: reference.map { .init(path: $0.path, fraction: configuration.referenceFraction) },
            confidence: configuration.options.confidence)
    }

    /// The scaling table: each row's report, all measured against one base,
    /// the 1-rank row where there is one, else rank 0's serial rerun.
    func sweepReport(_ rows: [RowMeasurement], serial: RunReport.SerialRerun?) -> SweepReport {
        let mode = sweep?.mode ?? .strong
        var base: RunReport.ScalingBase?
        if rows[0].ranks == 1 {
            base = .init(mode: mode, source: .oneRankRow, seconds: SampleSummary(rows[0].timedSeconds)!.median,
                         cores: configuration.threads)
        } else if let serial {
            base = .init(mode: mode, source: .serialRerun, seconds: serial.seconds, cores: 1)
        }
        let reports = rows.enumerated().map { index, row in
            report(row, serial: index == 0 ? serial : nil, scalingBase: base)
        }
        return SweepReport(mode: mode, jobRanks: world.size, rows: reports, serial: serial)
    }
}
