import Foundation

/// pimpi's whole job on one process, in the order of MPICH's `cpi.c`: init,
/// set up, compute and reduce, the root checks and prints, finalize.
public enum PiJob {
    /// Runs the job and returns this process's exit status (a rank that is
    /// lost, or fails after MPI_Init, aborts every rank instead).
    public static func run(_ options: RunOptions, launch: LaunchEnvironment) -> Int32 {
        let host = HostFacts.current()
        let library = MPIWorld.library()
        // Before MPI_Init, which can take a while: a job cancelled during start-up
        // gets its one line too. The launcher's rank is known before init.
        StopSignals.install(speaks: launch.isFirstProcess)
        // Without the PMI it needs, MPI_Init would fail on every task with its own banner.
        if let problem = launch.srunMisconfiguration(worldSize: nil, library: library) {
            return Diagnostics.failAlike(problem, speaks: launch.isFirstProcess,
                                         status: ExitStatus.launchMisconfigured,
                                         localProcesses: launch.localProcessCount)
        }
        let configuration = RunConfiguration(options, launch: launch, host: host)
        let hooks = TestHooks(environment: launch.variables)
        hooks.stop(at: .initialization, rank: launch.launchRank ?? 0)

        // Init: bounded, as is every wait from here to MPI_Finalize.
        let world = MPIWorld(initBound: StartupBound.seconds(rankTimeout: options.rankTimeout, launch: launch,
                                                             onlineCPUs: host.onlineCPUCount),
                             waitBound: configuration.waitBound, launchRank: launch.launchRank ?? 0)
        hooks.afterInit(world)
        let sweep: (ScalingSweep, sizes: [Int])?
        switch checks(configuration, world: world, launch: launch, library: library, hooks: hooks) {
        case .success(let planned): sweep = planned
        case .failure(let refusal):
            _ = Diagnostics.failAlike(refusal.message, speaks: refusal.speaker, status: refusal.status)
            world.finalize(exitingWith: refusal.status, waitBound: configuration.waitBound)
            return refusal.status
        }

        // Set up (trials, one kernel per CPU model, communicators, windows),
        // then compute and reduce: every timed count, every row.
        let job = Job.prepare(configuration, sweep: sweep, world: world, launch: launch, library: library,
                              host: host, hooks: hooks)
        // A reference that cannot be used ends the job before it counts.
        if let refusal = job.referenceRefusal {
            if world.isRoot { Diagnostics.error(refusal) }
            return job.finish(status: world.isRoot ? ExitStatus.usage : nil)
        }
        let rows = job.measureRows()
        // The serial rerun: rank 0 alone, the others asleep.
        let serial = job.serialPlan(rows).flatMap { job.serialRerun(throwCount: $0.throwCount, times: $0.times) }

        // The root checks every count against the others before it prints any.
        var status: Int32?
        if world.isRoot {
            if let problem = ResultCheck.problem(rows, sweep: sweep?.0.mode, serial: serial) {
                Diagnostics.error(problem + "; the result cannot be trusted")
                status = ExitStatus.resultMismatch
            } else {
                let (text, json, warned) = sweep == nil
                    ? render(job.report(rows[0], serial: serial), options: options)
                    : render(job.sweepReport(rows, serial: serial), options: options)
                FileHandle.standardOutput.write(Data(text.utf8))
                status = options.failOnWarning && warned ? ExitStatus.placementWarning : ExitStatus.success
                if let path = options.appendTo, let problem = ReportArchive.append(ReportArchive.oneLine(json), to: path) {
                    Diagnostics.error(problem)
                    status = ExitStatus.cannotAppend
                }
            }
        }
        return job.finish(status: status)
    }

    /// A refusal after MPI_Init that every rank meets alike: its line, who
    /// writes it, and the exit status.
    private struct Refusal: Error {
        var message: String
        var speaker: Bool
        var status: Int32
    }

    /// The checks that need MPI: srun's plugin, the thread level, a sweep's
    /// rank counts (the rows, where it fits the job).
    private static func checks(_ configuration: RunConfiguration, world: MPIWorld, launch: LaunchEnvironment,
                               library: MPILibrary, hooks: TestHooks)
        -> Result<(ScalingSweep, sizes: [Int])?, Refusal> {
        // Each srun task may be a world of its own here, so the launcher's rank
        // speaks. Under a wrong srun plugin, srun ends the step at the first
        // failing exit: the silent ranks wait for the speaker's line
        // (`Diagnostics.failAlike`; under load, a silent task on another node
        // exited first and the line was lost).
        if let problem = launch.srunMisconfiguration(worldSize: world.size, library: library) {
            return .failure(Refusal(message: problem, speaker: launch.isFirstProcess,
                                    status: ExitStatus.launchMisconfigured))
        }
        if let problem = hooks.threadLevel(provided: world.threadLevel).problem(threads: configuration.threads) {
            return .failure(Refusal(message: problem, speaker: world.isRoot, status: ExitStatus.threadsUnsupported))
        }
        guard let sweep = configuration.options.sweep else { return .success(nil) }
        // A duration's count, sized later, stays below 2^64 on the largest row (`DurationSizing`).
        let throwCount: UInt64 = switch configuration.amount {
        case .throwCount(let count): count
        case .duration: 1
        case .precision: preconditionFailure("RunOptions.problem refuses --sweep with --target-error")
        }
        switch sweep.sizes(worldSize: world.size, throwCount: throwCount) {
        case .success(let sizes): return .success((sweep, sizes))
        case .failure(let error):
            return .failure(Refusal(message: error.message, speaker: world.isRoot, status: ExitStatus.usage))
        }
    }

    /// The report as `--format` writes it, its JSON (for `--append-to`),
    /// and whether it warns.
    private static func render(_ report: RunReport, options: RunOptions) -> (String, String, Bool) {
        (options.format.render(report, perRank: options.perRank, perNode: options.perNode), report.json,
         !report.warnings.isEmpty)
    }

    private static func render(_ report: SweepReport, options: RunOptions) -> (String, String, Bool) {
        (options.format.render(report, perRank: options.perRank, perNode: options.perNode), report.json,
         !report.warnings.isEmpty)
    }
}
