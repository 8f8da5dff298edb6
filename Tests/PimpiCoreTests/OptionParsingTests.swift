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
        #expect(TestFault(environment: ["PIMPI_TEST_FAULT": "anything"]) == nil)
    }

    @Test("the default dynamic chunk stays between 2^20 and 2^30 throws", arguments: [
        (1_000, 1, 1 << 20), (10_000_000_000, 2, 78_125_000), (UInt64.max, 1, 1 << 30),
    ] as [(UInt64, Int, UInt64)])
    func defaultChunk(throwCount: UInt64, ranks: Int, expected: UInt64) {
        #expect(Schedule.defaultChunk(throwCount: throwCount, ranks: ranks) == expected)
    }
}
