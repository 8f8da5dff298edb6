@testable import PimpiCore
import Testing

@Suite("The serial rerun's rate against rank 0's own")
struct BaselineCheckTests {
    /// Rank 0 counted 10⁹ throws in one second on `threads` threads.
    static func rank0(threads: Int = 1, seconds: Double = 1) -> RankPlacement {
        .fixture(rank: 0, host: "n1", cpus: nil, hostCPUCount: 2, threads: threads,
                 throwsCounted: UInt64(1e9 * seconds) * UInt64(threads), seconds: seconds)
    }

    /// A rerun of `throwCount` throws that took `seconds`.
    static func warning(throwCount: UInt64 = 2_000_000_000, seconds: Double, rank0: RankPlacement = rank0())
        -> PlacementWarning? {
        BaselineCheck.warning(serial: .init(hits: [1], seconds: [seconds]), throwCount: throwCount, rank0: rank0)
    }

    @Test("rates within 5 % of each other need no word", arguments: [2.0, 1.92, 2.08])
    func agree(seconds: Double) {
        #expect(Self.warning(seconds: seconds) == nil)
    }

    @Test("a slower rerun overstates the speedup; a faster one folds a loss into it")
    func differ() throws {
        let slow = try #require(Self.warning(seconds: 2.2))
        #expect(slow.kind == .serialBaseline && slow.ranks == [0])
        #expect(slow.message.contains("9% below rank 0's own rate") && slow.message.contains("overstate"))
        let fast = try #require(Self.warning(seconds: 1.6))
        #expect(fast.message.contains("25% above") && fast.message.contains("cost each other"))
    }

    @Test("per thread: a 4-thread rank 0 is compared with one thread of it")
    func threads() {
        #expect(Self.warning(seconds: 2.0, rank0: Self.rank0(threads: 4)) == nil)
    }

    @Test("too short to judge: no word, however far apart the rates")
    func short() {
        #expect(Self.warning(throwCount: 100_000_000, seconds: 0.05) == nil)
        #expect(Self.warning(seconds: 1.0, rank0: Self.rank0(seconds: 0.05)) == nil)
    }
}
