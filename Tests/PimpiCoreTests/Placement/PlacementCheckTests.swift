@testable import PimpiCore
import Testing

@Suite("Placement check")
struct PlacementCheckTests {
    /// A rank on `host` with `cpus` (nil: unknown) of a 4-CPU host, one second of counting.
    static func rank(_ number: Int, _ cpus: [Int]?, host: String = "n1", hostCPUs: Int = 4, threads: Int = 1,
                     rate: Double = 1e9, seconds: Double = 1) -> RankPlacement {
        RankPlacement.fixture(rank: number, host: host, cpus: cpus.map { NumberSet($0) }, hostCPUCount: hostCPUs, threads: threads,
                      throwsCounted: UInt64(rate * seconds * Double(threads)), seconds: seconds)
    }

    /// A rank that counted at `share` of the rate its own trial measured.
    static func trialled(_ number: Int, _ cpus: [Int]?, host: String = "n1", hostCPUs: Int = 4, threads: Int = 1,
                         share: Double, seconds: Double = 1) -> RankPlacement {
        var placed = rank(number, cpus, host: host, hostCPUs: hostCPUs, threads: threads, rate: 1e9 * share,
                          seconds: seconds)
        placed.trialThrowsPerSecond = 1e9
        return placed
    }

    static func kinds(_ ranks: [RankPlacement], fraction: Double = RunOptions.defaultStragglerFraction)
        -> [PlacementWarning.Kind] {
        PlacementCheck.warnings(ranks, stragglerFraction: fraction).map(\.kind)
    }

    @Test("clean placements have no warnings", arguments: [
        [rank(0, [0]), rank(1, [1]), rank(2, [2]), rank(3, [3])],       // one core each
        [rank(0, [0, 1], threads: 2), rank(1, [2, 3], threads: 2)],      // -c 2 --threads 2
        [rank(0, [0, 1, 2, 3]), rank(1, [0, 1, 2, 3])],                  // unbound, enough CPUs
        [rank(0, [0]), rank(1, [0], host: "n2")],                        // same CPU number, other node
        [rank(0, [0, 1, 2, 3], threads: 4)],                             // a singleton using its host
        [rank(0, nil), rank(1, nil)],                                    // mask unknown
    ])
    func clean(ranks: [RankPlacement]) {
        #expect(Self.kinds(ranks).isEmpty)
    }

    @Test("the slowest rank over the median rank, per thread, whatever the warnings say", arguments: [
        ([rank(0, [0]), rank(1, [1])], 1.0),
        ([rank(0, [0]), rank(1, [1], rate: 5e8)], 0.5),                          // the faster is the median
        ([rank(0, [0], rate: 9e8), rank(1, [1]), rank(2, [2], rate: 1.2e9)], 0.9),
        ([rank(0, [0, 1], threads: 2, rate: 1e9), rank(1, [2, 3], threads: 2, rate: 8e8)], 0.8),
        ([rank(0, [0])], 1.0),
    ])
    func slowestRankRatio(ranks: [RankPlacement], expected: Double) throws {
        let ratio = try #require(PlacementCheck.slowestRankRatio(ranks))
        #expect(abs(ratio - expected) < 1e-9)
    }

    @Test("no rank counted: no ratio")
    func noRatio() {
        #expect(PlacementCheck.slowestRankRatio([Self.rank(0, [0], rate: 0)]) == nil)
    }

    @Test("without hwloc's view, idle cores are counted in CPUs, over the ranks that have CPUs of their own")
    func idleCoreCount() {
        #expect(PlacementCheck.idleCoreCount([Self.rank(0, [0, 1]), Self.rank(1, [2, 3], threads: 2)]) == 1)
        #expect(PlacementCheck.idleCoreCount([Self.rank(0, [0, 1]), Self.rank(1, [2, 3])]) == 2)
        // Shared CPUs are not idle, and an unbound rank has none of its own.
        #expect(PlacementCheck.idleCoreCount([Self.rank(0, [0, 1]), Self.rank(1, [1, 2])]) == 0)
        #expect(PlacementCheck.idleCoreCount([Self.rank(0, [0, 1, 2, 3])]) == 0)
    }

    @Test("four ranks on two CPUs take turns: oversubscribed, naming host, ranks and CPUs")
    func oversubscribed() throws {
        // Open MPI leaves oversubscribed ranks unbound: each may use the whole 2-CPU host.
        let ranks = (0 ..< 4).map { Self.rank($0, [0, 1], hostCPUs: 2) }
        let warnings = PlacementCheck.warnings(ranks, stragglerFraction: 0.8)
        #expect(warnings.map(\.kind) == [.oversubscribed])
        let message = try #require(warnings.first?.message)
        for fragment in ["host n1", "ranks 0-3", "4 threads on 2 CPUs (0-1)", "--map-by ppr:2:node",
                         "srun --ntasks-per-node=2"] {
            #expect(message.contains(fragment), "\(message)")
        }
    }

    @Test("ranks bound to the same CPUs: shared_cpus (and oversubscribed when they outnumber them)")
    func shared() {
        #expect(Self.kinds([Self.rank(0, [0, 1]), Self.rank(1, [1, 2])]) == [.sharedCPUs])
        #expect(Self.kinds([Self.rank(0, [0]), Self.rank(1, [0])]) == [.oversubscribed, .sharedCPUs])
    }

    @Test("more threads than CPUs in one rank: threads_exceed_cpus, with the -c fix")
    func threadsExceed() throws {
        let warnings = PlacementCheck.warnings([Self.rank(0, [0], threads: 2)], stragglerFraction: 0.8)
        #expect(warnings.map(\.kind) == [.threadsExceedCPUs])
        #expect(warnings.first?.message.contains("srun -c 2") == true)
        #expect(warnings.first?.message.contains("--map-by slot:PE=2") == true)
    }

    @Test("a rank with CPUs of its own and fewer threads: idle_cores; not when it shares them")
    func idle() {
        #expect(Self.kinds([Self.rank(0, [0, 1]), Self.rank(1, [2, 3])]) == [.idleCores, .idleCores])
        #expect(!Self.kinds([Self.rank(0, [0, 1, 2]), Self.rank(1, [2, 3])]).contains(.idleCores))
    }

    @Test("a rank at a third of the others' speed is a straggler; the yardstick is the upper median")
    func straggler() throws {
        let ranks = [Self.rank(0, [0]), Self.rank(1, [1], rate: 0.34e9), Self.rank(2, [2]), Self.rank(3, [3])]
        let warnings = PlacementCheck.warnings(ranks, stragglerFraction: 0.8)
        #expect(warnings.map(\.kind) == [.straggler])
        let message = try #require(warnings.first?.message)
        #expect(message.contains("rank 1 on n1 (CPUs 1)") && message.contains("34%"), "\(message)")
        // Two ranks: the faster is the yardstick, so half speed is a straggler.
        #expect(Self.kinds([Self.rank(0, [0]), Self.rank(1, [1], rate: 0.5e9)]) == [.straggler])
        #expect(Self.kinds([Self.rank(0, [0]), Self.rank(1, [1], rate: 0.85e9)]).isEmpty)
    }

    @Test("rates per thread are compared, and never in runs too short to judge or with the check off")
    func stragglerLimits() {
        #expect(Self.kinds([Self.rank(0, [0, 1], threads: 2), Self.rank(1, [2])]).isEmpty)
        let short = [Self.rank(0, [0], seconds: 0.01), Self.rank(1, [1], rate: 0.1e9, seconds: 0.01)]
        #expect(Self.kinds(short).isEmpty)
        #expect(Self.kinds([Self.rank(0, [0]), Self.rank(1, [1], rate: 0.1e9)], fraction: 0).isEmpty)
        // An idle rank (more ranks than throws) is no straggler.
        #expect(Self.kinds([Self.rank(0, [0]), Self.rank(1, [1], rate: 0)]).isEmpty)
    }

    @Test("a rank slower than its own trial is contended, even when every rank is as slow")
    func contended() throws {
        let both = [Self.trialled(0, [0], share: 0.5), Self.trialled(1, [0], host: "n2", share: 0.48)]
        #expect(Self.kinds(both) == [.contended, .contended])
        let message = try #require(PlacementCheck.warnings(both, stragglerFraction: 0.8).last?.message)
        #expect(message.hasPrefix("rank 1 on n2 (CPUs 0) counted at 48% of the rate its own trial measured"), "\(message)")
    }

    @Test("no contended warning", arguments: [
        [trialled(0, [0], share: 0.9), trialled(1, [1], share: 0.75)],               // near its trial
        [trialled(0, [0], share: 0.5, seconds: 0.05), trialled(1, [1], share: 1)],   // too short to judge
        [rank(0, [0], rate: 5e8), rank(1, [1], host: "n2", rate: 5e8)],             // no trial ran
        [trialled(0, [0, 1], threads: 2, share: 0.9), trialled(1, [2, 3], threads: 2, share: 0.9)],
    ])
    func notContended(ranks: [RankPlacement]) {
        #expect(!Self.kinds(ranks).contains(.contended))
    }

    @Test("a slow rank whose crowding is already named is not contended as well", arguments: [
        [trialled(0, [0], share: 0.5), trialled(1, [0], share: 0.5)],                        // shared_cpus
        [trialled(0, nil, hostCPUs: 1, share: 0.5), trialled(1, nil, hostCPUs: 1, share: 0.5)], // oversubscribed
        [trialled(0, [0], threads: 2, share: 0.5)],                                           // threads_exceed_cpus
    ])
    func consequenceFolded(ranks: [RankPlacement]) {
        let kinds = Self.kinds(ranks)
        #expect(!kinds.isEmpty && !kinds.contains(.contended), "\(kinds)")
    }
}
