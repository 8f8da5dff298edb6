import Foundation

/// The standard normal distribution's two-sided critical value: z with
/// P(|Z| ≤ z) = confidence (1.959964 for 0.95). Solved in the tail, from
/// erfc(z/√2) = 1 − confidence, by bisection to the last bit: a hundred steps
/// at most, once per run. erf itself will not do near 1: its values there are
/// 1.1·10⁻¹⁶ apart, so a confidence of 1 − 10⁻¹² would keep four digits of its
/// tail and z would be off by 10⁻⁵; erfc keeps the tail's full precision
/// (1 − confidence is exact in floating point for a confidence ≥ 0.5).
enum NormalQuantile {
    static func twoSided(confidence: Double) -> Double {
        precondition(confidence > 0 && confidence < 1)
        let tail = 1 - confidence
        // P(|Z| > z) = erfc(z / √2), decreasing in z; at z = 40 it is 0 in doubles.
        var low = 0.0, high = 40.0
        while true {
            let middle = (low + high) / 2
            if middle <= low || middle >= high { return middle }
            if erfc(middle / 2.0.squareRoot()) > tail { low = middle } else { high = middle }
        }
    }
}
