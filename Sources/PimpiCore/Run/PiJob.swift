import Foundation

/// pimpi's whole job on one process, in the order of MPICH's `cpi.c`: init,
/// checks, compute and reduce, the root prints, verify, finalize.
public enum PiJob {
    /// Runs the job and returns this process's exit status (a failure after
    /// MPI_Init aborts every rank instead).
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

        let world = MPIWorld()
        let hooks = TestHooks(environment: launch.variables)
        hooks.afterInit(world)

        // Each srun task may be a world of its own here, so the launcher's rank
        // speaks; every rank meets the same condition and stops alike.
        if let problem = launch.srunMisconfiguration(worldSize: world.size, library: library) {
            return end(world, problem, speaks: launch.isFirstProcess, status: ExitStatus.launchMisconfigured)
        }
        // Each rank times the kernel shapes on its own core, before the start barrier.
        let (kernel, trial) = KernelTrial.resolve(options.kernel, best: host.bestKernel)
        let configuration = RunConfiguration(options, launch: launch, host: host, kernel: kernel)
        if let problem = hooks.threadLevel(provided: world.threadLevel).problem(threads: configuration.threads) {
            return end(world, problem, speaks: world.isRoot, status: ExitStatus.threadsUnsupported)
        }

        let counter = RankCounter(seed: configuration.seed, kernel: configuration.kernel,
                                  threads: configuration.threads, afterPiece: hooks.pace(rank: world.rank))
        if let sweep = configuration.sweep {
            return runSweep(sweep, configuration, options: options, world: world, launch: launch,
                            library: library, host: host, counter: counter, kernelTrial: trial)
        }
        let report = PiRun.run(configuration, on: world, launch: launch, library: library, host: host,
                               counter: counter, kernelTrial: trial)
        if var report {
            hooks.serialRerun(&report)
            FileHandle.standardOutput.write(Data(options.format.render(report, perRank: options.perRank).utf8))
            if let serial = report.serial, report.serialMatched == false {
                world.fail("serial rerun counted \(serial.hits) hits but the parallel run counted "
                    + "\(report.estimate.hits); the result cannot be trusted", exitCode: ExitStatus.resultMismatch)
            }
        }
        return finish(world, warned: report.map { !$0.warnings.isEmpty }, options: options)
    }

    /// `--sweep`: the same job on the first 1, 2, 4 ... ranks in turn, one table.
    private static func runSweep(_ sweep: ScalingSweep, _ configuration: RunConfiguration, options: RunOptions,
                                 world: MPIWorld, launch: LaunchEnvironment, library: MPILibrary,
                                 host: HostFacts, counter: RankCounter,
                                 kernelTrial: KernelTrial.Outcome?) -> Int32 {
        guard case .throwCount(let throwCount) = configuration.amount else {
            preconditionFailure("RunOptions.problem refuses --sweep with --target-error")
        }
        let sizes: [Int]
        switch sweep.sizes(worldSize: world.size, throwCount: throwCount) {
        case .success(let fitting): sizes = fitting
        // Every rank knows the job's size, so every rank meets this alike.
        case .failure(let error): return end(world, error.message, speaks: world.isRoot, status: ExitStatus.usage)
        }
        let report = SweepRun.run(configuration, sweep: sweep, sizes: sizes, on: world, launch: launch,
                                  library: library, host: host, counter: counter, kernelTrial: kernelTrial)
        if let report {
            FileHandle.standardOutput.write(Data(options.format.render(report, perRank: options.perRank).utf8))
        }
        return finish(world, warned: report.map { !$0.warnings.isEmpty }, options: options)
    }

    /// The root alone knows the warnings (`warned`, nil elsewhere); every rank
    /// exits with its verdict.
    private static func finish(_ world: MPIWorld, warned: Bool?, options: RunOptions) -> Int32 {
        let failed = options.failOnWarning && world.broadcastFromRoot(warned == true ? 1 : 0) == 1
        let status = failed ? ExitStatus.placementWarning : ExitStatus.success
        world.finalize(exitingWith: status)
        return status
    }

    /// Stops every rank after a check that all of them failed alike. Under a
    /// wrong srun plugin each task is a world of its own, and srun ends the
    /// step at the first failing exit: the silent ranks wait for the speaker's
    /// line as they do before MPI_Init (under load, a silent task on another
    /// node exited first and the line was lost).
    private static func end(_ world: MPIWorld, _ problem: String, speaks: Bool, status: Int32) -> Int32 {
        _ = Diagnostics.failAlike(problem, speaks: speaks, status: status)
        world.finalize(exitingWith: status)
        return status
    }
}
