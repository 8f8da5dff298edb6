import Foundation
@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("The screen on this machine's CPUs", .serialized)
struct ScreenerTests {
    /// This process's CPUs, with small blocks: the unit tests' build is not
    /// optimised, and a screen of a fraction of a second must still hold many.
    static var plan: ScreenPlan {
        let host = HostFacts.current()
        let whole = ScreenPlan.plan(affinity: host.affinity, onlineCPUCount: host.onlineCPUCount,
                                    topology: host.topology)
        return ScreenPlan(pus: whole.pus, blockThrows: 1 << 12)
    }

    static let kernel = Kernel(level: .baseline, shape: KernelShape(name: "8x1-lanes")!)

    static func screen(faults: ScreenFaults = .none, seed: UInt64 = 99) throws -> ScreenOutcome {
        let end = Screener.run(plan: plan, kernel: kernel, seed: seed, seconds: 0.4, endBound: 30, faults: faults)
        guard case .finished(let outcome) = end else {
            Issue.record("the screen did not finish: \(end)")
            throw CancellationError()
        }
        return outcome
    }

    @Test("every block is counted twice and every count agrees: nothing named")
    func healthy() throws {
        let outcome = try Self.screen()
        #expect(outcome.blocks > 0 && outcome.blocksChecked == Int(outcome.blocks) && outcome.settled.isEmpty)
        #expect(outcome.pus.reduce(0) { $0 + $1.blocks } == 2 * Int(outcome.blocks))
        #expect(outcome.pus.allSatisfy { $0.pinned && $0.firstCounts > 0 })
        let verdict = ScreenVerdict(host: "here", cpuModel: "cpu", outcome: outcome, throttleFraction: 0,
                                    reference: nil, referenceFraction: 0.9)
        #expect(verdict.healthy && verdict.status == 0 && verdict.line.hasPrefix("pimpi: here healthy; "))
    }

    @Test("a core that miscounts at times is named, with each wrong block and its right hits, and no other core")
    func miscount() throws {
        let faulty = try #require(Self.plan.pus.last).cpu
        let faults = TestHooks(environment: [TestHooks.variable: "miscount:\(faulty)"]).screenFaults()
        let outcome = try Self.screen(faults: faults, seed: 7)
        let verdict = ScreenVerdict(host: "here", cpuModel: "cpu", outcome: outcome, throttleFraction: 0,
                                    reference: nil, referenceFraction: 0.9)
        #expect(!verdict.wrongCounts.isEmpty && verdict.status == ExitStatus.nodeJudgedBad)
        #expect(verdict.wrongCounts.allSatisfy { $0.pu.cpu == faulty && $0.countedHits == $0.rightHits + 1 })
        for wrong in verdict.wrongCounts {
            let right = HitCounting.countHitsScalar(seed: 7, range: ThrowRange(first: wrong.first, count: wrong.count))
            #expect(wrong.rightHits == right && wrong.seed == 7 && wrong.count == 1 << 12)
        }
        #expect(verdict.reasons == ["wrong counts on CPU \(faulty)"])
        #expect(verdict.line.hasPrefix("pimpi: here bad: wrong counts on CPU \(faulty); "))
    }
}
