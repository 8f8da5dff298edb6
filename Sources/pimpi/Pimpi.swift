import ArgumentParser
import Foundation
import PimpiCore
import PimpiKernel

@main
struct Pimpi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pimpi",
        abstract: "Estimate pi by Monte Carlo over MPI, and report how it scales.",
        discussion: """
            Throws darts at the unit square, splits them across the MPI ranks, sums the \
            hit counts on rank 0 and prints pi, its error, the parallel time, and a timed \
            serial rerun on rank 0 with the speedup and efficiency. Only rank 0 prints.

            Random numbers come from \(SplitMix64.name) used as a counter-based generator: \
            throw i uses output i+1 of the SplitMix64 stream seeded with --seed, wherever \
            it is computed. The same seed and throw count therefore give the same hit \
            count on any number of ranks, threads or schedule, and in the serial rerun.

            Launch with `mpirun -np 4 pimpi 1e9` or, in a Slurm allocation, `srun pimpi 1e9`.
            """,
        version: PimpiVersion.current
    )

    @Argument(
        help: ArgumentHelp(
            "Number of throws: \(ThrowCount.acceptedForms). Default 1e9.",
            valueName: "throws"),
        transform: { text in try ThrowCount.parse(text) })
    var throwCount: UInt64?

    // .unconditional: a value such as "-1" is the (bad) seed, not an option.
    @Option(parsing: .unconditional, help: "Seed of the generator: \(SeedValue.acceptedForms). Default \(RunConfiguration.defaultSeed).",
            transform: { text in try SeedValue.parse(text) })
    var seed: UInt64 = RunConfiguration.defaultSeed

    @Option(help: "Output on stdout: text, json or csv.")
    var format: OutputFormat = .text

    @Flag(inversion: .prefixedNo, exclusivity: .exclusive,
          help: "Rerun all throws serially on rank 0 and report speedup and efficiency.")
    var serial = true

    @Option(help: ArgumentHelp(
        "Threads per rank: \(ThreadCount.acceptedForms). auto uses the cores given to the rank "
            + "(SLURM_CPUS_PER_TASK, else its CPU affinity). Default 1.",
        valueName: "count"),
        transform: { text in try ThreadCount.parse(text) })
    var threads: ThreadCount = .fixed(1)

    @Option(help: "How throws reach the ranks: static (equal shares) or dynamic (rank 0 hands out chunks).")
    var schedule: Schedule = .static

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Throws per chunk with --schedule dynamic (default: about 64 chunks per rank).", valueName: "throws"),
        transform: { text in try ThrowCount.parse(text) })
    var chunk: UInt64?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Throw in rounds until the standard error of pi is at most this (instead of a throw count).",
        valueName: "error"),
        transform: { text in try TargetError.parse(text) })
    var targetError: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "With --target-error: stop after this many throws even if the target is not reached "
            + "(at least 2^24, the first round; default 1e12).", valueName: "throws"),
        transform: { text in try ThrowCount.parse(text) })
    var maxThrows: UInt64?

    @Option(help: "Progress on stderr from rank 0: auto (when stderr is a terminal), always or never.")
    var progress: ProgressMode = .auto

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds between progress lines (default 5; 0.5 on a terminal). Giving it turns progress on, "
            + "also in batch output; 0 updates at every check, about every 2^28 throws.",
        valueName: "seconds"),
        transform: { text in try ProgressInterval.parse(text) })
    var progressInterval: Double?

    @Option(help: ArgumentHelp(
        "Kernel build to run: auto (the fastest this CPU supports), "
            + KernelVariant.allCases.map(\.rawValue).joined(separator: ", ") + ".",
        valueName: "variant"))
    var kernel: KernelChoice = .auto

    func validate() throws {
        if let throwCount, targetError != nil {
            throw ValidationError("give either a throw count (\(throwCount)) or --target-error, not both")
        }
        if maxThrows != nil, targetError == nil {
            throw ValidationError("--max-throws goes with --target-error")
        }
        if let maxThrows, let problem = PrecisionTarget.maxThrowsProblem(maxThrows) {
            throw ValidationError(problem)
        }
        if progressInterval != nil, progress == .never {
            throw ValidationError("--progress-interval asks for progress, but --progress is never")
        }
        if chunk != nil, schedule != .dynamic {
            throw ValidationError("--chunk goes with --schedule dynamic")
        }
        if case .variant(let variant) = kernel, !variant.isSupported {
            throw ValidationError(
                "kernel \(variant.rawValue) needs CPU features this machine lacks; supported: "
                    + KernelVariant.supported.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run(launch: LaunchEnvironment) {
        // Before MPI_Init, which can take a while: a job cancelled during start-up
        // gets its one line too. The launcher's rank is known before init.
        StopSignals.install(speaks: launch.isFirstProcess)
        let world = MPIWorld()
        let fault = TestFault(environment: launch.variables)
        if case .failAfterInit(let rank) = fault, rank == world.rank {
            world.fail("injected test fault (\(TestFault.variable))", exitCode: ExitStatus.internalFailure)
        }
        var threadLevel = world.threadLevel
        if case .threadLevel(let level) = fault { threadLevel = level }
        if let problem = launch.srunMisconfiguration(worldSize: world.size, mpiLibrary: MPIWorld.libraryVersion()) {
            // Each task is a world of its own here, so each ends itself; one speaks.
            if launch.isFirstProcess { Diagnostics.error(problem) }
            world.finalize()
            Foundation.exit(ExitStatus.launchMisconfigured)
        }
        let amount: RunConfiguration.Amount = targetError.map {
            .precision(PrecisionTarget(targetError: $0, maxThrows: maxThrows ?? PrecisionTarget.defaultMaxThrows))
        } ?? .throwCount(throwCount ?? ThrowCount.defaultValue)
        let threadCount = threads.resolved(environment: launch.variables)
        if let problem = threadLevel.problem(threads: threadCount) {
            // Every rank has the same level (the lowest), so all stop here alike.
            if world.isRoot { Diagnostics.error(problem) }
            world.finalize()
            Foundation.exit(ExitStatus.threadsUnsupported)
        }
        let configuration = RunConfiguration(
            amount: amount, seed: seed, serialRerun: serial, kernel: kernel.resolved,
            threads: threadCount, schedule: schedule, chunk: chunk,
            progress: progress.display(stderrIsTerminal: isatty(STDERR_FILENO) != 0, interval: progressInterval),
            testFault: fault)
        guard let report = PiRun.run(configuration, on: world, launch: launch) else {
            world.finalize()
            return
        }
        FileHandle.standardOutput.write(Data(format.render(report).utf8))
        if report.serialMatched == false {
            world.fail("serial rerun counted \(report.serial!.hits) hits but the parallel run "
                + "counted \(report.estimate.hits); the result cannot be trusted", exitCode: ExitStatus.resultMismatch)
        }
        world.finalize()
    }

    /// Parses and validates before MPI_Init, so a usage error costs no MPI start-up,
    /// and lets only the process that will be rank 0 say so: every rank exits 64.
    static func main() {
        let launch = LaunchEnvironment(variables: ProcessInfo.processInfo.environment)
        let command: Pimpi
        do {
            command = try parse()
        } catch {
            let code = exitCode(for: error)
            if launch.isFirstProcess {
                if code == .success {
                    print(fullMessage(for: error))
                } else {
                    Diagnostics.error(Diagnostics.oneLine(message(for: error)) + " (see 'pimpi --help')")
                }
            }
            Foundation.exit(code == .success ? 0 : ExitStatus.usage)
        }
        // Without PMIx, Open MPI's MPI_Init would fail on every task with its own banner.
        if let problem = launch.srunMisconfiguration(worldSize: nil, mpiLibrary: MPIWorld.libraryVersion()) {
            if launch.isFirstProcess { Diagnostics.error(problem) }
            Foundation.exit(ExitStatus.launchMisconfigured)
        }
        command.run(launch: launch)
    }
}
