import PimpiKernel

/// Everything pimpi measured in one run, as the root rank knows it after the
/// reductions; every formatter prints from this and nothing else.
public struct RunReport: Equatable, Sendable {
    /// Where and how the run happened.
    public struct Context: Equatable, Sendable {
        public var pimpiVersion: String
        public var mpiLibrary: MPILibrary
        /// The thread support MPI provided (pimpi asks for funneled).
        public var mpiThreadLevel: MPIThreadLevel
        public var ranks: Int
        /// Distinct processor names, in order of first rank on each.
        public var hosts: [String]
        public var seed: UInt64
        public var generator: String
        /// The kernel rank 0 ran (level and loop shape).
        public var kernel: Kernel
        public var threadsPerRank: Int
        public var schedule: Schedule
        /// The dynamic schedule's chunk size (of the first round); nil for static.
        public var chunk: UInt64?
        /// How the dynamic schedule's chunks were taken; nil for static.
        public var chunkTaking: Schedule.ChunkTaking?

        public init(pimpiVersion: String = PimpiVersion.current, mpiLibrary: MPILibrary,
                    mpiThreadLevel: MPIThreadLevel = .funneled, ranks: Int,
                    hosts: [String], seed: UInt64, generator: String = SplitMix64.name,
                    kernel: Kernel, threadsPerRank: Int = 1, schedule: Schedule = .static,
                    chunk: UInt64? = nil, chunkTaking: Schedule.ChunkTaking? = nil) {
            self.pimpiVersion = pimpiVersion
            self.mpiLibrary = mpiLibrary
            self.mpiThreadLevel = mpiThreadLevel
            self.ranks = ranks
            self.hosts = hosts
            self.seed = seed
            self.generator = generator
            self.kernel = kernel
            self.threadsPerRank = threadsPerRank
            self.schedule = schedule
            self.chunk = chunk
            self.chunkTaking = chunkTaking
        }

        public var nodes: Int { hosts.count }
    }

    /// The root's timed rerun of all throws on one rank.
    public struct SerialRerun: Equatable, Sendable {
        public var hits: UInt64
        public var seconds: Double

        public init(hits: UInt64, seconds: Double) {
            self.hits = hits
            self.seconds = seconds
        }
    }

    /// How a --target-error run ended.
    public struct TargetOutcome: Equatable, Sendable {
        public var target: PrecisionTarget
        public var rounds: Int
        /// False when --max-throws stopped the run first.
        public var reached: Bool

        public init(target: PrecisionTarget, rounds: Int, reached: Bool) {
            self.target = target
            self.rounds = rounds
            self.reached = reached
        }
    }

    /// `--repeat`/`--warmup`: every repetition's time.
    public struct Repetitions: Equatable, Sendable {
        /// The parallel time of each timed repetition, in the order they ran.
        public var seconds: [Double]
        /// The parallel time of each warm-up repetition, which no figure uses.
        public var warmupSeconds: [Double]
        /// Each rank's kernel time in each timed repetition, [rank][repetition];
        /// nil where ranks × repetitions exceeds `rankSamplesLimit`.
        public var rankKernelSeconds: [[Double]]?

        /// Beyond this many values the report would be mostly samples.
        public static let rankSamplesLimit = 10_000

        public init(seconds: [Double], warmupSeconds: [Double] = [], rankKernelSeconds: [[Double]]? = nil) {
            precondition(!seconds.isEmpty)
            self.seconds = seconds
            self.warmupSeconds = warmupSeconds
            self.rankKernelSeconds = rankKernelSeconds
        }

        public var summary: SampleSummary { SampleSummary(seconds)! }
    }

    /// In a `--sweep` row: the run its speedup and efficiency are measured against.
    public struct ScalingBase: Equatable, Sendable {
        public enum Source: String, Equatable, Sendable {
            /// The sweep's own 1-rank row, measured as every row is.
            case oneRankRow = "1-rank row"
            /// Rank 0's serial rerun, where the sweep has no 1-rank row.
            case serialRerun = "serial rerun"
        }

        public var mode: ScalingSweep.Mode
        public var source: Source
        /// Its time (the 1-rank row's median, or the serial rerun's).
        public var seconds: Double
        /// The cores it used: the 1-rank row's threads, or 1 for the serial rerun.
        public var cores: Int

        public init(mode: ScalingSweep.Mode, source: Source, seconds: Double, cores: Int) {
            self.mode = mode
            self.source = source
            self.seconds = seconds
            self.cores = cores
        }
    }

    public var context: Context
    public var estimate: PiEstimate
    /// The longest span any rank lived from leaving the start barrier to the end
    /// of its part in the hit reduction, each on its own clock: never shorter
    /// than a rank's kernel time. With `--repeat`, the median repetition's.
    public var parallelSeconds: Double
    /// Every repetition's time; nil for a single timed run without warm-up.
    public var repetitions: Repetitions?
    /// A sweep row's speedup base; nil outside a sweep.
    public var scalingBase: ScalingBase?
    /// Where each rank ran, its throws and its time in the kernel, in rank order
    /// (with `--repeat`, in the repetition nearest the median from below).
    public var perRank: [RankPlacement]
    /// What the placement check found; empty for a clean run.
    public var warnings: [PlacementWarning]
    public var serial: SerialRerun?
    /// MPI_Init's duration on the root: the fixed start-up cost outside the timings.
    public var mpiInitSeconds: Double
    /// The root's timing of the kernel shapes before the start (nil when
    /// `--kernel` named one): outside the parallel time too.
    public var kernelTrial: KernelTrial.Outcome?
    public var target: TargetOutcome?

    public init(context: Context, estimate: PiEstimate, parallelSeconds: Double, perRank: [RankPlacement],
                warnings: [PlacementWarning] = [], serial: SerialRerun?, mpiInitSeconds: Double,
                kernelTrial: KernelTrial.Outcome? = nil, target: TargetOutcome? = nil,
                repetitions: Repetitions? = nil, scalingBase: ScalingBase? = nil) {
        self.context = context
        self.estimate = estimate
        self.parallelSeconds = parallelSeconds
        self.perRank = perRank
        self.warnings = warnings
        self.serial = serial
        self.mpiInitSeconds = mpiInitSeconds
        self.kernelTrial = kernelTrial
        self.target = target
        self.repetitions = repetitions
        self.scalingBase = scalingBase
    }

    /// The fastest and slowest rank's time in the kernel alone (load balance).
    public var rankSecondsMin: Double { perRank.map(\.seconds).min() ?? 0 }
    public var rankSecondsMax: Double { perRank.map(\.seconds).max() ?? 0 }

    /// How many throws each rank counted, in rank order.
    public var throwsByRank: [UInt64] { perRank.map(\.throwsCounted) }

    /// Whether the serial rerun found exactly the parallel hit count (nil when skipped).
    public var serialMatched: Bool? { serial.map { $0.hits == estimate.hits } }

    /// Serial time over parallel time (nil without a rerun). In a sweep row, the
    /// base's time over this row's; for weak scaling, times the rank count
    /// (this row did that many times the base's throws).
    public var speedup: Double? {
        guard parallelSeconds > 0 else { return nil }
        if let scalingBase {
            let ratio = scalingBase.seconds / parallelSeconds
            return scalingBase.mode == .weak ? ratio * Double(context.ranks) : ratio
        }
        return serial.map { $0.seconds / parallelSeconds }
    }

    /// Speedup per core used (ranks × threads per rank), over the cores the
    /// base used (1 for the serial rerun).
    public var efficiency: Double? {
        let cores = Double(context.ranks * context.threadsPerRank) / Double(scalingBase?.cores ?? 1)
        return speedup.map { $0 / cores }
    }

    /// Throws per second per rank over the parallel time.
    public var throwsPerSecondPerRank: Double? {
        guard parallelSeconds > 0 else { return nil }
        return Double(estimate.throwCount) / parallelSeconds / Double(context.ranks)
    }

    /// Throws per second per core (rank × thread) over the parallel time.
    public var throwsPerSecondPerCore: Double? {
        throwsPerSecondPerRank.map { $0 / Double(context.threadsPerRank) }
    }
}
