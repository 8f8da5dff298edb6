@testable import PimpiCore
import Testing

@Suite("Warnings as a person reads them, at 2 ranks and at 10^4")
struct WarningDigestTests {
    /// `count` ranks on `hosts` hosts of 2 CPUs each, unbound (all oversubscribed), with
    /// every `slowEvery`-th rank counting at 40-70 % of the others' rate.
    static func crowd(_ count: Int, hosts: Int, slowEvery: Int) -> [RankPlacement] {
        (0 ..< count).map { rank in
            let slow = rank % slowEvery == 1
            return RankPlacement.fixture(rank: rank, host: "n\(rank * hosts / count + 1)", cpus: nil, hostCPUCount: 2, threads: 1,
                                 throwsCounted: UInt64(slow ? 4e8 + Double(rank % 7) * 4e7 : 1e9), seconds: 1)
        }
    }

    @Test("stragglers on an oversubscribed host are explained by it, and folded under it")
    func folded() throws {
        let warnings = PlacementCheck.warnings(Self.crowd(64, hosts: 1, slowEvery: 4), stragglerFraction: 0.8)
        #expect(warnings.first?.kind == .oversubscribed)
        let stragglers = warnings.filter { $0.kind == .straggler }
        #expect(stragglers.count == 16)
        #expect(stragglers.allSatisfy { $0.explainedBy == .oversubscribed })
        let lines = WarningDigest.lines(warnings)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines[0].hasPrefix("oversubscribed: host n1: ranks 0-63 run 64 threads on 2 CPUs"))
        #expect(lines[1].hasPrefix("  explained by the oversubscribed above: straggler, 16 ranks (1,5,9,"), "\(lines[1])")
        #expect(lines[1].contains(" on n1, at 40-64 % of the median rank's rate"), "\(lines[1])")
    }

    @Test("at 10^4 ranks on 100 hosts the text stays within the limit, with every warning still in the list",
          arguments: [10_000, 100_000])
    func bounded(ranks: Int) {
        let warnings = PlacementCheck.warnings(Self.crowd(ranks, hosts: 100, slowEvery: 3), stragglerFraction: 0.8)
        #expect(warnings.count > 100)
        let lines = WarningDigest.lines(warnings)
        #expect(lines.count <= WarningDigest.lineLimit, "\(lines)")
        #expect(lines[0].hasPrefix("oversubscribed: 100 ranks") == false)
        #expect(lines[0].hasPrefix("oversubscribed: \(ranks) ranks (0-\(ranks - 1)) on n1, n2, n3, ... (100 hosts); the first: host n1"),
                "\(lines[0])")
        #expect(lines.allSatisfy { $0.count < 700 }, "\(lines.map(\.count))")
    }

    @Test("one warning of a kind keeps its own message; unexplained kinds keep their order")
    func single() {
        let warnings = [
            PlacementWarning(kind: .threadsExceedCPUs, message: "rank 0 on n1 runs 2 threads on 1 CPU", ranks: [0], hosts: ["n1"]),
            PlacementWarning(kind: .straggler, message: "rank 3 on n2 slow", ranks: [3], hosts: ["n2"], share: 0.5),
        ]
        #expect(WarningDigest.lines(warnings) == [
            "threads_exceed_cpus: rank 0 on n1 runs 2 threads on 1 CPU", "straggler: rank 3 on n2 slow"])
    }

    @Test("more kinds than lines: the last line says how many warnings there are and where to find them")
    func limit() {
        let warnings = (0 ..< 12).map {
            PlacementWarning(kind: PlacementWarning.Kind.allCases[$0 % 6], message: "m\($0)", ranks: [$0], hosts: ["n\($0)"])
        }
        let lines = WarningDigest.lines(warnings, limit: 4)
        #expect(lines.count == 4)
        #expect(lines[3] == "... and more: 12 warnings in all; --format json lists each")
    }
}
