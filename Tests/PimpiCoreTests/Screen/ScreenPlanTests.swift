@testable import PimpiCore
import Testing

@Suite("The screen's plan: which PUs count a block's two copies")
struct ScreenPlanTests {
    static func plan(_ synthetic: String, cpus: [Int]? = nil) throws -> ScreenPlan {
        let topology = try #require(NodeTopology.synthetic(synthetic))
        return ScreenPlan.plan(affinity: cpus.map { NumberSet($0) }, onlineCPUCount: topology.cpuCount,
                               topology: topology)
    }

    @Test("two sockets: a block's second count is always on the other socket")
    func twoSockets() throws {
        let plan = try Self.plan("pack:2 core:2 pu:2")
        #expect(plan.pus.count == 8 && plan.cores == 4 && plan.sockets == 2 && plan.pairing == .otherSocket)
        for first in plan.pus {
            for checker in plan.pus {
                #expect(plan.mayCheck(first, by: checker) == (first.socket != checker.socket))
            }
        }
    }

    @Test("one socket: another core, never the same core's other hardware thread")
    func oneSocket() throws {
        let plan = try Self.plan("pack:1 core:2 pu:2")
        #expect(plan.pairing == .otherCore)
        let siblings = plan.pus.filter { $0.core == plan.pus[0].core }
        #expect(siblings.count == 2 && !plan.mayCheck(siblings[0], by: siblings[1]))
        #expect(plan.mayCheck(plan.pus[0], by: try #require(plan.pus.first { $0.core != plan.pus[0].core })))
    }

    @Test("a process given one core counts each block twice on it, and says so")
    func oneCore() throws {
        let plan = try Self.plan("pack:2 core:2 pu:2", cpus: [0, 1])
        #expect(plan.pus.map(\.cpu) == [0, 1] && plan.cores == 1 && plan.pairing == .sameCore)
        #expect(plan.mayCheck(plan.pus[0], by: plan.pus[0]))
    }

    @Test("a dispute is settled on a third core where there is one, else on either")
    func settler() throws {
        let plan = try Self.plan("pack:1 core:3 pu:1")
        let (a, b, c) = (plan.pus[0], plan.pus[1], plan.pus[2])
        #expect(plan.maySettle(a, b, by: c) && !plan.maySettle(a, b, by: a) && !plan.maySettle(a, b, by: b))
        let two = try Self.plan("pack:1 core:2 pu:1")
        #expect(two.maySettle(two.pus[0], two.pus[1], by: two.pus[0]))
    }

    @Test("without a topology each CPU is taken for a core of socket 0")
    func noTopology() {
        let plan = ScreenPlan.plan(affinity: NumberSet([2, 5]), onlineCPUCount: 8, topology: nil)
        #expect(plan.pus == [ScreenedPU(cpu: 2, core: 2, socket: 0), ScreenedPU(cpu: 5, core: 5, socket: 0)])
        #expect(plan.pairing == .otherCore)
    }
}
