/// Where one rank ran and how fast it counted: what every rank reports to the
/// root after the run, for the per-rank table and the placement check.
public struct RankPlacement: Equatable, Sendable {
    public var rank: Int
    /// Slurm's node name under srun, else MPI's processor name.
    public var host: String
    /// The CPUs the rank may run on; nil where its OS cannot say.
    public var cpus: CPUSet?
    /// The CPUs its host has online.
    public var hostCPUCount: Int
    public var threads: Int
    /// The kernel it ran (each rank times the shapes on its own core).
    public var kernel: Kernel?
    public var throwsCounted: UInt64
    /// The hits among them (nil where not known, as in older reports' tests).
    public var hits: UInt64?
    /// Time in the kernel: wall time, so time lost to a busy core counts.
    public var seconds: Double
    /// Throws per second its kernel trial measured on one thread before the
    /// start; nil where no trial ran (a kernel named in full).
    public var trialThrowsPerSecond: Double?

    public init(rank: Int, host: String, cpus: CPUSet?, hostCPUCount: Int, threads: Int, kernel: Kernel? = nil,
                throwsCounted: UInt64, hits: UInt64? = nil, seconds: Double, trialThrowsPerSecond: Double? = nil) {
        self.rank = rank
        self.host = host
        self.cpus = cpus
        self.hostCPUCount = hostCPUCount
        self.threads = threads
        self.kernel = kernel
        self.throwsCounted = throwsCounted
        self.hits = hits
        self.seconds = seconds
        self.trialThrowsPerSecond = trialThrowsPerSecond
    }

    public var throwsPerSecond: Double? { seconds > 0 ? Double(throwsCounted) / seconds : nil }

    /// Bound by its launcher to part of its host, rather than free to run anywhere.
    public var isBound: Bool { cpus.map { $0.count < hostCPUCount } ?? false }

    /// "0-3" or "?" where unknown, for messages.
    var cpuList: String { cpus?.list ?? "?" }

    /// How a rank's facts travel to the root in one gather: threads, host CPUs,
    /// the kernel's place in `Kernel.all`, then the affinity mask's words (an
    /// unknown mask travels as no CPU).
    static func encode(threads: Int, hostCPUCount: Int, kernel: Kernel, cpus: CPUSet?) -> [UInt64] {
        [UInt64(threads), UInt64(hostCPUCount), UInt64(Kernel.all.firstIndex(of: kernel) ?? Kernel.all.count)]
            + (cpus ?? CPUSet([])).words
    }

    static func decode(_ words: [UInt64], rank: Int, host: String, throwsCounted: UInt64, hits: UInt64,
                       seconds: Double, trialThrowsPerSecond: Double) -> RankPlacement {
        let cpus = CPUSet(words: Array(words.dropFirst(3)))
        let kernelIndex = Int(words[2])
        return RankPlacement(rank: rank, host: host, cpus: cpus.count > 0 ? cpus : nil, hostCPUCount: Int(words[1]),
                             threads: Int(words[0]),
                             kernel: Kernel.all.indices.contains(kernelIndex) ? Kernel.all[kernelIndex] : nil,
                             throwsCounted: throwsCounted, hits: hits, seconds: seconds,
                             trialThrowsPerSecond: trialThrowsPerSecond > 0 ? trialThrowsPerSecond : nil)
    }
}
