import PimpiCore
import Testing

@Suite("Option values")
struct OptionParsingTests {
    @Test("seeds", arguments: [("0", 0), ("42", 42), ("18446744073709551615", UInt64.max)] as [(String, UInt64)])
    func seeds(text: String, expected: UInt64) throws {
        #expect(try SeedValue.parse(text) == expected)
    }

    @Test("bad seeds", arguments: ["", "-1", "abc", "1e3", "18446744073709551616", "+5", " 1"])
    func badSeeds(text: String) {
        #expect(throws: SeedValue.ParseError.self) { try SeedValue.parse(text) }
    }

    @Test("thread counts", arguments: [("1", ThreadCount.fixed(1)), ("16", .fixed(16)), ("auto", .auto)])
    func threads(text: String, expected: ThreadCount) throws {
        #expect(try ThreadCount.parse(text) == expected)
    }

    @Test("bad thread counts", arguments: ["0", "-2", "1025", "two", "", "1.5"])
    func badThreads(text: String) {
        #expect(throws: ThreadCount.ParseError.self) { try ThreadCount.parse(text) }
    }

    @Test("auto threads follow Slurm's --cpus-per-task, else the affinity mask")
    func autoThreads() {
        #expect(ThreadCount.auto.resolved(environment: ["SLURM_CPUS_PER_TASK": "6"]) == 6)
        let affinity = ThreadCount.affinityCPUCount()
        #expect(affinity != nil && affinity! >= 1)
        #expect(ThreadCount.auto.resolved(environment: [:]) == affinity)
        #expect(ThreadCount.fixed(3).resolved(environment: ["SLURM_CPUS_PER_TASK": "6"]) == 3)
    }

    @Test("target errors", arguments: [("1e-5", 1e-5), ("0.001", 0.001), ("2E-7", 2e-7)] as [(String, Double)])
    func targetErrors(text: String, expected: Double) throws {
        #expect(try TargetError.parse(text) == expected)
    }

    @Test("bad target errors", arguments: ["0", "-1e-5", "nan", "inf", "0x1p-3", "", "abc", "1e999"])
    func badTargetErrors(text: String) {
        #expect(throws: TargetError.ParseError.self) { try TargetError.parse(text) }
    }

    @Test("test faults are read only in their documented forms")
    func testFaults() {
        #expect(TestFault(environment: [:]) == nil)
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "fail-after-init:3"]) == .failAfterInit(rank: 3))
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "serial-mismatch"]) == .serialMismatch)
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "slow-rank:1:4"]) == .slowRank(rank: 1, factor: 4))
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "slow-rank:1:0.5"]) == nil)
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "thread-level:single"]) == .threadLevel(.single))
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "thread-level:none"]) == nil)
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "anything"]) == nil)
    }

    @Test("the default dynamic chunk stays between 2^20 and 2^30 throws", arguments: [
        (1_000, 1, 1 << 20), (10_000_000_000, 2, 78_125_000), (UInt64.max, 1, 1 << 30),
    ] as [(UInt64, Int, UInt64)])
    func defaultChunk(throwCount: UInt64, ranks: Int, expected: UInt64) {
        #expect(Schedule.defaultChunk(throwCount: throwCount, ranks: ranks) == expected)
    }

    @Test("progress intervals", arguments: [("0", 0), ("0.5", 0.5), ("60", 60), ("1e3", 1000)] as [(String, Double)])
    func progressIntervals(text: String, expected: Double) throws {
        #expect(try ProgressInterval.parse(text) == expected)
    }

    @Test("bad progress intervals", arguments: ["-1", "nan", "inf", "", "soon", "0x10", "1e999"])
    func badProgressIntervals(text: String) {
        #expect(throws: ProgressInterval.ParseError.self) { try ProgressInterval.parse(text) }
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

    @Test("more than one thread needs at least funneled thread support", arguments: MPIThreadLevel.allCases)
    func threadLevels(level: MPIThreadLevel) {
        #expect(level.problem(threads: 1) == nil)
        let problem = level.problem(threads: 4)
        #expect((problem == nil) == (level >= .funneled))
        if let problem { #expect(problem.contains("--threads 4") && problem.contains("only \(level.name)")) }
    }
}
