/// How long MPI_Init may take before pimpi gives up on it: a rank that never
/// starts, or is stopped or cut off before its MPI_Init returns, leaves every
/// other rank waiting inside theirs, and MPI_Init cannot be interrupted. The
/// watchdog (`MPIWorld.init`) ends the job when this has passed.
///
/// `--rank-timeout` sets it when given. Otherwise it grows with the job as
/// MPI_Init itself was measured to grow (docs/scaling.md): on 2 cores with
/// 2 to 256 ranks, MPI_Init took about 3 ms × L² under Open MPI (1.9 s with
/// L = 32 ranks per CPU, 11.7 s with 64, 50 s with 128; MPICH less), where L
/// is the ranks sharing each CPU of the node; on a real partition L is 1
/// and the PMI exchange's O(P) term dominates, assumed there at 10 µs per
/// rank. Each term is taken four times (L) and a hundred times (P) over,
/// on top of a minute for a small job on a loaded node or a slow shared file
/// system to start its processes: 60 s for a few ranks, 257 s for 256 ranks
/// on 2 cores (measured 50 s), 160 s for 10⁵ ranks one per core.
enum StartupBound {
    static let baseSeconds = 60.0
    static let secondsPerRank = 1e-3
    static let secondsPerCrowdingSquared = 12e-3

    static func seconds(rankTimeout: Double?, launch: LaunchEnvironment, onlineCPUs: Int) -> Double {
        if let rankTimeout { return rankTimeout }
        let ranksPerCPU = max(Double(launch.localProcessCount) / Double(max(onlineCPUs, 1)), 1)
        return baseSeconds + secondsPerRank * Double(launch.launchSize ?? 1)
            + secondsPerCrowdingSquared * ranksPerCPU * ranksPerCPU
    }
}
