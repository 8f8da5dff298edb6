/// π estimated from the total hit count, and how far it can be trusted.
public struct PiEstimate: Equatable, Sendable {
    public let throwCount: UInt64
    public let hits: UInt64

    public init(throwCount: UInt64, hits: UInt64) {
        precondition(throwCount > 0 && hits <= throwCount)
        self.throwCount = throwCount
        self.hits = hits
    }

    /// The fraction of throws inside the quarter circle, p̂ = hits / N.
    public var hitFraction: Double { Double(hits) / Double(throwCount) }

    /// π̂ = 4·hits/N.
    public var pi: Double { 4 * hitFraction }

    /// |π̂ − π|.
    public var absoluteError: Double { abs(pi - Double.pi) }

    /// The binomial standard error of π̂, 4·√(p̂(1 − p̂)/N).
    public var standardError: Double {
        let p = hitFraction
        return 4 * (p * (1 - p) / Double(throwCount)).squareRoot()
    }
}
