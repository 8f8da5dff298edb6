import Foundation
@testable import PimpiCore
import Testing

@Suite("The acceptance check: nodes against their reference")
struct NodeCheckTests {
    static let kernel = Kernel(name: "x86-64-v4:8x6-popcount-pipelined")!
    static let reference = Reference(path: "ref.json", entries: [
        .init(cpuModel: "Zen", kernel: kernel.name, throwsPerSecondPerCore: 4e9, clockHz: 3.7e9,
              cyclesPerThrow: 0.925, nodes: 2),
    ])

    /// A rank of its own host counting `rate` throws/s on each of `threads` threads for a second.
    static func rank(_ rank: Int, _ host: String, rate: Double, threads: Int = 1, clock: Double? = 3.7e9,
                     model: String = "Zen") -> RankPlacement {
        var placed = RankPlacement.fixture(rank: rank, host: host, cpus: nil, hostCPUCount: threads, threads: threads,
                                           kernel: kernel, throwsCounted: UInt64(rate * Double(threads)), seconds: 1,
                                           cpuModel: model)
        placed.clockHz = clock
        return placed
    }

    static func check(_ ranks: [RankPlacement], fraction: Double = 0.9) -> ([NodeRate], [PlacementWarning]) {
        let nodes = NodeCheck.nodes(ranks, reference: reference)
        return (nodes, NodeCheck.warnings(nodes, reference: reference, fraction: fraction))
    }

    @Test("a node is its ranks together: throws over core-seconds, the median rank's clock")
    func grouping() {
        let (nodes, warnings) = Self.check([Self.rank(0, "n1", rate: 4e9, threads: 2), Self.rank(1, "n2", rate: 3.9e9),
                                            Self.rank(2, "n1", rate: 3.8e9, threads: 2)])
        #expect(nodes.map(\.host) == ["n1", "n2"] && nodes[0].ranks == [0, 2] && nodes[0].threads == 4)
        #expect(abs(nodes[0].throwsPerSecondPerCore! - 3.9e9) < 1)
        #expect(abs(nodes[0].referenceRatio! - 0.975) < 1e-9)
        #expect(warnings.isEmpty)
    }

    @Test("below the fraction: named, with the drain line; slow clock and slow core told apart")
    func below() throws {
        // n2 at half the clock and the reference's cycles per throw; n3 at full clock, twice the cycles.
        let (_, warnings) = Self.check([Self.rank(0, "n1", rate: 4e9), Self.rank(1, "n2", rate: 2e9, clock: 1.85e9),
                                        Self.rank(2, "n3", rate: 2.4e9)])
        #expect(warnings.map(\.hosts) == [["n2"], ["n3"]] && warnings.allSatisfy { $0.kind == .belowReference })
        #expect(warnings[0].message.contains("50 % of its reference") && warnings[0].message.contains("a slow clock"),
                "\(warnings[0].message)")
        #expect(warnings[1].message.contains("a slow core at full clock"), "\(warnings[1].message)")
        #expect(NodeCheck.drainCommand(warnings)
            == "scontrol update NodeName=n[2-3] State=DRAIN Reason=\"pimpi: 50-60 % of reference\"")
        // Without a clock, no diagnosis is made up.
        let (_, unclocked) = Self.check([Self.rank(0, "n1", rate: 2e9, clock: nil)])
        #expect(!unclocked[0].message.contains("slow clock") && !unclocked[0].message.contains("slow core"))
        // 0: rates only.
        #expect(Self.check([Self.rank(0, "n1", rate: 1e9)], fraction: 0).1.isEmpty)
    }

    @Test("a model or kernel without a reference is said, not guessed")
    func unmatched() {
        var other = Self.rank(1, "x1", rate: 1e9, model: "Xeon")
        let (nodes, warnings) = Self.check([Self.rank(0, "n1", rate: 4e9), other])
        #expect(nodes[1].reference == nil && warnings.map(\.kind) == [.noReference])
        #expect(warnings[0].message.contains("no reference for its CPU model (Xeon)"), "\(warnings[0].message)")
        other = Self.rank(1, "n2", rate: 1e9)
        other.kernel = Kernel(name: "x86-64-v3:16x2-lanes")!
        let (_, kernelWarnings) = Self.check([other])
        #expect(kernelWarnings[0].message.contains("ran kernel \(Self.kernel.name), this node x86-64-v3:16x2-lanes"))
    }

    @Test("10,000 nodes: a row each, the slow ones in one host list, in well under a second")
    func manyNodes() throws {
        let ranks = (0 ..< 10_000).map { index in
            Self.rank(index, String(format: "n%05d", index + 1), rate: index % 1000 == 17 ? 2e9 : 4e9)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let nodes = NodeCheck.nodes(ranks, reference: Self.reference)
        let warnings = NodeCheck.warnings(nodes, reference: Self.reference, fraction: 0.9)
        let report = RunReport(
            context: .init(mpiLibrary: MPILibrary(versionString: "Open MPI v4.1.4"), ranks: ranks.count,
                           hosts: nodes.map(\.host), seed: 1, kernel: Self.kernel, kernels: []),
            estimate: PiEstimate(throwCount: 1, hits: 1), parallelSeconds: 1, perRank: ranks, warnings: warnings,
            serial: nil, mpiInitSeconds: 0, nodes: nodes, reference: .init(path: "ref.json", fraction: 0.9))
        let table = report.nodeTable, text = report.text
        let elapsed = (clock.now - started).seconds
        #expect(table.split(separator: "\n").count == 10_000 + 2)
        #expect(report.drainHostlist == (0 ..< 10).map { String(format: "%05d", $0 * 1000 + 18) }
            .joined(separator: ",").replacing(/^/, with: "n[") + "]")
        // The summary stays a screen: the warnings fold into a line, the drain list into one more.
        #expect(text.split(separator: "\n").count < 40, "\(text)")
        #expect(elapsed < 5, "took \(elapsed) s")
    }
}
