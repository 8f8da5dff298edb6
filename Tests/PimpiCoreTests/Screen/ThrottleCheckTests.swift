@testable import PimpiCore
import Testing

@Suite("Throttling: the first samples against the last")
struct ThrottleCheckTests {
    static func samples(_ rates: [Double], clock: [Double]? = nil) -> [ScreenSample] {
        rates.enumerated().map { index, rate in
            ScreenSample(seconds: Double(index) * 0.1, clockHz: clock?[index] ?? 3.5e9, throwsPerCPUSecond: rate)
        }
    }

    static func pu(_ cpu: Int, socket: Int = 0) -> ScreenedPU { ScreenedPU(cpu: cpu, core: cpu, socket: socket) }

    @Test("steady cores are not named, nor are dips that other load makes in a few samples")
    func steady() {
        let flat = Self.samples(Array(repeating: 4e9, count: 20))
        var dipping = Array(repeating: 4e9, count: 20)
        for index in [1, 2, 15, 17, 18] { dipping[index] = 2e9 }
        let throttled = ThrottleCheck.throttled([(Self.pu(0), flat), (Self.pu(1), Self.samples(dipping))],
                                                fraction: 0.15)
        #expect(throttled.isEmpty)
    }

    @Test("a core whose rate fell for good is named with its figures; the socket only where most of its cores fell")
    func fallingRate() throws {
        let falling = Self.samples((0 ..< 20).map { $0 < 10 ? 4e9 : 2e9 })
        let flat = Self.samples(Array(repeating: 4e9, count: 20))
        let throttled = ThrottleCheck.throttled([(Self.pu(0), flat), (Self.pu(1), falling)], fraction: 0.15)
        #expect(throttled.count == 1)
        let named = try #require(throttled.first)
        #expect(named.pu == 1 && named.rateFirst == 4e9 && named.rateLast == 2e9 && named.rateFell == 0.5)
        #expect(named.words.hasPrefix("CPU 1 (socket 0, core 1) throttled: clock 3.50 -> 3.50 GHz (+0 %), rate"))
        let both = ThrottleCheck.throttled([(Self.pu(0), falling), (Self.pu(1), falling)], fraction: 0.15)
        #expect(both.map(\.pu) == [0, 1, nil] && both.last?.socket == 0)
    }

    @Test("a clock that fell names the core even where the rate held")
    func fallingClock() {
        let rates = Array(repeating: 4e9, count: 20)
        let clock = (0 ..< 20).map { $0 < 10 ? 3.7e9 : 2.8e9 }
        let throttled = ThrottleCheck.throttled([(Self.pu(3), Self.samples(rates, clock: clock))], fraction: 0.15)
        #expect(throttled.map(\.pu) == [3])
    }

    @Test("too few samples, or a fraction of 0, judge nothing")
    func nothingJudged() {
        let falling = Self.samples((0 ..< 7).map { $0 < 3 ? 4e9 : 1e9 })
        #expect(ThrottleCheck.throttled([(Self.pu(0), falling)], fraction: 0.15).isEmpty)
        let long = Self.samples((0 ..< 20).map { $0 < 10 ? 4e9 : 1e9 })
        #expect(ThrottleCheck.throttled([(Self.pu(0), long)], fraction: 0).isEmpty)
    }
}
