/// π estimated from the total hit count, and how far it can be trusted.
struct PiEstimate: Equatable, Sendable {
    let throwCount: UInt64
    let hits: UInt64

    init(throwCount: UInt64, hits: UInt64) {
        precondition(throwCount > 0 && hits <= throwCount)
        self.throwCount = throwCount
        self.hits = hits
    }

    /// The fraction of throws inside the quarter circle, p̂ = hits / N.
    var hitFraction: Double { Double(hits) / Double(throwCount) }

    /// π̂ = 4·hits/N.
    var pi: Double { 4 * hitFraction }

    /// |π̂ − π|.
    var absoluteError: Double { abs(pi - Double.pi) }

    /// The binomial standard error of π̂, 4·√(p̂(1 − p̂)/N).
    var standardError: Double {
        let p = hitFraction
        return 4 * (p * (1 - p) / Double(throwCount)).squareRoot()
    }

    /// π's interval at `confidence`: four times the Wilson score interval of
    /// the hit fraction. Wald's, p̂ ± z·√(p̂(1 − p̂)/N), has a width of 0 at
    /// p̂ = 0 or 1 and covers less than it says for small N; Wilson's stays
    /// inside [0, 4] and covers close to what it says (at 95 %, 92.9 % at
    /// worst, at N = 8 and 30; docs/precision.md); at pimpi's usual
    /// counts (N ≥ 10⁶, p̂ near π/4, far from 0 and 1) its half-width is
    /// Wald's to about 1/N of itself, its centre 1.4/√N of the half-width
    /// from π̂ (docs/precision.md).
    func interval(confidence: Double) -> (low: Double, high: Double) {
        let z = NormalQuantile.twoSided(confidence: confidence)
        let n = Double(throwCount), p = hitFraction, zz = z * z
        let center = (p + zz / (2 * n)) / (1 + zz / n)
        let half = z / (1 + zz / n) * (p * (1 - p) / n + zz / (4 * n * n)).squareRoot()
        return (4 * max(center - half, 0), 4 * min(center + half, 1))
    }

    /// Half the interval's width: what `--target-error` bounds.
    func halfWidth(confidence: Double) -> Double {
        let (low, high) = interval(confidence: confidence)
        return (high - low) / 2
    }
}
