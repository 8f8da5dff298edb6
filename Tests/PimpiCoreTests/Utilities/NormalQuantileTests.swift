@testable import PimpiCore
import Testing

@Suite("The normal distribution's critical values")
struct NormalQuantileTests {
    /// From tables of the standard normal distribution.
    @Test("two-sided z for a confidence", arguments: [
        (0.95, 1.959964), (0.99, 2.575829), (0.999, 3.290527), (0.6826895, 1.0), (0.5, 0.674490),
    ])
    func tabled(confidence: Double, z: Double) {
        #expect(abs(NormalQuantile.twoSided(confidence: confidence) - z) < 1e-6)
    }

    /// z = −Φ⁻¹(tail / 2) by Python's statistics.NormalDist().inv_cdf
    /// (Wichura's AS 241, about 10⁻¹⁶ relative), taken in the lower tail,
    /// where its argument is exact, for tail = 1 − confidence as doubles.
    @Test("accurate to 1e-12 from the middle to a confidence of 1 - 1e-15", arguments: [
        (0.5, 0.6744897501960817), (0.9, 1.6448536269514726), (0.95, 1.9599639845400536),
        (0.99, 2.5758293035489), (0.999999, 4.891638475692932), (0.999999999, 6.109410209383451),
        (0.999999999999, 7.130509892879272), (0.999999999999999, 8.02695701803389),
        (0.1, 0.125661346855074), (0.001, 0.001253314465432556),
    ])
    func accurate(confidence: Double, z: Double) {
        #expect(abs(NormalQuantile.twoSided(confidence: confidence) - z) < 1e-12,
                "\(NormalQuantile.twoSided(confidence: confidence)) for \(confidence)")
    }
}
