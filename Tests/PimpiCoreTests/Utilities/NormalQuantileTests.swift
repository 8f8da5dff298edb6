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
}
