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
}
