@testable import PimpiCore
import Testing

@Suite("The core's clock, counted")
struct CoreClockTests {
    /// Any real core: from a 100 MHz idle clock to twice the fastest turbo sold.
    @Test("an add chain's length over its time is a core's clock")
    func plausible() throws {
        #if arch(x86_64) || arch(arm64)
        let clock = try #require(CoreClock.measure())
        #expect(clock > 1e8 && clock < 1.2e10, "\(clock) Hz")
        #else
        #expect(CoreClock.measure() == nil)
        #endif
    }
}
