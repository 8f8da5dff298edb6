@testable import PimpiCore
import Testing

@Suite("Schedules")
struct ScheduleTests {
    @Test("the default dynamic chunk stays between 2^20 and 2^30 throws", arguments: [
        (1_000, 1, 1 << 20), (10_000_000_000, 2, 78_125_000), (UInt64.max, 1, 1 << 30),
    ] as [(UInt64, Int, UInt64)])
    func defaultChunk(throwCount: UInt64, ranks: Int, expected: UInt64) {
        #expect(Schedule.defaultChunk(throwCount: throwCount, ranks: ranks) == expected)
    }
}
