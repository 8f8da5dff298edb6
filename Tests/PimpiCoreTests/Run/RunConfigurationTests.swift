import PimpiCore
import PimpiKernel
import Testing

@Suite("From options to a run configuration")
struct RunConfigurationTests {
    static let host = HostFacts(stderrIsTerminal: false, affinity: CPUSet(0 ..< 4), onlineCPUCount: 8,
                                supportedKernels: [.baseline, .x86_64_v3])
    static let slurm = LaunchEnvironment(variables: ["SLURM_CPUS_PER_TASK": "8"])
    static let kernel = Kernel(level: .x86_64_v3, shape: KernelShape(lanes: 16, chains: 2, tally: .laneCounters))

    static func configuration(_ arguments: [String], launch: LaunchEnvironment = slurm) throws -> RunConfiguration {
        RunConfiguration(try RunOptions.parse(arguments), launch: launch, host: host, kernel: kernel)
    }

    @Test("defaults: 1e9 throws, one thread, the resolved kernel, no progress in a log, one timed count")
    func defaults() throws {
        let configuration = try Self.configuration([])
        #expect(configuration.amount == .throwCount(1_000_000_000))
        #expect(configuration.kernel == Self.kernel && configuration.threads == 1 && configuration.progress == nil)
        #expect(configuration.repetitions == RunConfiguration.Repetitions(timed: 1, warmup: 0))
        #expect(configuration.seed == RunOptions.defaultSeed && configuration.serial)
    }

    @Test("every option is read through it as the command line gave it")
    func options() throws {
        let configuration = try Self.configuration(
            ["5", "--seed", "9", "--no-serial", "--threads", "auto", "--schedule", "dynamic", "--chunk", "3",
             "--progress", "always", "--progress-interval", "2", "--straggler-fraction", "0.5",
             "--rank-timeout", "7", "--repeat", "5", "--warmup", "2"])
        #expect(configuration.amount == .throwCount(5))
        #expect(configuration.seed == 9 && !configuration.serial && configuration.threads == 8)
        #expect(configuration.schedule == .dynamic && configuration.chunk == 3)
        #expect(configuration.progress == ProgressDisplay(onTerminal: false, interval: 2))
        #expect(configuration.stragglerFraction == 0.5 && configuration.rankTimeout == 7)
        #expect(configuration.repetitions == RunConfiguration.Repetitions(timed: 5, warmup: 2))
        let sweep = try Self.configuration(["--sweep", "weak:1,2"])
        #expect(sweep.sweep == ScalingSweep(mode: .weak, sizes: [1, 2]))
    }

    @Test("a sweep row may change what it runs without touching the options it came from")
    func rowChanges() throws {
        var row = try Self.configuration(["1e6"])
        row.serial = false
        row.amount = .throwCount(7)
        #expect(!row.options.serial && row.amount == .throwCount(7))
        #expect(try Self.configuration(["1e6"]).serial)
    }

    @Test("a target error becomes rounds with the default cap unless one is given")
    func precision() throws {
        #expect(try Self.configuration(["--target-error", "1e-4", "--max-throws", "1073741824"]).amount
            == .precision(PrecisionTarget(targetError: 1e-4, maxThrows: 1 << 30)))
        #expect(try Self.configuration(["--target-error", "1e-4"]).amount
            == .precision(PrecisionTarget(targetError: 1e-4, maxThrows: PrecisionTarget.defaultMaxThrows)))
    }

    @Test("auto threads use the affinity mask outside Slurm")
    func autoThreads() throws {
        #expect(try Self.configuration(["--threads", "auto"], launch: LaunchEnvironment(variables: [:])).threads == 4)
    }
}
