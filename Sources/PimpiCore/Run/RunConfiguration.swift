import PimpiKernel

/// What one run of pimpi is asked to do.
public struct RunConfiguration: Equatable, Sendable {
    /// How many throws: a fixed count, or rounds until a precision is reached.
    public enum Amount: Equatable, Sendable {
        case throwCount(UInt64)
        case precision(PrecisionTarget)
    }

    public var amount: Amount
    public var seed: UInt64
    public var serialRerun: Bool
    public var kernel: Kernel
    public var threads: Int
    public var schedule: Schedule
    /// Chunk size for the dynamic schedule; nil picks `Schedule.defaultChunk`.
    public var chunk: UInt64?
    /// How rank 0 shows progress on stderr; nil for not at all.
    public var progress: ProgressDisplay?
    /// The placement check's straggler threshold (0: no straggler check).
    public var stragglerFraction: Double
    /// `--rank-timeout`: rank 0's wait for the others' results; nil derives it.
    public var rankTimeout: Double?
    /// How often the parallel count runs: warm-up, then timed.
    public var repetitions: Repetitions
    /// `--sweep`: the run on several rank counts in turn; nil runs on all ranks once.
    public var sweep: ScalingSweep?

    /// How many times the parallel count runs.
    public struct Repetitions: Equatable, Sendable {
        public var timed: Int
        public var warmup: Int

        public init(timed: Int = 1, warmup: Int = 0) {
            self.timed = timed
            self.warmup = warmup
        }

        public static let once = Repetitions()
    }

    public init(amount: Amount, seed: UInt64, serialRerun: Bool, kernel: Kernel, threads: Int = 1,
                schedule: Schedule = .static, chunk: UInt64? = nil, progress: ProgressDisplay? = nil,
                stragglerFraction: Double = PlacementCheck.defaultStragglerFraction, rankTimeout: Double? = nil,
                repetitions: Repetitions = .once, sweep: ScalingSweep? = nil) {
        self.amount = amount
        self.seed = seed
        self.serialRerun = serialRerun
        self.kernel = kernel
        self.threads = threads
        self.schedule = schedule
        self.chunk = chunk
        self.progress = progress
        self.stragglerFraction = stragglerFraction
        self.rankTimeout = rankTimeout
        self.repetitions = repetitions
        self.sweep = sweep
    }
}
