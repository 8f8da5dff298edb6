import ArgumentParser
import Foundation
import PimpiCore
import PimpiKernel

/// The command line: declares the options, checks them, hands off to `PiJob`.
@main
struct Pimpi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pimpi",
        abstract: "Estimate pi by Monte Carlo over MPI, and report how it scales.",
        discussion: """
            Splits the throws across the MPI ranks, sums the hit counts on rank 0, and prints pi, \
            its error, the parallel time and a timed serial rerun. Throw i uses output i+1 of \
            \(SplitMix64.name) seeded with --seed, so a seed gives the same hits on any number of \
            ranks or threads. Launch with `mpirun -np 4 pimpi 1e9` or, under Slurm, `srun pimpi 1e9`.
            """,
        version: PimpiVersion.current)

    @Argument(help: ArgumentHelp("Number of throws: \(ThrowCountArgument.acceptedForms). Default 1e9.",
                                 valueName: "throws"), transform: ThrowCountArgument.parse)
    var throwCount: UInt64?

    // .unconditional: a value such as "-1" is the (bad) seed, not an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the generator: \(SeedArgument.acceptedForms). "
        + "Default \(RunOptions.defaultSeed)."), transform: SeedArgument.parse)
    var seed = RunOptions.defaultSeed

    @Option(help: "Output on stdout: text, json or csv.")
    var format = OutputFormat.text

    @Flag(inversion: .prefixedNo, exclusivity: .exclusive,
          help: "Rerun all throws serially on rank 0 and report speedup and efficiency.")
    var serial = true

    @Option(help: ArgumentHelp("Threads per rank: \(ThreadCountArgument.acceptedForms). auto uses the cores "
        + "given to the rank (SLURM_CPUS_PER_TASK, else its CPU affinity). Default 1.", valueName: "count"),
        transform: ThreadCountArgument.parse)
    var threads = ThreadCount.fixed(1)

    @Option(help: "How throws reach the ranks: static (equal shares) or dynamic (each rank takes the next chunk as it finishes one).")
    var schedule = Schedule.static

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Throws per chunk with --schedule dynamic (default: about 64 chunks per rank).", valueName: "throws"),
        transform: ThrowCountArgument.parse)
    var chunk: UInt64?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Throw in rounds until the standard error of pi is at most this (instead of a throw count).",
        valueName: "error"), transform: TargetErrorArgument.parse)
    var targetError: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --target-error: stop after this many throws even "
        + "if the target is not reached (at least 2^24, the first round; default 1e12).", valueName: "throws"),
        transform: ThrowCountArgument.parse)
    var maxThrows: UInt64?

    @Option(help: "Progress on stderr from rank 0: auto (when stderr is a terminal), always or never.")
    var progress = ProgressMode.auto

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds between progress lines (default 5; 0.5 on a "
        + "terminal). Giving it turns progress on, also in batch output; 0 updates at every check, about every "
        + "2^28 throws.", valueName: "seconds"), transform: ProgressIntervalArgument.parse)
    var progressInterval: Double?

    @Option(help: ArgumentHelp("Kernel: auto (the best level this CPU has, and the loop shape a short trial "
        + "finds fastest), a level (" + KernelVariant.allCases.map(\.rawValue).joined(separator: ", ")
        + "), or LEVEL:SHAPE, e.g. x86-64-v4:8x3-popcount.", valueName: "kernel"))
    var kernel = KernelChoice.auto

    @Flag(help: "End the text summary with a table of where each rank ran and how fast it counted.")
    var perRank = false

    @Flag(help: "Exit \(ExitStatus.placementWarning) on every rank if the placement check warns (after printing).")
    var failOnWarning = false

    @Option(parsing: .unconditional, help: ArgumentHelp("A rank slower per thread than this fraction of the median "
        + "rank is a straggler (default \(PlacementCheck.defaultStragglerFraction); 0: no check).", valueName: "fraction"),
        transform: FractionArgument.parse)
    var stragglerFraction = PlacementCheck.defaultStragglerFraction

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds rank 0 waits for the other ranks' results once "
        + "its own share is done, before it names the missing ranks (a lost node) and ends the job with status "
        + "\(ExitStatus.rankLost). Default: \(Int(RankResults.shortestWaitSeconds)) s, or "
        + "\(Int(RankResults.waitPerOwnSecond)) times rank 0's own counting time if longer.", valueName: "seconds"),
        transform: RankTimeoutArgument.parse)
    var rankTimeout: Double?

    @Option(name: .customLong("repeat"), parsing: .unconditional, help: ArgumentHelp(
        "Time the parallel count this many times (1 to \(RunOptions.maximumRepeat)) and report min, median, max, "
        + "mean and standard deviation; throughput, speedup and efficiency come from the median. Default 1.",
        valueName: "count"))
    var repeatCount = 1

    @Option(name: .customLong("warmup"), parsing: .unconditional, help: ArgumentHelp(
        "Untimed repetitions before the timed ones (reported apart, counted in no figure). Default 0.",
        valueName: "count"))
    var warmupCount = 0

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Scaling table from one launch: the same throws on the first 1, 2, 4 ... ranks of the job (strong, "
        + "also --sweep alone), the same throws per rank (weak, the throw count is per rank), or a list of rank "
        + "counts: 1,2,3,6 or weak:1,2,4.", valueName: "strong|weak|list"), transform: SweepArgument.parse)
    var sweep: ScalingSweep?

    var options: RunOptions {
        RunOptions(throwCount: throwCount, seed: seed, format: format, serial: serial, threads: threads,
                   schedule: schedule, chunk: chunk, targetError: targetError, maxThrows: maxThrows,
                   progress: progress, progressInterval: progressInterval, kernel: kernel, perRank: perRank,
                   failOnWarning: failOnWarning, stragglerFraction: stragglerFraction, rankTimeout: rankTimeout,
                   repeatCount: repeatCount, warmupCount: warmupCount, sweep: sweep)
    }

    func validate() throws {
        if let problem = options.problem(supportedKernels: KernelVariant.supported) {
            throw ValidationError(problem)
        }
    }

    /// Parses and validates before MPI_Init, so a usage error costs no MPI start-up,
    /// and lets only the process that will be rank 0 say so: every rank exits 64.
    static func main() {
        let launch = LaunchEnvironment(variables: ProcessInfo.processInfo.environment)
        do {
            let command = try parse(SweepArgument.withValues(Array(CommandLine.arguments.dropFirst())))
            Foundation.exit(PiJob.run(command.options, launch: launch))
        } catch {
            guard exitCode(for: error) != .success else {
                if launch.isFirstProcess { print(fullMessage(for: error)) }
                Foundation.exit(ExitStatus.success)
            }
            Foundation.exit(Diagnostics.failAlike(
                Diagnostics.oneLine(message(for: error)) + " (see 'pimpi --help')",
                speaks: launch.isFirstProcess, status: ExitStatus.usage, localProcesses: launch.localProcessCount))
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Schedule: ExpressibleByArgument {}
extension ProgressMode: ExpressibleByArgument {}

extension KernelChoice: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { names }
}
