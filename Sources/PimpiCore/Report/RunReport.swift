import PimpiKernel

/// Everything pimpi measured in one run, as the root rank knows it after the
/// reductions; every formatter prints from this and nothing else.
struct RunReport: Equatable, Sendable {
    /// Where and how the run happened.
    struct Context: Equatable, Sendable {
        var pimpiVersion: String
        var mpiLibrary: MPILibrary
        /// The thread support MPI provided (pimpi asks for funneled).
        var mpiThreadLevel: MPIThreadLevel
        var ranks: Int
        /// Distinct processor names, in order of first rank on each.
        var hosts: [String]
        var seed: UInt64
        var generator: String
        /// The kernel rank 0 ran (level and loop shape).
        var kernel: Kernel
        /// What each CPU model ran, and how many ranks found it fastest.
        var kernels: [KernelAgreement.Choice]
        var threadsPerRank: Int
        var schedule: Schedule
        /// The dynamic schedule's chunk size (of the first round); nil for static.
        var chunk: UInt64?
        /// How the dynamic schedule's chunks were taken; nil for static.
        var chunkTaking: Schedule.ChunkTaking?
        /// When and how the run started, the build's commit, the Slurm job.
        var provenance: RunProvenance?
        /// `--duration`: the seconds the throw count was sized for; nil for a
        /// count given.
        var durationSeconds: Double?

        init(pimpiVersion: String = PimpiVersion.current, mpiLibrary: MPILibrary,
                    mpiThreadLevel: MPIThreadLevel = .funneled, ranks: Int,
                    hosts: [String], seed: UInt64, generator: String = SplitMix64.name,
                    kernel: Kernel, kernels: [KernelAgreement.Choice], threadsPerRank: Int = 1,
                    schedule: Schedule = .static,
                    chunk: UInt64? = nil, chunkTaking: Schedule.ChunkTaking? = nil,
                    provenance: RunProvenance? = nil, durationSeconds: Double? = nil) {
            self.pimpiVersion = pimpiVersion
            self.mpiLibrary = mpiLibrary
            self.mpiThreadLevel = mpiThreadLevel
            self.ranks = ranks
            self.hosts = hosts
            self.seed = seed
            self.generator = generator
            self.kernel = kernel
            self.kernels = kernels
            self.threadsPerRank = threadsPerRank
            self.schedule = schedule
            self.chunk = chunk
            self.chunkTaking = chunkTaking
            self.provenance = provenance
            self.durationSeconds = durationSeconds
        }

        var nodes: Int { hosts.count }
    }

    /// The root's timed reruns of all throws on one rank, the other ranks asleep.
    struct SerialRerun: Equatable, Sendable {
        /// Each rerun's hits and time, in the order they ran (one per timed repetition).
        var hitsSamples: [UInt64]
        var secondsSamples: [Double]

        init(hits: [UInt64], seconds: [Double]) {
            precondition(!hits.isEmpty && hits.count == seconds.count)
            hitsSamples = hits
            secondsSamples = seconds
        }

        /// The first rerun's hits (`ResultCheck` holds every rerun to the same).
        var hits: UInt64 { hitsSamples[0] }
        /// The median rerun's time: the speedup's base.
        var seconds: Double { SampleSummary(secondsSamples)!.median }
    }

    /// How a --target-error run ended.
    struct TargetOutcome: Equatable, Sendable {
        var target: PrecisionTarget
        var rounds: Int
        /// False when --max-throws stopped the run first.
        var reached: Bool

        init(target: PrecisionTarget, rounds: Int, reached: Bool) {
            self.target = target
            self.rounds = rounds
            self.reached = reached
        }
    }

    /// `--repeat`/`--warmup`: every repetition's time.
    struct Repetitions: Equatable, Sendable {
        /// The parallel time of each timed repetition, in the order they ran.
        var seconds: [Double]
        /// The parallel time of each warm-up repetition, which no figure uses.
        var warmupSeconds: [Double]
        /// Each rank's kernel time in each timed repetition, [rank][repetition];
        /// nil where ranks × repetitions exceeds `rankSamplesLimit`.
        var rankKernelSeconds: [[Double]]?

        /// Beyond this many values the report would be mostly samples.
        static let rankSamplesLimit = 10_000

        init(seconds: [Double], warmupSeconds: [Double] = [], rankKernelSeconds: [[Double]]? = nil) {
            precondition(!seconds.isEmpty)
            self.seconds = seconds
            self.warmupSeconds = warmupSeconds
            self.rankKernelSeconds = rankKernelSeconds
        }

        var summary: SampleSummary { SampleSummary(seconds)! }
    }

    /// In a `--sweep` row: the run its speedup and efficiency are measured against.
    struct ScalingBase: Equatable, Sendable {
        enum Source: String, Equatable, Sendable {
            /// The sweep's own 1-rank row, measured as every row is.
            case oneRankRow = "1-rank row"
            /// Rank 0's serial rerun, where the sweep has no 1-rank row.
            case serialRerun = "serial rerun"
        }

        var mode: ScalingSweep.Mode
        var source: Source
        /// Its time (the 1-rank row's median, or the serial rerun's).
        var seconds: Double
        /// The cores it used: the 1-rank row's threads, or 1 for the serial rerun.
        var cores: Int

        init(mode: ScalingSweep.Mode, source: Source, seconds: Double, cores: Int) {
            self.mode = mode
            self.source = source
            self.seconds = seconds
            self.cores = cores
        }
    }

    /// `--reference`: the file and the fraction below which a node is named.
    struct ReferenceUse: Equatable, Sendable {
        var path: String
        var fraction: Double
    }

    var context: Context
    var estimate: PiEstimate
    /// The longest span any rank lived from leaving the start barrier to the end
    /// of its part in the hit reduction, each on its own clock: never shorter
    /// than a rank's kernel time. With `--repeat`, the median repetition's.
    var parallelSeconds: Double
    /// Every repetition's time; nil for a single timed run without warm-up.
    var repetitions: Repetitions?
    /// A sweep row's speedup base; nil outside a sweep.
    var scalingBase: ScalingBase?
    /// Where each rank ran, its throws and its time in the kernel, in rank order
    /// (with `--repeat`, in the repetition nearest the median from below).
    var perRank: [RankPlacement]
    /// What the placement check found; empty for a clean run.
    var warnings: [PlacementWarning]
    var serial: SerialRerun?
    /// MPI_Init's duration on the root: the fixed start-up cost outside the timings.
    var mpiInitSeconds: Double
    /// The root's timing of the kernel shapes before the start (nil when
    /// `--kernel` named one): outside the parallel time too.
    var kernelTrial: KernelTrial.Outcome?
    var target: TargetOutcome?
    /// Each host's count, in order of its first rank, with its reference where one was given.
    var nodes: [NodeRate]
    var reference: ReferenceUse?
    /// The level of π's interval (`--confidence`).
    var confidence: Double

    init(context: Context, estimate: PiEstimate, parallelSeconds: Double, perRank: [RankPlacement],
                warnings: [PlacementWarning] = [], serial: SerialRerun?, mpiInitSeconds: Double,
                kernelTrial: KernelTrial.Outcome? = nil, target: TargetOutcome? = nil,
                repetitions: Repetitions? = nil, scalingBase: ScalingBase? = nil, nodes: [NodeRate]? = nil,
                reference: ReferenceUse? = nil, confidence: Double = RunOptions.defaultConfidence) {
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
        self.nodes = nodes ?? NodeCheck.nodes(perRank, reference: nil)
        self.reference = reference
        self.confidence = confidence
    }

    /// π's interval at `confidence` (Wilson's; `PiEstimate.interval`).
    var interval: (low: Double, high: Double) { estimate.interval(confidence: confidence) }

    /// The hosts below their reference, as Slurm writes a host list ("" for
    /// none); nil without `--reference`.
    var drainHostlist: String? {
        reference.map { _ in NodeCheck.drainHostlist(warnings) }
    }

    /// The fastest and slowest rank's time in the kernel alone (load balance).
    var rankSecondsMin: Double { perRank.map(\.seconds).min() ?? 0 }
    var rankSecondsMax: Double { perRank.map(\.seconds).max() ?? 0 }

    /// How many throws each rank counted, in rank order.
    var throwsByRank: [UInt64] { perRank.map(\.throwsCounted) }

    /// Whether the serial rerun found exactly the parallel hit count (nil when skipped).
    var serialMatched: Bool? { serial.map { $0.hits == estimate.hits } }

    /// Serial time over parallel time (nil without a rerun). In a sweep row, the
    /// base's time over this row's; for weak scaling, times the rank count
    /// (this row did that many times the base's throws).
    var speedup: Double? {
        guard parallelSeconds > 0 else { return nil }
        if let scalingBase {
            let ratio = scalingBase.seconds / parallelSeconds
            return scalingBase.mode == .weak ? ratio * Double(context.ranks) : ratio
        }
        return serial.map { $0.seconds / parallelSeconds }
    }

    /// Speedup per core used (ranks × threads per rank), over the cores the
    /// base used (1 for the serial rerun).
    var efficiency: Double? {
        let cores = Double(context.ranks * context.threadsPerRank) / Double(scalingBase?.cores ?? 1)
        return speedup.map { $0 / cores }
    }

    /// Throws per second per rank over the parallel time.
    var throwsPerSecondPerRank: Double? {
        guard parallelSeconds > 0 else { return nil }
        return Double(estimate.throwCount) / parallelSeconds / Double(context.ranks)
    }

    /// Throws per second per core (rank × thread) over the parallel time.
    var throwsPerSecondPerCore: Double? {
        throwsPerSecondPerRank.map { $0 / Double(context.threadsPerRank) }
    }
}
