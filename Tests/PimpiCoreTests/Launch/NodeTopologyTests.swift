@testable import PimpiCore
import Testing

/// hwloc's view of a node, on synthetic topologies (hwloc builds them itself,
/// so they run the same code path as a real node's, on any machine).
@Suite("Node topology")
struct NodeTopologyTests {
    /// 2 sockets x 2 NUMA nodes x 4 cores x 2 hardware threads, numbered in
    /// hwloc's synthetic order: CPUs 2k and 2k+1 are core k's threads.
    static let twoSockets = NodeTopology.synthetic("pack:2 numa:2 core:4 pu:2")

    @Test("every CPU's core, NUMA node and socket, and the node's size")
    func places() throws {
        let node = try #require(Self.twoSockets)
        #expect(node.cpuCount == 32)
        #expect(node.size == .init(cores: 16, numaNodes: 4, sockets: 2))
        #expect(node.places[0] == .init(core: 0, numaNode: 0, socket: 0))
        #expect(node.places[1] == .init(core: 0, numaNode: 0, socket: 0))
        #expect(node.places[9] == .init(core: 4, numaNode: 1, socket: 0))
        #expect(node.places[31] == .init(core: 15, numaNode: 3, socket: 1))
    }

    @Test("what a set of CPUs reaches")
    func reach() throws {
        let node = try #require(Self.twoSockets)
        #expect(node.reach(of: NumberSet([0, 1])) == .init(cores: NumberSet([0]), numaNodes: NumberSet([0]),
                                                            sockets: NumberSet([0])))
        #expect(node.reach(of: NumberSet([0, 16])) == .init(cores: NumberSet([0, 8]), numaNodes: NumberSet([0, 2]),
                                                             sockets: NumberSet([0, 1])))
    }

    @Test("a thread per core: one CPU of each, in the topology's order; nil with too few cores")
    func oneCPUPerCore() throws {
        let node = try #require(Self.twoSockets)
        #expect(node.oneCPUPerCore(of: NumberSet(0 ..< 8), threads: 4) == [0, 2, 4, 6])
        #expect(node.oneCPUPerCore(of: NumberSet([1, 17, 3]), threads: 2) == [1, 3])
        #expect(node.oneCPUPerCore(of: NumberSet([0, 1]), threads: 2) == nil)
    }

    @Test("this machine's topology covers its online CPUs")
    func current() throws {
        let host = HostFacts.current()
        let node = try #require(host.topology)
        #expect(node.cpuCount == host.onlineCPUCount)
        #expect(node.size.cores >= 1 && node.size.cores <= node.cpuCount)
    }
}
