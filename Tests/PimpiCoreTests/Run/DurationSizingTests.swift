@testable import PimpiCore
import Testing

@Suite("Sizing a run by its duration")
struct DurationSizingTests {
    @Test("static: every rank gets an equal share, so the slowest rank's rate sets the count")
    func staticSchedule() {
        let count = DurationSizing.throwCount(seconds: 5, rankRates: [4e9, 2e9, 4e9], schedule: .static)
        #expect(count == 30_000_000_000)
        // The slowest rank's share takes the time asked; the others finish sooner.
        #expect(Double(WorkSplit(totalThrows: count, rankCount: 3).range(ofRank: 1).count) / 2e9 == 5)
    }

    @Test("dynamic: every rank counts to the end, so all the rates add up")
    func dynamicSchedule() {
        #expect(DurationSizing.throwCount(seconds: 5, rankRates: [4e9, 2e9, 4e9], schedule: .dynamic)
            == 50_000_000_000)
    }

    @Test("three significant digits, rounded down: at most 1 % short, and a count one can type again",
          arguments: [(1_234_567.0, 1_230_000 as UInt64), (999.9, 999), (1000, 1000), (99_999, 99_900),
                      (12.7, 12), (0.4, 1), (7.8e18, 7_800_000_000_000_000_000)])
    func rounding(value: Double, expected: UInt64) {
        #expect(DurationSizing.roundedDown(value) == expected)
    }

    @Test("a huge job for a day stays below 2^64; a rank with no rate yet still counts one throw")
    func extremes() {
        let huge = DurationSizing.throwCount(seconds: 86_400, rankRates: Array(repeating: 1e11, count: 100_000),
                                             schedule: .dynamic)
        #expect(huge == 10_000_000_000_000_000_000)
        #expect(DurationSizing.throwCount(seconds: 1, rankRates: [0, .nan], schedule: .static) == 1)
    }
}

extension DurationSizingTests {
    @Test("a weak sweep: one rank's share for the time, at the slowest rank's rate, the largest row below 2^64")
    func weakSweep() {
        #expect(DurationSizing.throwsPerRank(seconds: 5, rankRates: [4e9, 2e9]) == 10_000_000_000)
        let perRank = DurationSizing.throwsPerRank(seconds: 86_400, rankRates: Array(repeating: 1e12, count: 1000))
        #expect(!perRank.multipliedReportingOverflow(by: 1000).overflow)
    }
}
