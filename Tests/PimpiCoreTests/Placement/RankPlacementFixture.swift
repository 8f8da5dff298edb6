@testable import PimpiCore

extension RankPlacement {
    /// A rank as a test describes it; what it leaves out (the CPU model, the
    /// kernel, the hits) plays no part in what it checks.
    static func fixture(rank: Int, host: String, cpus: NumberSet?, hostCPUCount: Int, threads: Int,
                        kernel: Kernel = Kernel(name: "baseline:16x1-lanes")!, throwsCounted: UInt64, hits: UInt64 = 0,
                        seconds: Double, trialThrowsPerSecond: Double? = nil,
                        cpuModel: String = "Test CPU") -> RankPlacement {
        RankPlacement(rank: rank, host: host, cpuModel: cpuModel, cpus: cpus, hostCPUCount: hostCPUCount,
                      threads: threads, kernel: kernel, throwsCounted: throwsCounted, hits: hits, seconds: seconds,
                      trialThrowsPerSecond: trialThrowsPerSecond)
    }
}
