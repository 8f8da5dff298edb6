@testable import PimpiCore
import Testing

@Suite("Option values")
struct ArgumentValueTests {
    /// Every refusal carries the parser's accepted forms and no other reason.
    static func expectRefused<Parser: ArgumentValue>(_ parser: Parser.Type, _ text: String) {
        #expect(throws: ArgumentValueError(acceptedForms: Parser.acceptedForms), "'\(text)'") {
            try Parser.parse(text)
        }
    }

    @Test("seeds", arguments: [("0", 0), ("42", 42), ("18446744073709551615", UInt64.max)] as [(String, UInt64)])
    func seeds(text: String, expected: UInt64) throws {
        #expect(try SeedArgument.parse(text) == expected)
    }

    @Test("bad seeds", arguments: ["", "-1", "abc", "1e3", "18446744073709551616", "+5", " 1"])
    func badSeeds(text: String) {
        Self.expectRefused(SeedArgument.self, text)
    }

    @Test("thread counts", arguments: [("1", ThreadCount.fixed(1)), ("16", .fixed(16)), ("auto", .auto)])
    func threads(text: String, expected: ThreadCount) throws {
        #expect(try ThreadCountArgument.parse(text) == expected)
    }

    @Test("bad thread counts", arguments: ["0", "-2", "1025", "two", "", "1.5"])
    func badThreads(text: String) {
        Self.expectRefused(ThreadCountArgument.self, text)
    }

    @Test("target errors", arguments: [("1e-5", 1e-5), ("0.001", 0.001), ("2E-7", 2e-7)] as [(String, Double)])
    func targetErrors(text: String, expected: Double) throws {
        #expect(try TargetErrorArgument.parse(text) == expected)
    }

    @Test("bad target errors", arguments: ["0", "-1e-5", "nan", "inf", "0x1p-3", "", "abc", "1e999"])
    func badTargetErrors(text: String) {
        Self.expectRefused(TargetErrorArgument.self, text)
    }

    @Test("progress intervals", arguments: [("0", 0), ("0.5", 0.5), ("60", 60), ("1e3", 1000)] as [(String, Double)])
    func progressIntervals(text: String, expected: Double) throws {
        #expect(try ProgressIntervalArgument.parse(text) == expected)
    }

    @Test("bad progress intervals", arguments: ["-1", "nan", "inf", "", "soon", "0x10", "1e999"])
    func badProgressIntervals(text: String) {
        Self.expectRefused(ProgressIntervalArgument.self, text)
    }

    @Test("rank timeouts", arguments: [("30", 30), ("2.5", 2.5), ("1e3", 1000)] as [(String, Double)])
    func rankTimeouts(text: String, expected: Double) throws {
        #expect(try RankTimeoutArgument.parse(text) == expected)
    }

    @Test("bad rank timeouts: none, or none at all", arguments: ["0", "-1", "nan", "inf", "", "soon"])
    func badRankTimeouts(text: String) {
        Self.expectRefused(RankTimeoutArgument.self, text)
    }

    @Test("a refusal reads 'reason; expected forms', or just the forms")
    func refusalText() {
        #expect(ArgumentValueError(reason: "it is empty", acceptedForms: "a number").description
            == "it is empty; expected a number")
        #expect(ArgumentValueError(acceptedForms: "a number").description == "expected a number")
    }

    @Test("auto threads: the fewer of Slurm's --cpus-per-task and the affinity mask's cores, either alone if only one is known")
    func autoThreads() {
        // A step bound to 2 CPUs (srun without -c since Slurm 22.05) in a job of -c 6.
        #expect(ThreadCount.auto.resolved(environment: ["SLURM_CPUS_PER_TASK": "6"], affinityCoreCount: 2) == 2)
        // An unbound task (its mask is the node) of -c 6.
        #expect(ThreadCount.auto.resolved(environment: ["SLURM_CPUS_PER_TASK": "6"], affinityCoreCount: 64) == 6)
        #expect(ThreadCount.auto.resolved(environment: ["SLURM_CPUS_PER_TASK": "6"], affinityCoreCount: nil) == 6)
        #expect(ThreadCount.auto.resolved(environment: [:], affinityCoreCount: 3) == 3)
        #expect(ThreadCount.auto.resolved(environment: [:], affinityCoreCount: nil) == 1)
        #expect(ThreadCount.auto.resolved(environment: ["SLURM_CPUS_PER_TASK": "0"], affinityCoreCount: 4) == 4)
        #expect(ThreadCount.fixed(3).resolved(environment: ["SLURM_CPUS_PER_TASK": "6"], affinityCoreCount: 2) == 3)
    }

    @Test("auto threads count cores: a mask of both hardware threads of 2 cores gets 2 threads")
    func autoThreadsCountCores() throws {
        let node = try #require(NodeTopology.synthetic("pack:1 core:4 pu:2"))
        let host = HostFacts(stderrIsTerminal: false, affinity: NumberSet(0 ... 3), onlineCPUCount: 8,
                             supportedKernels: [.baseline], topology: node)
        #expect(host.affinityCoreCount == 2)
        #expect(ThreadCount.auto.resolved(environment: [:], affinityCoreCount: host.affinityCoreCount) == 2)
        // Slurm's -c 4 without --hint=nomultithread: 4 hardware threads, 2 cores.
        #expect(ThreadCount.auto.resolved(environment: ["SLURM_CPUS_PER_TASK": "4"],
                                          affinityCoreCount: host.affinityCoreCount) == 2)
    }

    @Test("progress: auto follows the terminal, an interval turns it on, never wins", arguments: [
        (ProgressMode.auto, true, nil, ProgressDisplay(onTerminal: true, interval: 0.5)),
        (.auto, false, nil, nil),
        (.auto, false, 60, ProgressDisplay(onTerminal: false, interval: 60)),
        (.always, false, nil, ProgressDisplay(onTerminal: false, interval: 5)),
        (.always, true, 2, ProgressDisplay(onTerminal: true, interval: 2)),
        (.never, true, nil, nil),
    ] as [(ProgressMode, Bool, Double?, ProgressDisplay?)])
    func progressDisplay(mode: ProgressMode, terminal: Bool, interval: Double?, expected: ProgressDisplay?) {
        #expect(mode.display(stderrIsTerminal: terminal, interval: interval) == expected)
    }
}
