/// Where one rank ran and how fast it counted, as the root knows it after
/// the run: for the per-rank table and the placement check.
struct RankPlacement: Equatable, Sendable {
    var rank: Int
    /// Slurm's node name under srun, else MPI's processor name.
    var host: String
    var cpuModel: String
    /// The CPUs the rank may run on; nil where its OS cannot say.
    var cpus: NumberSet?
    /// The CPUs its host has online.
    var hostCPUCount: Int
    /// The cores, NUMA nodes and sockets its CPUs reach, and how many its
    /// host has; nil where hwloc could not read its node.
    var reach: NodeTopology.Reach? = nil
    var hostSize: NodeTopology.Size? = nil
    var threads: Int
    /// Whether `--threads auto` chose `threads`.
    var threadsAuto = false
    /// Where each thread was pinned; empty where the OS placed them.
    var threadPlaces: [ThreadPlace] = []
    /// The kernel it ran: its CPU model's (`KernelAgreement`).
    var kernel: Kernel
    var throwsCounted: UInt64
    var hits: UInt64
    /// Time in the kernel: wall time, so time lost to a busy core counts.
    var seconds: Double
    /// Throws per second its kernel trial measured for `kernel` on one thread
    /// before the start; nil where no trial ran (a kernel named in full).
    var trialThrowsPerSecond: Double?
    /// Its core's clock, counted before the start (`CoreClock`); nil where unknown.
    var clockHz: Double? = nil

    var throwsPerSecond: Double? { seconds > 0 ? Double(throwsCounted) / seconds : nil }

    /// Bound by its launcher to part of its host, rather than free to run anywhere.
    var isBound: Bool { cpus.map { $0.count < hostCPUCount } ?? false }

    /// "0-3" or "?" where unknown, for messages.
    var cpuList: String { cpus?.list ?? "?" }

    /// The cores its threads may use: its CPUs' cores, or its CPUs where
    /// hwloc could not say (one thread per core saturates a core with this
    /// kernel, so idle and crowded are counted in cores).
    var coreCount: Int? { reach?.cores.count ?? cpus?.count }

    /// The NUMA nodes and sockets its threads run on: the pinned CPUs', else
    /// all its CPUs reach.
    var threadNUMANodes: NumberSet? {
        threadPlaces.isEmpty ? reach?.numaNodes : NumberSet(threadPlaces.compactMap(\.place.numaNode))
    }
    var threadSockets: NumberSet? {
        threadPlaces.isEmpty ? reach?.sockets : NumberSet(threadPlaces.compactMap(\.place.socket))
    }
}
