@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("Rounds: a fixed count and a precision target through one loop")
struct RoundPlanTests {
    @Test("a fixed count is one round of every throw")
    func fixed() {
        var plan = RoundPlan(.throwCount(1000))
        #expect(plan.next == ThrowRange(first: 0, count: 1000))
        plan.finish(hits: 785)
        #expect(plan.next == nil)
        #expect(plan.done == 1000 && plan.hits == 785 && plan.rounds == 1 && plan.target == nil)
    }

    @Test("a precision target takes the rounds PrecisionTarget.decide gives, each after the last", arguments: [1e-4, 1e-5])
    func precision(targetError: Double) {
        let target = PrecisionTarget(targetError: targetError, maxThrows: UInt64.max)
        var plan = RoundPlan(.precision(target))
        var expectedFirst: UInt64 = 0
        while let round = plan.next {
            #expect(round.first == expectedFirst)
            expectedFirst += round.count
            // Hits at exactly p = π/4 over the throws so far.
            let total = UInt64((Double(plan.done + round.count) * Double.pi / 4).rounded())
            plan.finish(hits: total - plan.hits)
        }
        #expect(plan.target == RunReport.TargetOutcome(target: target, rounds: plan.rounds, reached: true))
        #expect(PiEstimate(throwCount: plan.done, hits: plan.hits).standardError <= targetError)
    }

    @Test("a capped target ends at the cap and says it was not reached")
    func capped() {
        let target = PrecisionTarget(targetError: 1e-7, maxThrows: 100_000_000)
        var plan = RoundPlan(.precision(target))
        while let round = plan.next { plan.finish(hits: round.count / 4 * 3) }
        #expect(plan.done == 100_000_000)
        #expect(plan.target?.reached == false)
    }
}
