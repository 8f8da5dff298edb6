@testable import PimpiCore
import Testing

@Suite("Pi's interval")
struct PiEstimateIntervalTests {
    /// 16 hits of 20: Wilson's 95 % interval for p is 0.5840 to 0.9193 (by
    /// hand, z = 1.96: centre 0.7517, half-width 0.1677), four times that
    /// for π; Wald's would be 0.625 to 0.975, and for 20 of 20 hits no
    /// interval at all.
    @Test("few throws: Wilson's interval, not Wald's")
    func wilson() {
        let (low, high) = PiEstimate(throwCount: 20, hits: 16).interval(confidence: 0.95)
        #expect(abs(low - 4 * 0.5840) < 4e-4 && abs(high - 4 * 0.9193) < 4e-4, "\(low) \(high)")
        let all = PiEstimate(throwCount: 20, hits: 20).interval(confidence: 0.95)
        #expect(all.high == 4 && all.low < 4 && all.low > 3)
    }

    /// Wilson's half-width is Wald's to about 1/N of itself, and its centre
    /// lies 1.36/√N of the half-width from π̂ (towards 2): 0.14 % at 10⁶.
    @Test("pimpi's counts: π̂ ± z standard errors, to 1/N of the width and 1.4/√N of its centre",
          arguments: [1e6, 1e8, 1e10, 1e12])
    func asWald(throwCount: Double) {
        let estimate = PiEstimate(throwCount: UInt64(throwCount), hits: UInt64((throwCount * Double.pi / 4).rounded()))
        let (low, high) = estimate.interval(confidence: 0.95)
        let wald = 1.959964 * estimate.standardError
        // Or to the rounding of bounds near π, where N makes 1/N smaller than it.
        #expect(abs((high - low) / 2 - wald) < max(2 / throwCount * wald, 1e-12))
        #expect(abs((low + high) / 2 - estimate.pi) < 1.4 / throwCount.squareRoot() * wald)
    }
}
