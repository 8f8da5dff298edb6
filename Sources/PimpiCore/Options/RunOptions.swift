/// Everything the command line says, as plain values: what `pimpi`'s @main
/// parsed, before anything about the host or MPI is known.
public struct RunOptions: Equatable, Sendable {
    public var throwCount: UInt64?
    public var seed: UInt64
    public var format: OutputFormat
    public var serial: Bool
    public var threads: ThreadCount
    public var schedule: Schedule
    public var chunk: UInt64?
    public var targetError: Double?
    public var maxThrows: UInt64?
    public var progress: ProgressMode
    public var progressInterval: Double?
    public var kernel: KernelChoice
    /// The text summary ends with a table of the ranks.
    public var perRank: Bool
    /// A placement warning makes every rank exit `ExitStatus.placementWarning`.
    public var failOnWarning: Bool
    public var stragglerFraction: Double
    /// How long rank 0 waits for the others' results after its own share; nil
    /// derives it from its counting time (`RankResults`).
    public var rankTimeout: Double?
    /// `--repeat`: timed repetitions of the parallel count.
    public var repeatCount: Int
    /// `--warmup`: untimed repetitions before them.
    public var warmupCount: Int
    /// `--sweep`: the run on several rank counts of the job, one after another.
    public var sweep: ScalingSweep?

    /// More repetitions than anyone needs for a median; a typo's 1e6 would run for days.
    public static let maximumRepeat = 1000

    /// Without a count: 10⁹ throws, as in the course's example.
    public static let defaultThrowCount: UInt64 = 1_000_000_000
    /// Without --seed: a fixed value, so runs are repeatable.
    public static let defaultSeed: UInt64 = 1_234_567

    public init(throwCount: UInt64? = nil, seed: UInt64 = defaultSeed, format: OutputFormat = .text,
                serial: Bool = true, threads: ThreadCount = .fixed(1), schedule: Schedule = .static,
                chunk: UInt64? = nil, targetError: Double? = nil, maxThrows: UInt64? = nil,
                progress: ProgressMode = .auto, progressInterval: Double? = nil, kernel: KernelChoice = .auto,
                perRank: Bool = false, failOnWarning: Bool = false,
                stragglerFraction: Double = PlacementCheck.defaultStragglerFraction, rankTimeout: Double? = nil,
                repeatCount: Int = 1, warmupCount: Int = 0, sweep: ScalingSweep? = nil) {
        self.throwCount = throwCount
        self.seed = seed
        self.format = format
        self.serial = serial
        self.threads = threads
        self.schedule = schedule
        self.chunk = chunk
        self.targetError = targetError
        self.maxThrows = maxThrows
        self.progress = progress
        self.progressInterval = progressInterval
        self.kernel = kernel
        self.perRank = perRank
        self.failOnWarning = failOnWarning
        self.stragglerFraction = stragglerFraction
        self.rankTimeout = rankTimeout
        self.repeatCount = repeatCount
        self.warmupCount = warmupCount
        self.sweep = sweep
    }

    /// The first way these options contradict each other or the CPU, or nil.
    public func problem(supportedKernels: [KernelVariant]) -> String? {
        if let throwCount, targetError != nil {
            return "give either a throw count (\(throwCount)) or --target-error, not both"
        }
        if maxThrows != nil, targetError == nil {
            return "--max-throws goes with --target-error"
        }
        if let maxThrows, let problem = PrecisionTarget.maxThrowsProblem(maxThrows) {
            return problem
        }
        if chunk != nil, schedule != .dynamic {
            return "--chunk goes with --schedule dynamic"
        }
        if repeatCount < 1 || repeatCount > Self.maximumRepeat {
            return "--repeat must be from 1 to \(Self.maximumRepeat), not \(repeatCount)"
        }
        if warmupCount < 0 || warmupCount > Self.maximumRepeat {
            return "--warmup must be from 0 to \(Self.maximumRepeat), not \(warmupCount)"
        }
        if targetError != nil, repeatCount > 1 || warmupCount > 0 || sweep != nil {
            return "--target-error decides its own throw count; --repeat, --warmup and --sweep need a fixed one"
        }
        if sweep?.mode == .weak, schedule == .dynamic {
            return "--sweep weak checks each rank's fixed share of throws; use it with --schedule static"
        }
        if progressInterval != nil, progress == .never {
            return "--progress-interval asks for progress, but --progress is never"
        }
        let level = kernel.level(best: supportedKernels.last ?? .baseline)
        if !supportedKernels.contains(level) {
            return "kernel \(level.rawValue) needs CPU features this machine lacks; supported: "
                + supportedKernels.map(\.rawValue).joined(separator: ", ")
        }
        return nil
    }

    /// The run these options ask for on this host, launched this way, with
    /// `kernel` (what `KernelTrial.resolve` made of the `--kernel` choice).
    public func configuration(launch: LaunchEnvironment, host: HostFacts, kernel: Kernel) -> RunConfiguration {
        let amount: RunConfiguration.Amount = targetError.map {
            .precision(PrecisionTarget(targetError: $0, maxThrows: maxThrows ?? PrecisionTarget.defaultMaxThrows))
        } ?? .throwCount(throwCount ?? Self.defaultThrowCount)
        return RunConfiguration(
            amount: amount, seed: seed, serialRerun: serial, kernel: kernel,
            threads: threads.resolved(environment: launch.variables, affinityCPUCount: host.affinityCPUCount),
            schedule: schedule, chunk: chunk,
            progress: progress.display(stderrIsTerminal: host.stderrIsTerminal, interval: progressInterval),
            stragglerFraction: stragglerFraction, rankTimeout: rankTimeout,
            repetitions: RunConfiguration.Repetitions(timed: repeatCount, warmup: warmupCount), sweep: sweep)
    }
}
