import Foundation

/// The standard normal distribution's two-sided critical value: z with
/// P(|Z| ≤ z) = confidence (1.959964 for 0.95). Solved from erf, which the C
/// library gives to full precision, by bisection: a few dozen steps, once
/// per run.
enum NormalQuantile {
    static func twoSided(confidence: Double) -> Double {
        precondition(confidence > 0 && confidence < 1)
        // P(|Z| ≤ z) = erf(z / √2), increasing in z.
        var low = 0.0, high = 40.0
        for _ in 0 ..< 200 {
            let middle = (low + high) / 2
            if erf(middle / 2.0.squareRoot()) < confidence { low = middle } else { high = middle }
            if high - low < 1e-15 { break }
        }
        return (low + high) / 2
    }
}
