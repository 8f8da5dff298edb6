import PimpiKernel

/// What one run of pimpi is asked to do.
public struct RunConfiguration: Equatable, Sendable {
    public var throwCount: UInt64
    public var seed: UInt64
    public var serialRerun: Bool
    public var kernel: KernelVariant
    /// Set only by pimpi's tests (see `TestFault`).
    public var testFault: TestFault?

    public init(throwCount: UInt64, seed: UInt64, serialRerun: Bool, kernel: KernelVariant,
                testFault: TestFault? = nil) {
        self.throwCount = throwCount
        self.seed = seed
        self.serialRerun = serialRerun
        self.kernel = kernel
        self.testFault = testFault
    }
}

/// The parallel Monte Carlo run, executed by every rank.
public enum PiRun {
    /// Splits the throws, counts hits on every rank, sums them on the root, and
    /// reruns everything serially on the root for comparison. Returns the report
    /// on the root and nil on every other rank.
    /// Nodes are named by Slurm where srun launched the rank, else by MPI.
    public static func run(_ configuration: RunConfiguration, on world: MPIWorld,
                           launch: LaunchEnvironment) -> RunReport? {
        let hostsByRank = world.gatherOnRoot(launch.slurmNodeName ?? world.processorName())
        let split = WorkSplit(totalThrows: configuration.throwCount, rankCount: world.size)
        let myThrows = split.range(ofRank: world.rank)

        // The clock starts when every rank is ready, and stops on the root once the
        // total is there: launch and MPI_Init are not part of the parallel time.
        world.barrier()
        let start = world.wallTime()
        let myHits = configuration.kernel.countHits(seed: configuration.seed, range: myThrows)
        let myKernelSeconds = world.wallTime() - start
        let totalHits = world.sumOnRoot(myHits)
        let parallelSeconds = world.wallTime() - start
        let kernelSeconds = world.minAndMaxOnRoot(myKernelSeconds)

        guard world.isRoot else { return nil }

        var serial: RunReport.SerialRerun?
        if configuration.serialRerun {
            let serialStart = world.wallTime()
            var hits = configuration.kernel.countHits(
                seed: configuration.seed, range: ThrowRange(first: 0, count: configuration.throwCount))
            if configuration.testFault == .serialMismatch { hits &+= 1 }
            serial = RunReport.SerialRerun(hits: hits, seconds: world.wallTime() - serialStart)
        }

        var seen = Set<String>()
        let distinctHosts = hostsByRank.filter { seen.insert($0).inserted }
        let context = RunReport.Context(
            mpiLibrary: MPIWorld.libraryVersion(), ranks: world.size, hosts: distinctHosts,
            seed: configuration.seed, kernel: configuration.kernel)
        return RunReport(
            context: context,
            estimate: PiEstimate(throwCount: configuration.throwCount, hits: totalHits),
            parallelSeconds: parallelSeconds,
            rankSecondsMin: kernelSeconds.min, rankSecondsMax: kernelSeconds.max,
            serial: serial,
            mpiInitSeconds: world.initSeconds)
    }
}

extension RunConfiguration {
    /// The seed used when none is given: a fixed value, so runs are repeatable.
    public static let defaultSeed: UInt64 = 1_234_567
}
