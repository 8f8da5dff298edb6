@testable import PimpiCore
import Testing

/// The placement check on node shapes with SMT, NUMA nodes and sockets, from
/// hwloc's synthetic topologies: idle and crowded counted in cores.
@Suite("Placement check on node topologies")
struct TopologyPlacementTests {
    /// 1 socket, 4 cores of 2 hardware threads: CPUs 2k and 2k+1 are core k's.
    static let smtNode = NodeTopology.synthetic("pack:1 core:4 pu:2")!
    /// 2 sockets x 2 NUMA nodes x 4 cores x 2 hardware threads.
    static let twoSockets = NodeTopology.synthetic("pack:2 numa:2 core:4 pu:2")!

    /// A rank bound to `cpus` of `node`, its threads pinned one per core where
    /// it has the cores (as `ThreadPinning` does when no other rank shares them).
    static func placed(_ number: Int, _ cpus: [Int], on node: NodeTopology = smtNode, threads: Int = 1,
                       pinned: Bool = true, auto: Bool = false) -> RankPlacement {
        var rank = PlacementCheckTests.rank(number, cpus, hostCPUs: node.cpuCount, threads: threads)
        rank.reach = node.reach(of: NumberSet(cpus))
        rank.hostSize = node.size
        rank.threadsAuto = auto
        if pinned, let chosen = node.oneCPUPerCore(of: NumberSet(cpus), threads: threads) {
            rank.threadPlaces = chosen.enumerated().map { ThreadPlace(thread: $0, cpu: $1, place: node.places[$1]!) }
        }
        return rank
    }

    static func warnings(_ ranks: [RankPlacement]) -> [PlacementWarning] {
        PlacementCheck.warnings(ranks, stragglerFraction: RunOptions.defaultStragglerFraction)
    }

    @Test("a rank bound to both hardware threads of one core, one thread: no idle warning")
    func wholeCoreNotIdle() {
        let ranks = [Self.placed(0, [0, 1]), Self.placed(1, [2, 3])]
        #expect(Self.warnings(ranks).isEmpty)
        #expect(PlacementCheck.idleCoreCount(ranks) == 0)
    }

    @Test("two ranks on the two hardware threads of one core: smt_shared, naming the core")
    func siblingRanks() throws {
        let warnings = Self.warnings([Self.placed(0, [0], pinned: false), Self.placed(1, [1], pinned: false)])
        #expect(warnings.map(\.kind) == [.smtShared])
        let message = try #require(warnings.first?.message)
        #expect(message.contains("rank 0 on CPU 0 and rank 1 on CPU 1 share core 0"), "\(message)")
        #expect(message.contains("--hint=nomultithread") && message.contains("--bind-to core"), "\(message)")
        #expect(warnings.first?.ranks == [0, 1])
    }

    @Test("one rank's two threads on one core: smt_shared; on two cores: clean")
    func threadsOnOneCore() {
        #expect(Self.warnings([Self.placed(0, [0, 1], threads: 2)]).map(\.kind) == [.smtShared])
        #expect(Self.warnings([Self.placed(0, [0, 1, 2, 3], threads: 2)]).isEmpty)
    }

    @Test("unbound ranks with more threads than the node's cores: smt_shared for the host")
    func unboundOverCores() {
        let ranks = (0 ..< 2).map { Self.placed($0, Array(0 ..< 8), threads: 3, pinned: false) }
        #expect(Self.warnings(ranks).map(\.kind) == [.smtShared])
        let fits = (0 ..< 2).map { Self.placed($0, Array(0 ..< 8), threads: 2, pinned: false) }
        #expect(Self.warnings(fits).isEmpty)
    }

    @Test("idle counted in cores: 2 cores (4 CPUs) and one thread leave one idle")
    func idleCores() throws {
        let ranks = [Self.placed(0, [0, 1, 2, 3]), Self.placed(1, [4, 5, 6, 7], threads: 2)]
        let warnings = Self.warnings(ranks)
        #expect(warnings.map(\.kind) == [.idleCores])
        #expect(warnings.first?.message.contains("2 cores of its own (CPUs 0-3)") == true, "\(warnings)")
        #expect(PlacementCheck.idleCoreCount(ranks) == 1)
    }

    @Test("--threads auto that leaves cores idle says so: threads_auto, with Slurm's -c")
    func autoLeavesCores() throws {
        let warnings = Self.warnings([Self.placed(0, [0, 1, 2, 3, 4, 5], threads: 2, auto: true)])
        #expect(warnings.map(\.kind) == [.threadsAuto])
        let message = try #require(warnings.first?.message)
        #expect(message.contains("SLURM_CPUS_PER_TASK") && message.contains("-c 3"), "\(message)")
    }

    @Test("threads in two sockets that fit in one: numa_spread; filling the node: not")
    func spread() throws {
        let node = Self.twoSockets
        // CPUs 0 and 16: core 0 of socket 0, core 8 of socket 1 (Slurm's block:cyclic).
        let warnings = Self.warnings([Self.placed(0, [0, 16], on: node, threads: 2)])
        #expect(warnings.map(\.kind) == [.numaSpread])
        let message = try #require(warnings.first?.message)
        #expect(message.contains("sockets 0-1 (NUMA nodes 0,2)") && message.contains("block:block"), "\(message)")
        // Within one NUMA node: clean. Two NUMA nodes of one socket, 2 threads: spread.
        #expect(Self.warnings([Self.placed(0, [0, 2], on: node, threads: 2)]).isEmpty)
        #expect(Self.warnings([Self.placed(0, [0, 8], on: node, threads: 2)]).map(\.kind) == [.numaSpread])
        // 12 threads fit in no socket (8 cores each): spreading is the only way.
        let wide = Array(0 ..< 24).filter { $0 % 2 == 0 }
        #expect(Self.warnings([Self.placed(0, wide, on: node, threads: 12)]).isEmpty)
    }
}
