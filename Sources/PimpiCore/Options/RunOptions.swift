import ArgumentParser
import PimpiKernel

/// Everything the command line says, each option declared once with its
/// default and help, as ArgumentParser's option groups are: `pimpi`'s @main
/// takes it whole (`@OptionGroup`). `RunConfiguration` adds what the host and
/// MPI decide, and reads every option from here.
public struct RunOptions: ParsableArguments, Sendable {
    @Argument(help: ArgumentHelp("Number of throws: \(ThrowCountArgument.acceptedForms). Default 1e9.",
                                 valueName: "throws"), transform: ThrowCountArgument.parse)
    var throwCount: UInt64?

    // .unconditional: a value such as "-1" is the (bad) seed, not an option.
    @Option(name: .customLong("seed"), parsing: .unconditional, help: ArgumentHelp(
        "Seed of the generator: \(SeedArgument.acceptedForms). Default \(Self.defaultSeed); with --screen, one "
            + "the run draws and prints.", valueName: "seed"), transform: SeedArgument.parse)
    var givenSeed: UInt64?

    /// The seed a count uses: the one given, else the fixed default, so runs repeat.
    var seed: UInt64 { givenSeed ?? Self.defaultSeed }

    @Option(help: "Output on stdout: text, json or csv.")
    var format = OutputFormat.text

    @Flag(inversion: .prefixedNo, exclusivity: .exclusive,
          help: "Rerun all throws serially on rank 0 and report speedup and efficiency.")
    var serial = true

    @Option(help: ArgumentHelp("Threads per rank: \(ThreadCountArgument.acceptedForms). auto uses the cores "
        + "given to the rank (the fewer of SLURM_CPUS_PER_TASK and its CPU affinity). Default 1.", valueName: "count"),
        transform: ThreadCountArgument.parse)
    var threads = ThreadCount.fixed(1)

    @Option(help: "How throws reach the ranks: static (equal shares) or dynamic (each rank takes the next chunk as it finishes one).")
    var schedule = Schedule.static

    @Option(parsing: .unconditional, help: ArgumentHelp("Count for about this long (\(DurationArgument.acceptedForms)) "
        + "instead of a throw count: the count comes from each rank's measured kernel rate and threads, is fixed "
        + "before the start (so the hits are exact and reproducible for it), and is reported.", valueName: "duration"),
        transform: DurationArgument.parse)
    var duration: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Throws per chunk with --schedule dynamic (default: about 64 chunks per rank).", valueName: "throws"),
        transform: ThrowCountArgument.parse)
    var chunk: UInt64?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Throw in rounds until pi's interval at --confidence is at most this either side (instead of a "
            + "throw count).",
        valueName: "error"), transform: TargetErrorArgument.parse)
    var targetError: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Level of pi's interval (Wilson's) in the report, and "
        + "of --target-error: \(ConfidenceArgument.acceptedForms). Default \(Self.defaultConfidence).",
        valueName: "level"), transform: ConfidenceArgument.parse)
    var confidence = Self.defaultConfidence

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
        + "finds fastest), a level (" + KernelLevel.allCases.map(\.rawValue).joined(separator: ", ")
        + "), or LEVEL:SHAPE, e.g. x86-64-v4:8x3-popcount.", valueName: "kernel"))
    var kernel = KernelChoice.auto

    @Flag(help: "End the text summary with a table of where each rank ran and how fast it counted.")
    var perRank = false

    @Flag(help: ArgumentHelp("End the text summary with a table of each node: its rate per core, clock and cycles "
        + "per throw, and with --reference how it compares."))
    var perNode = false

    @Option(help: ArgumentHelp("A healthy run to compare each node with, by CPU model and kernel: a pimpi --format "
        + "json report, or a reference file from make bench. Nodes below --reference-fraction of it are named, "
        + "with a drain command (printed, never run).", valueName: "file"))
    var reference: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --reference: a node below this fraction of its "
        + "reference's rate per core is named (default \(Self.defaultReferenceFraction); 0: rates only).",
        valueName: "fraction"), transform: FractionArgument.parse)
    var referenceFraction: Double?

    @Flag(help: ArgumentHelp("Exit \(ExitStatus.placementWarning) on every rank if the placement check warns, or "
        + "a node is below its reference or has none (after printing)."))
    var failOnWarning = false

    @Option(parsing: .unconditional, help: ArgumentHelp("A rank slower per thread than this fraction of the median "
        + "rank is a straggler (default \(Self.defaultStragglerFraction); 0: no check).", valueName: "fraction"),
        transform: FractionArgument.parse)
    var stragglerFraction = Self.defaultStragglerFraction

    /// nil: 30 s for every wait, and for MPI_Init a bound from the job's size (`StartupBound`).
    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds a rank waits for the others before it asks "
        + "whether they are still there; a rank that is stopped, hung or cut off (a lost node) is then named, and "
        + "the job ends with status \(ExitStatus.rankLost). Bounds every wait, MPI_Init included. Default: "
        + "\(Int(Self.defaultRankTimeout)) s; for MPI_Init, 60 s or more for large jobs.", valueName: "seconds"),
        transform: RankTimeoutArgument.parse)
    var rankTimeout: Double?

    // ArgumentParser adds "(default: 1)" itself where an option has no transform.
    @Option(name: .customLong("repeat"), parsing: .unconditional, help: ArgumentHelp(
        "Time the parallel count this many times (1 to \(Self.maximumRepeat)) and report min, median, max, "
        + "mean and standard deviation; throughput, speedup and efficiency come from the median.",
        valueName: "count"))
    var repeatCount = 1

    @Option(name: .customLong("warmup"), parsing: .unconditional, help: ArgumentHelp(
        "Untimed repetitions before the timed ones (reported apart, counted in no figure).",
        valueName: "count"))
    var warmupCount = 0

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Scaling table from one launch: the same throws on the first 1, 2, 4 ... ranks of the job (strong, "
        + "also --sweep alone), the same throws per rank (weak, the throw count is per rank), or a list of rank "
        + "counts: 1,2,3,6 or weak:1,2,4.", valueName: "strong|weak|list"), transform: SweepArgument.parse)
    var sweep: ScalingSweep?

    @Option(parsing: .unconditional, help: ArgumentHelp("Screen this node alone, with no MPI job around it: "
        + "each CPU it was given counts blocks of throws for this long (\(DurationArgument.acceptedForms)), "
        + "every block on two cores, compared; a core that counts wrong or slows down is named, and the node "
        + "exits \(ExitStatus.nodeJudgedBad). One line, or --format json.", valueName: "duration"),
        transform: DurationArgument.parse)
    var screen: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --screen: a core or socket whose clock or rate "
        + "fell by more than this fraction, from the first samples to the last, is throttled (default "
        + "\(Self.defaultThrottleFraction); 0: no check).", valueName: "fraction"), transform: FractionArgument.parse)
    var throttleFraction: Double?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Merge node verdicts (pimpi --screen --format json: one "
        + "per file, or one per line) into the nodes to drain and the scontrol line to drain them; counts nothing.",
        valueName: "file"))
    var collect: [String] = []

    @Option(help: ArgumentHelp("Also append the report, as one JSON line, to this file (made if missing), "
        + "whatever --format prints: a site's record of every run, which bench/trend.py draws.", valueName: "file"))
    var appendTo: String?

    public init() {}

    /// Without a count: 10⁹ throws, as in the course's example.
    static let defaultThrowCount: UInt64 = 1_000_000_000
    /// Without --confidence: 95 %, the level error bars are read at in most
    /// sciences; one standard error, what --target-error meant before, is
    /// only 68 %: the true error exceeded it in a third of runs.
    static let defaultConfidence = 0.95
    /// Without --seed: a fixed value, so runs are repeatable.
    static let defaultSeed: UInt64 = 1_234_567
    /// A rank whose rate per thread is below this fraction of the median rank's
    /// is a straggler. Measured here: 30 runs of 2 ranks bound to their own
    /// cores on an idle machine spread by at most 3.7 % (slowest over fastest
    /// 0.963 to 1.000, median 0.987); a rank sharing its core with one busy
    /// process runs at about half speed. 0.8 is five times the worst spread
    /// seen, and well above one half.
    static let defaultStragglerFraction = 0.8
    /// Below this fraction of its reference, a node is named. Healthy nodes of
    /// one model spread by a few percent (here 0.96 to 1.00 between idle
    /// cores, and vendors bin parts within a few percent), while the faults an
    /// acceptance run looks for cost 15 % or more: a power-saving profile or a
    /// capped package 15-40 %, a stuck or minimum clock half or more, a
    /// shared or throttled core half. 0.9 sits between.
    static let defaultReferenceFraction = 0.9
    /// Without --rank-timeout, how long a rank waits before its roll call:
    /// longer than a launcher's own keepalive or a node's hiccup, short
    /// enough that a lost node is reported while someone looks. A rank that
    /// answers is never given up on, however slow, so this bounds the time to
    /// find a rank that is gone, not the run.
    static let defaultRankTimeout = 30.0
    /// With --screen, a fall of clock or rate larger than this from the first
    /// samples to the last is throttling. A core held at its power or thermal
    /// limit (PROCHOT, a failed fan, a clogged heat sink) drops to its base
    /// clock or below, a third or more under its all-core turbo; a healthy
    /// Intel package that runs out of its turbo time budget (PL2 to PL1)
    /// loses up to about a fifth, by design. On the test VMs the rate in CPU
    /// time of a healthy core moved by up to 30 % for seconds while the
    /// host's other guests used its sibling thread (docs/acceptance.md): there
    /// a larger fraction is needed.
    static let defaultThrottleFraction = 0.25
    /// More repetitions than anyone needs for a median; a typo's 1e6 would run for days.
    static let maximumRepeat = 1000

    /// Refuses contradicting options before MPI_Init, so a usage error costs no
    /// MPI start-up.
    public func validate() throws {
        if let problem = problem(supportedKernels: KernelLevel.supported) {
            throw ValidationError(problem)
        }
    }

    /// The first way these options contradict each other or the CPU, or nil.
    func problem(supportedKernels: [KernelLevel]) -> String? {
        if let problem = screenProblem() { return problem }
        if let throwCount, targetError != nil {
            return "give either a throw count (\(throwCount)) or --target-error, not both"
        }
        if let problem = durationProblem() { return problem }
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
        if referenceFraction != nil, reference == nil {
            return "--reference-fraction goes with --reference"
        }
        if progressInterval != nil, progress == .never {
            return "--progress-interval asks for progress, but --progress is never"
        }
        let level = kernel.level(best: KernelLevel.best(of: supportedKernels))
        if !supportedKernels.contains(level) {
            return "kernel \(level.rawValue) needs CPU features this machine lacks; supported: "
                + supportedKernels.map(\.rawValue).joined(separator: ", ")
        }
        return nil
    }
}

extension RunOptions {
    /// What --duration refuses: it sizes the count itself, from one run's
    /// rates, so it replaces a throw count and --target-error. With a sweep,
    /// only a weak one: each rank counts for the time in every row; a strong
    /// sweep's 1-rank row would take as long as the job has ranks.
    func durationProblem() -> String? {
        guard duration != nil else { return nil }
        let others = [("a throw count", throwCount != nil), ("--target-error", targetError != nil)]
        if let other = others.first(where: \.1) {
            return "--duration sizes the throw count itself; \(other.0) does not go with it"
        }
        if let sweep, sweep.mode != .weak {
            return "--duration goes with --sweep weak (each rank counts for that long in every row), not a strong "
                + "sweep, whose 1-rank row counts the whole job's throws"
        }
        return nil
    }

    /// --screen or --collect: the node judged on its own, no MPI job.
    public var checksNodeAlone: Bool { screen != nil || !collect.isEmpty }

    /// What --screen and --collect refuse: both work on their own, without a
    /// count or an MPI job, so the options of a count do not go with them.
    func screenProblem() -> String? {
        if throttleFraction != nil, screen == nil {
            return "--throttle-fraction goes with --screen"
        }
        if !collect.isEmpty {
            let others = [("--screen", screen != nil), ("a throw count", throwCount != nil), ("--duration", duration != nil),
                          ("--reference", reference != nil), ("--format csv", format == .csv),
                          ("--append-to", appendTo != nil)]
            if let other = others.first(where: \.1) { return "--collect reads verdicts; \(other.0) does not go with it" }
            return nil
        }
        guard screen != nil else { return nil }
        let countOptions = [
            ("a throw count", throwCount != nil), ("--duration", duration != nil), ("--target-error", targetError != nil),
            ("--max-throws", maxThrows != nil), ("--sweep", sweep != nil), ("--repeat", repeatCount != 1),
            ("--warmup", warmupCount != 0), ("--schedule dynamic", schedule == .dynamic), ("--chunk", chunk != nil),
            ("--threads", threads != .fixed(1)), ("--per-rank", perRank), ("--per-node", perNode),
            ("--format csv", format == .csv), ("--progress-interval", progressInterval != nil),
        ]
        if let other = countOptions.first(where: \.1) {
            return "--screen runs one thread on each CPU of this node for a time; \(other.0) does not go with it"
        }
        return nil
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Schedule: ExpressibleByArgument {}
extension ProgressMode: ExpressibleByArgument {}

extension KernelChoice: ExpressibleByArgument {
    init?(argument: String) { self.init(name: argument) }
    static var allValueStrings: [String] { names }
}
