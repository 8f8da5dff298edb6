@testable import PimpiCore
import Testing

@Suite("Summaries of repeated timings")
struct SampleSummaryTests {
    @Test("odd count: the middle sample; the standard deviation with n - 1")
    func odd() throws {
        let summary = try #require(SampleSummary([3, 1, 2, 5, 4]))
        #expect(summary.count == 5)
        #expect(summary.min == 1 && summary.max == 5 && summary.median == 3 && summary.mean == 3)
        #expect(abs(summary.standardDeviation - 2.5.squareRoot()) < 1e-12)
        #expect(summary.medianIndex == 0)
    }

    @Test("even count: the mean of the two middle samples, and the lower one's index")
    func even() throws {
        let summary = try #require(SampleSummary([4, 1, 3, 2]))
        #expect(summary.median == 2.5)
        #expect(summary.medianIndex == 3)
    }

    @Test("one sample: no spread; none: no summary")
    func edges() {
        #expect(SampleSummary([0.5])?.standardDeviation == 0)
        #expect(SampleSummary([0.5])?.median == 0.5)
        #expect(SampleSummary([]) == nil)
    }
}
