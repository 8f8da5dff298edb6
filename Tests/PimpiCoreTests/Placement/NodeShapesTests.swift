@testable import PimpiCore
import Testing

/// The placement check on the shapes of the usual HPC nodes, from hwloc's
/// synthetic descriptions: a full node bound one rank per core is clean, two
/// ranks on one core's hardware threads crowd it, and a rank's cores dealt
/// across sockets or NUMA nodes spread it.
@Suite("Placement check on HPC node shapes")
struct NodeShapesTests {
    /// A node shape: its name, and hwloc's synthetic description of it.
    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        var synthetic: String
        var testDescription: String { name }
        var node: NodeTopology { NodeTopology.synthetic(synthetic)! }
    }

    static let shapes = [
        Shape(name: "2x AMD EPYC 9654 (Zen 4), NPS4", synthetic: "pack:2 numa:4 l3:3 core:8 pu:2"),
        Shape(name: "2x Intel Xeon 8480+ (Sapphire Rapids), SNC4", synthetic: "pack:2 numa:4 core:14 pu:2"),
        Shape(name: "2x IBM POWER9, SMT4", synthetic: "pack:2 core:22 pu:4"),
        Shape(name: "Fujitsu A64FX, 4 CMGs", synthetic: "pack:1 numa:4 core:12 pu:1"),
        Shape(name: "NVIDIA Grace", synthetic: "pack:1 core:72 pu:1"),
    ]

    /// The CPUs of each core, in hwloc's order.
    static func cpusByCore(_ node: NodeTopology) -> [[Int]] {
        Dictionary(grouping: node.places.keys, by: { node.places[$0]!.core! }).sorted { $0.key < $1.key }
            .map { $0.value.sorted() }
    }

    @Test("a rank per core, bound to all of the core's hardware threads: clean, nothing idle", arguments: shapes)
    func rankPerCore(shape: Shape) {
        let node = shape.node
        let ranks = Self.cpusByCore(node).enumerated().map { TopologyPlacementTests.placed($0, $1, on: node) }
        #expect(ranks.count == node.size.cores)
        #expect(TopologyPlacementTests.warnings(ranks).isEmpty)
        #expect(PlacementCheck.idleCoreCount(ranks) == 0)
    }

    @Test("two ranks on one core's hardware threads: smt_shared", arguments: shapes.filter { $0.node.cpuCount > $0.node.size.cores })
    func siblings(shape: Shape) {
        let node = shape.node
        let core = Self.cpusByCore(node)[0]
        let ranks = [TopologyPlacementTests.placed(0, [core[0]], on: node, pinned: false),
                     TopologyPlacementTests.placed(1, [core[1]], on: node, pinned: false)]
        #expect(TopologyPlacementTests.warnings(ranks).map(\.kind) == [.smtShared])
    }

    @Test("a rank's threads on the cores of one NUMA node: clean; the same count dealt across them: numa_spread",
          arguments: shapes.filter { $0.node.size.numaNodes > 1 || $0.node.size.sockets > 1 })
    func dealtAcross(shape: Shape) {
        let node = shape.node
        let cores = Self.cpusByCore(node)
        let perDomain = node.size.cores / max(node.size.numaNodes, node.size.sockets)
        let block = cores.prefix(perDomain).flatMap { $0 }
        #expect(TopologyPlacementTests.warnings([TopologyPlacementTests.placed(0, block, on: node, threads: perDomain)])
            .isEmpty)
        // Round robin over the domains, as Slurm's block:cyclic deals cores over sockets.
        let domains = node.size.cores / perDomain
        let dealt = (0 ..< perDomain).flatMap { cores[($0 % domains) * perDomain + $0 / domains] }
        #expect(TopologyPlacementTests.warnings([TopologyPlacementTests.placed(0, dealt, on: node, threads: perDomain)])
            .map(\.kind) == [.numaSpread])
    }
}
