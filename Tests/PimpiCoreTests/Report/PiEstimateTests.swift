@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("Estimate of pi")
struct PiEstimateTests {
    @Test("pi and the standard error follow the binomial formulas")
    func formulas() {
        let estimate = PiEstimate(throwCount: 1000, hits: 785)
        #expect(estimate.pi == 3.14)
        #expect(abs(estimate.standardError - 4 * (0.785 * 0.215 / 1000).squareRoot()) < 1e-15)
        #expect(abs(estimate.absoluteError - abs(3.14 - Double.pi)) < 1e-15)
    }

    @Test("estimates from real throws lie within 5 standard errors",
          arguments: [1_000, 100_000, 10_000_000] as [UInt64], [1, 2, 99] as [UInt64])
    func withinFiveSigma(throwCount: UInt64, seed: UInt64) {
        let hits = HitCounting.countHitsScalar(seed: seed, range: ThrowRange(first: 0, count: throwCount))
        let estimate = PiEstimate(throwCount: throwCount, hits: hits)
        #expect(estimate.absoluteError <= 5 * estimate.standardError)
    }
}
