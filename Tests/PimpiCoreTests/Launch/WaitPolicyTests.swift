@testable import PimpiCore
import Testing

@Suite("Waiting for other ranks: the policy")
struct WaitPolicyTests {
    @Test("rank 0 gives up at the bound, rank 1 one gap later, every other rank two gaps later")
    func limits() {
        #expect(WaitPolicy.limit(bound: 30, rank: 0) == 30)
        #expect(WaitPolicy.limit(bound: 30, rank: 1) == 30 + WaitPolicy.speakerGap)
        #expect(WaitPolicy.limit(bound: 30, rank: 2) == 30 + 2 * WaitPolicy.speakerGap)
        #expect(WaitPolicy.limit(bound: 30, rank: 9999) == WaitPolicy.limit(bound: 30, rank: 2))
        // A later rank asks only once the earlier one has had its roll call.
        #expect(WaitPolicy.speakerGap > WaitPolicy.rollCallSeconds)
    }

    @Test("ranks 0 and 1 ask everyone; the others ask ranks 0 and 1")
    func asked() {
        #expect(WaitPolicy.asked(by: 0, size: 4) == [1, 2, 3])
        #expect(WaitPolicy.asked(by: 1, size: 4) == [0, 2, 3])
        #expect(WaitPolicy.asked(by: 3, size: 4) == [0, 1])
        #expect(WaitPolicy.asked(by: 0, size: 1) == [])
    }

    typealias Verdict = WaitPolicy.Verdict

    @Test("what a rank does with the answers to its roll call", arguments: [
        // Rank 0 names whoever did not answer.
        (0, [1: .waiting], Verdict.nameMissing([2, 3])),
        // Someone is still counting: a slow rank is not a lost one.
        (0, [1: .waiting, 2: .working, 3: .waiting], .keepWaiting),
        // Everyone is there and waiting, and the wait still does not end.
        (0, [1: .waiting, 2: .waiting, 3: .waiting], .stuck),
        // Rank 1 speaks only when rank 0 is gone, and then names every missing rank.
        (1, [0: .waiting, 2: .waiting], .keepWaiting),
        (1, [2: .waiting], .nameMissing([0, 3])),
        // The others act only when both speakers are gone, and then silently.
        (3, [0: .waiting], .keepWaiting),
        (3, [1: .working], .keepWaiting),
        (3, [:], .endSilently),
    ] as [(Int, [Int: RollCall.Activity], Verdict)])
    func verdicts(rank: Int, answers: [Int: RollCall.Activity], expected: Verdict) {
        #expect(WaitPolicy.verdict(rank: rank, size: 4, answers: answers) == expected)
    }

    @Test("MPI is called stuck only after two roll calls in a row find every rank there and waiting")
    func stuckTwice() {
        let waiting: [Int: RollCall.Activity] = [1: .waiting, 2: .waiting, 3: .waiting]
        var rollCalls = WaitPolicy.RollCalls(rank: 0, size: 4)
        #expect(rollCalls.verdict(after: waiting) == .keepWaiting)
        #expect(rollCalls.verdict(after: [1: .waiting, 2: .working, 3: .waiting]) == .keepWaiting)
        #expect(rollCalls.verdict(after: waiting) == .keepWaiting)
        #expect(rollCalls.verdict(after: waiting) == .stuck)
        #expect(rollCalls.verdict(after: [1: .waiting]) == .nameMissing([2, 3]))
    }

    @Test("in the timed span a rank spins first, then naps at most 1 % of its wait")
    func timedPauses() {
        #expect(WaitPolicy.pause(waited: 0, timed: true) == .yield)
        #expect(WaitPolicy.pause(waited: 0.099, timed: true) == .yield)
        #expect(WaitPolicy.pause(waited: 0.2, timed: true) == .sleep(0.002))
        #expect(WaitPolicy.pause(waited: 100, timed: true) == .sleep(WaitPolicy.longestNap))
    }

    @Test("outside it, a rank always sleeps, longer the longer it waits, up to 10 ms")
    func untimedPauses() {
        #expect(WaitPolicy.pause(waited: 0, timed: false) == .sleep(WaitPolicy.shortestNap))
        #expect(WaitPolicy.pause(waited: 0.01, timed: false) == .sleep(0.001))
        #expect(WaitPolicy.pause(waited: 5, timed: false) == .sleep(0.01))
    }
}

@Suite("Waiting for other ranks: the loop, on a clock of the test's own")
struct WaitLoopTests {
    /// A clock that moves only when the loop pauses (a yield costs 1 µs), and
    /// a record of the pauses and of the looks in between.
    final class FakeTime {
        var now = 100.0
        var pauses: [WaitPolicy.Pause] = []
        var betweens = 0

        var loop: WaitLoop {
            WaitLoop(now: { self.now }, pause: { pause in
                self.pauses.append(pause)
                switch pause {
                case .yield: self.now += 1e-6
                case .sleep(let seconds): self.now += seconds
                }
            }, between: { self.betweens += 1 })
        }
    }

    @Test("done at the first look: no pause")
    func doneAtOnce() {
        let time = FakeTime()
        #expect(time.loop.run(limit: 5, timed: false) { true } == .done)
        #expect(time.pauses.isEmpty && time.betweens == 0)
    }

    @Test("done after a while: every pause follows a look between, and the wait is within its limit")
    func doneLater() {
        let time = FakeTime()
        let outcome = time.loop.run(limit: 5, timed: false) { time.now >= 101 }
        #expect(outcome == .done)
        #expect(time.betweens == time.pauses.count && !time.pauses.isEmpty)
        #expect(time.now < 101.011, "the end was seen one nap late at most")
    }

    @Test("never done: it expires once the limit has passed, and no sooner")
    func expires() throws {
        let time = FakeTime()
        let outcome = time.loop.run(limit: 3, timed: false) { false }
        guard case .expired(let waited) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(waited >= 3 && waited < 3.011)
        #expect(time.pauses.allSatisfy { if case .sleep = $0 { true } else { false } })
    }

    @Test("timed: the first 0.1 s are spent looking without sleeping")
    func timedSpins() {
        let time = FakeTime()
        _ = time.loop.run(limit: 0.5, timed: true) { false }
        let yields = time.pauses.prefix { $0 == .yield }.count
        #expect(yields >= 99_000)
        #expect(time.pauses.dropFirst(yields).allSatisfy { $0 != .yield })
    }

    @Test("a wait resumed after a roll call counts the time already waited")
    func resumed() {
        let time = FakeTime()
        #expect(time.loop.run(limit: 10, timed: false, waitedBefore: 10) { false } == .expired(waited: 10))
        #expect(time.pauses.isEmpty)
    }
}
