/// One loop per CPU model in a job. Each rank's trial finds the shape that is
/// fastest on its own core, and a short trial's winner can differ between two
/// ranks on the same CPU (8x6 on one, 8x4 on the other, both within a few
/// percent); a job that timed both would compare two kernels. So before the
/// start the root takes every rank's winner and picks, for each CPU model,
/// the kernel that won on most of its ranks (a tie goes to the one the
/// lowest of them picked), and every rank on that model runs it. Ranks are
/// grouped by model and level: a node whose hypervisor hides AVX-512 from
/// the same model runs a kernel of its own.
enum KernelAgreement {
    /// What one rank brings: its CPU model and its trial's winner (or the
    /// kernel `--kernel` named, which every rank then has).
    struct Vote: Equatable, Sendable {
        var cpuModel: String
        var kernel: Kernel
    }

    /// What a group of ranks on one CPU model runs, for the report.
    struct Choice: Equatable, Sendable {
        var cpuModel: String
        var kernel: Kernel
        var ranks: Int
        /// How many of them found it fastest in their own trial.
        var wins: Int
    }

    /// The kernel each rank runs, in rank order, and one choice per group, in
    /// the order of each group's first rank.
    static func decide(_ votes: [Vote]) -> (byRank: [Kernel], choices: [Choice]) {
        var byRank = votes.map(\.kernel)
        for ranks in groups(votes) {
            var wins: [Kernel: Int] = [:]
            for rank in ranks { wins[votes[rank].kernel, default: 0] += 1 }
            // The ranks are in order, so the first vote with the most wins is the lowest rank's.
            let most = wins.values.max()!
            let chosen = ranks.lazy.map { votes[$0].kernel }.first { wins[$0] == most }!
            for rank in ranks { byRank[rank] = chosen }
        }
        return (byRank, choices(votes, running: byRank))
    }

    /// What each group of `votes` ran (`running`, by rank; one kernel per
    /// group), and how many of its ranks had found that kernel fastest.
    static func choices(_ votes: [Vote], running: [Kernel]) -> [Choice] {
        groups(votes).map { ranks in
            let kernel = running[ranks[0]]
            return Choice(cpuModel: votes[ranks[0]].cpuModel, kernel: kernel, ranks: ranks.count,
                          wins: ranks.filter { votes[$0].kernel == kernel }.count)
        }
    }

    /// The ranks of each CPU model and level, in order of each group's first rank.
    private static func groups(_ votes: [Vote]) -> [[Int]] {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (rank, vote) in votes.enumerated() {
            let key = vote.cpuModel + "\u{0}" + vote.kernel.level.rawValue
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(rank)
        }
        return order.map { groups[$0]! }
    }
}
