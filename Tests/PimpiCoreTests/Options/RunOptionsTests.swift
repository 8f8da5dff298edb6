import PimpiCore
import PimpiKernel
import Testing

@Suite("From options to a run configuration")
struct RunOptionsTests {
    static let host = HostFacts(stderrIsTerminal: false, affinity: CPUSet(0 ..< 4), onlineCPUCount: 8,
                                supportedKernels: [.baseline, .x86_64_v3])
    static let launch = LaunchEnvironment(variables: ["SLURM_CPUS_PER_TASK": "8"])
    static let kernel = Kernel(level: .x86_64_v3, shape: KernelShape(lanes: 16, chains: 2, tally: .laneCounters))

    @Test("defaults: 1e9 throws, the default seed, the host's best kernel, no progress in a log")
    func defaults() {
        let configuration = RunOptions().configuration(launch: LaunchEnvironment(variables: [:]), host: Self.host,
                                                       kernel: Self.kernel)
        #expect(configuration == RunConfiguration(
            amount: .throwCount(1_000_000_000), seed: 1_234_567, serialRerun: true, kernel: Self.kernel))
    }

    @Test("every option reaches the configuration")
    func everyOption() {
        let options = RunOptions(throwCount: 5, seed: 9, format: .json, serial: false, threads: .auto,
                                 schedule: .dynamic, chunk: 3, progress: .always, progressInterval: 2,
                                 kernel: .level(.baseline), perRank: true, failOnWarning: true,
                                 stragglerFraction: 0.5)
        #expect(options.configuration(launch: Self.launch, host: Self.host, kernel: Self.kernel) == RunConfiguration(
            amount: .throwCount(5), seed: 9, serialRerun: false, kernel: Self.kernel, threads: 8,
            schedule: .dynamic, chunk: 3, progress: ProgressDisplay(onTerminal: false, interval: 2),
            stragglerFraction: 0.5))
    }

    @Test("a target error becomes rounds with the default cap unless one is given")
    func precision() {
        let capped = RunOptions(targetError: 1e-4, maxThrows: 1 << 30)
        #expect(capped.configuration(launch: Self.launch, host: Self.host, kernel: Self.kernel).amount
            == .precision(PrecisionTarget(targetError: 1e-4, maxThrows: 1 << 30)))
        #expect(RunOptions(targetError: 1e-4).configuration(launch: Self.launch, host: Self.host, kernel: Self.kernel).amount
            == .precision(PrecisionTarget(targetError: 1e-4, maxThrows: PrecisionTarget.defaultMaxThrows)))
    }

    @Test("auto threads use the affinity mask outside Slurm")
    func autoThreads() {
        let configuration = RunOptions(threads: .auto).configuration(
            launch: LaunchEnvironment(variables: [:]), host: Self.host, kernel: Self.kernel)
        #expect(configuration.threads == 4)
    }

    @Test("contradictions are named, the first one found", arguments: [
        (RunOptions(throwCount: 10, targetError: 1e-3), "give either a throw count (10) or --target-error"),
        (RunOptions(maxThrows: 1 << 30), "--max-throws goes with --target-error"),
        (RunOptions(targetError: 1e-3, maxThrows: 5), "below the first round"),
        (RunOptions(chunk: 10), "--chunk goes with --schedule dynamic"),
        (RunOptions(progress: .never, progressInterval: 1), "--progress-interval asks for progress"),
        (RunOptions(kernel: .level(.x86_64_v4)), "kernel x86-64-v4 needs CPU features this machine lacks"),
        (RunOptions(kernel: KernelChoice(name: "x86-64-v4:8x1-lanes")!), "kernel x86-64-v4 needs"),
    ] as [(RunOptions, String)])
    func problems(options: RunOptions, expected: String) throws {
        let problem = try #require(options.problem(supportedKernels: Self.host.supportedKernels))
        #expect(problem.contains(expected), "\(problem)")
    }

    @Test("sensible options have no problem", arguments: [
        RunOptions(), RunOptions(throwCount: 7, schedule: .dynamic, chunk: 2),
        RunOptions(targetError: 1e-5, maxThrows: 1 << 24), RunOptions(progress: .auto, progressInterval: 0),
        RunOptions(kernel: .level(.x86_64_v3)), RunOptions(kernel: KernelChoice(name: "baseline:8x3-popcount")!),
    ])
    func noProblem(options: RunOptions) {
        #expect(options.problem(supportedKernels: Self.host.supportedKernels) == nil)
    }
}
