import PimpiCore
import Testing

@Suite("Rank 0's wait for the other ranks")
struct RankResultsTests {
    @Test("the wait: 30 s at least, else four times rank 0's own counting time; --rank-timeout replaces it",
          arguments: [(nil, 1.0, 30.0), (nil, 7.5, 30.0), (nil, 10.0, 40.0), (nil, 100.0, 400.0),
                      (2.5, 100.0, 2.5), (60.0, 1.0, 60.0)] as [(Double?, Double, Double)])
    func wait(timeout: Double?, ownSeconds: Double, expected: Double) {
        #expect(RankResults.waitSeconds(ownSeconds: ownSeconds, timeout: timeout) == expected)
    }
}
