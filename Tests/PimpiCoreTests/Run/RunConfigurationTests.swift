@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("From options to a run configuration")
struct RunConfigurationTests {
    static let host = HostFacts(stderrIsTerminal: false, affinity: NumberSet(0 ..< 4), onlineCPUCount: 8,
                                supportedKernels: [.baseline, .x86_64_v3])
    static let slurm = LaunchEnvironment(variables: ["SLURM_CPUS_PER_TASK": "8"])

    static func configuration(_ arguments: [String], launch: LaunchEnvironment = slurm) throws -> RunConfiguration {
        RunConfiguration(try RunOptions.parse(arguments), launch: launch, host: host)
    }

    @Test("defaults: 1e9 throws, one thread, no progress in a log, one timed count, 30 s before a roll call")
    func defaults() throws {
        let configuration = try Self.configuration([])
        #expect(configuration.amount == .throwCount(1_000_000_000))
        #expect(configuration.threads == 1 && configuration.progress == nil)
        #expect(configuration.repetitions == RunConfiguration.Repetitions(timed: 1, warmup: 0))
        #expect(configuration.options.seed == RunOptions.defaultSeed && configuration.options.serial)
        #expect(configuration.waitBound == 30)
    }

    @Test("--duration is the amount until the ranks size it")
    func duration() throws {
        #expect(try Self.configuration(["--duration", "2m"]).amount == .duration(seconds: 120))
    }

    @Test("the options stay as the command line gave them; the host decides threads and progress")
    func options() throws {
        let configuration = try Self.configuration(
            ["5", "--seed", "9", "--no-serial", "--threads", "auto", "--schedule", "dynamic", "--chunk", "3",
             "--progress", "always", "--progress-interval", "2", "--straggler-fraction", "0.5",
             "--rank-timeout", "7", "--repeat", "5", "--warmup", "2"])
        let options = configuration.options
        #expect(configuration.amount == .throwCount(5))
        // auto: the fewer of SLURM_CPUS_PER_TASK (8) and the mask's CPUs (4).
        #expect(options.seed == 9 && !options.serial && options.threads == .auto && configuration.threads == 4)
        #expect(options.schedule == .dynamic && options.chunk == 3)
        #expect(configuration.progress == ProgressDisplay(onTerminal: false, interval: 2))
        #expect(options.stragglerFraction == 0.5 && options.rankTimeout == 7 && configuration.waitBound == 7)
        #expect(configuration.repetitions == RunConfiguration.Repetitions(timed: 5, warmup: 2))
        let sweep = try Self.configuration(["--sweep", "weak:1,2"])
        #expect(sweep.options.sweep == ScalingSweep(mode: .weak, sizes: [1, 2]))
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
