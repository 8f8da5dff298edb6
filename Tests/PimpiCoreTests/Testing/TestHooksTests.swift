@testable import PimpiCore
import Testing

@Suite("Test hooks")
struct TestHooksTests {
    @Test("faults are read only in their documented forms", arguments: [
        (nil, nil),
        ("fail-after-init:3", TestHooks.Fault.failAfterInit(rank: 3)),
        ("serial-mismatch", .serialMismatch),
        ("slow-rank:1:4", .slowRank(rank: 1, factor: 4)),
        ("slow-rank:1:0.5", nil),
        ("thread-level:single", .threadLevel(.single)),
        ("thread-level:none", nil),
        ("fail-after-init", nil),
        ("stop:1:init", .stop(rank: 1, at: .initialization)),
        ("stop:0:serial", .stop(rank: 0, at: .serial)),
        ("stop:1:lunch", nil),
        ("stop:1", nil),
        ("linger:0:3", .linger(rank: 0, seconds: 3)),
        ("linger:0:-1", nil),
        ("linger:0", nil),
        ("miscount:3", .miscount(cpu: 3)),
        ("miscount", nil),
        ("throttle:1:2", .throttle(cpu: 1, factor: 2)),
        ("throttle:1:0.5", nil),
        ("anything", nil),
    ] as [(String?, TestHooks.Fault?)])
    func faults(text: String?, expected: TestHooks.Fault?) {
        let environment = text.map { [TestHooks.variable: $0] } ?? [:]
        #expect(TestHooks(environment: environment).fault == expected)
    }

    @Test("only the thread-level fault changes the level acted on")
    func threadLevel() {
        let lowered = TestHooks(environment: [TestHooks.variable: "thread-level:single"])
        #expect(lowered.threadLevel(provided: .multiple) == .single)
        #expect(TestHooks(environment: [:]).threadLevel(provided: .funneled) == .funneled)
    }

    @Test("a slow rank is paced, the others are not")
    func pace() {
        let hooks = TestHooks(environment: [TestHooks.variable: "slow-rank:1:3"])
        #expect(hooks.pace(rank: 1) != nil)
        #expect(hooks.pace(rank: 0) == nil)
    }

    @Test("the serial-mismatch fault adds one hit to the rerun, and nothing else does")
    func serialRerun() {
        #expect(TestHooks(environment: [TestHooks.variable: "serial-mismatch"]).serialRerun(hits: 41) == 42)
        #expect(TestHooks(environment: [TestHooks.variable: "stop:1:end"]).serialRerun(hits: 41) == 41)
    }

    @Test("the miscounting CPU reports one hit too many in every third of its counts, no other CPU ever")
    func miscount() throws {
        let faults = TestHooks(environment: [TestHooks.variable: "miscount:2"]).screenFaults()
        let hits = try #require(faults.hits)
        #expect((0 ..< 9).map { _ in hits(2, 100) } == [100, 101, 100, 100, 101, 100, 100, 101, 100])
        #expect((0 ..< 9).allSatisfy { _ in hits(1, 100) == 100 })
        #expect(TestHooks(environment: [:]).screenFaults().hits == nil)
    }
}
