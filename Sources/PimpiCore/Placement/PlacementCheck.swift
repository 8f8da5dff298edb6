import Foundation

/// Something about where the ranks ran that costs speed, with its fix.
struct PlacementWarning: Equatable, Sendable {
    enum Kind: String, CaseIterable, Sendable {
        /// On one host, the ranks' threads outnumber the CPUs they may use.
        case oversubscribed
        /// Ranks bound to part of a host, with overlapping CPU sets.
        case sharedCPUs = "shared_cpus"
        /// A rank runs more threads than its CPU set holds.
        case threadsExceedCPUs = "threads_exceed_cpus"
        /// Threads share cores through the cores' hardware threads (SMT): two
        /// ranks bound to sibling CPUs, or more threads than cores.
        case smtShared = "smt_shared"
        /// A rank bound to cores of its own runs fewer threads than it has cores.
        case idleCores = "idle_cores"
        /// As `idleCores`, where `--threads auto` chose the threads: Slurm's
        /// --cpus-per-task said fewer than the cores the rank is bound to.
        case threadsAuto = "threads_auto"
        /// A bound rank runs its threads in more than one NUMA node or socket,
        /// though they would fit in one.
        case numaSpread = "numa_spread"
        /// A rank counted much slower than the median rank.
        case straggler
        /// A rank counted much slower than its own kernel trial measured on
        /// its CPU before the start: something took that CPU in between.
        case contended
        /// The serial rerun counted at a rate unlike rank 0's own in the
        /// parallel count, so the speedup compares unlike things (`BaselineCheck`).
        case serialBaseline = "serial_baseline"
        /// A node counted below `--reference-fraction` of what healthy nodes
        /// of its CPU model counted (`NodeCheck`).
        case belowReference = "below_reference"
        /// `--reference` has nothing for a node's CPU model and kernel.
        case noReference = "no_reference"
    }

    var kind: Kind
    var message: String
    /// The ranks it is about, and their hosts (in order of first rank).
    var ranks: [Int]
    var hosts: [String]
    /// For `straggler`, `contended` and `below_reference`: the rate over its
    /// yardstick (the median rank's, its own trial's, or its reference's).
    var share: Double?
    /// A warning that another one already explains: a straggler among ranks
    /// that crowd each other is slow because of the crowding.
    var explainedBy: Kind?

    init(kind: Kind, message: String, ranks: [Int] = [], hosts: [String] = [], share: Double? = nil,
                explainedBy: Kind? = nil) {
        self.kind = kind
        self.message = message
        self.ranks = ranks
        self.hosts = hosts
        self.share = share
        self.explainedBy = explainedBy
    }
}

/// The placement check: from where each rank ran and how fast it counted, what
/// is wrong and how to fix it under mpirun and srun. docs/placement.md has
/// each warning with real output.
enum PlacementCheck {
    /// A rank whose rate per thread is below this fraction of the rate its own
    /// kernel trial measured is contended. The trial takes the best of a few
    /// half-millisecond counts, shorter than a scheduler's time slice, so it
    /// sees the CPU's own speed even where the CPU is shared; the count then
    /// runs at about half of it on a CPU shared with one busy process. 0.7
    /// leaves room for a clock that drops when every core is busy.
    static let contendedFraction = 0.7

    /// Rates are compared only when the median rank counted at least this long:
    /// in a shorter run, start-up and timer jitter outweigh a slow core.
    static let shortestComparedSeconds = 0.1

    static func warnings(_ ranks: [RankPlacement], stragglerFraction: Double) -> [PlacementWarning] {
        var warnings: [PlacementWarning] = []
        // Ranks whose crowding a warning already names, and that warning's
        // kind: a slow count there is its consequence.
        var crowdedBy: [Int: PlacementWarning.Kind] = [:]
        func crowded(_ ranks: [Int], by kind: PlacementWarning.Kind) {
            for rank in ranks where crowdedBy[rank] == nil { crowdedBy[rank] = kind }
        }
        for (host, onHost) in byHost(ranks) {
            let found = oversubscribed(host, onHost)
            let shared = sharedCPUs(host, onHost)
            let smt = found.isEmpty ? smtShared(host, onHost, sharing: Set(shared.ranks)) : nil
            if !found.isEmpty { crowded(onHost.map(\.rank), by: .oversubscribed) }
            crowded(shared.ranks, by: .sharedCPUs)
            if let smt { crowded(smt.ranks, by: .smtShared) }
            warnings += found + shared.warnings + (smt.map { [$0] } ?? [])
        }
        // Host by host: a rank's CPUs are compared with its own node's ranks
        // (a few hundred at most), never with every rank of the job.
        for (_, onHost) in byHost(ranks) {
            for rank in onHost {
                let exceeded = threadsExceedCPUs(rank)
                if !exceeded.isEmpty { crowded([rank.rank], by: .threadsExceedCPUs) }
                warnings += exceeded + idleCores(rank, among: onHost) + numaSpread(rank)
            }
        }
        let contended = ranks.filter { crowdedBy[$0.rank] == nil }.compactMap(contention)
        let slow = stragglers(ranks, fraction: stragglerFraction).map { straggler in
            var explained = straggler
            explained.explainedBy = straggler.ranks.first.flatMap { crowdedBy[$0] }
            return explained
        }
        return warnings + contended + slow
    }

    /// Hosts in order of their first rank.
    static func byHost(_ ranks: [RankPlacement]) -> [(String, [RankPlacement])] {
        ranks.grouped(by: \.host).map { ($0.key, $0.elements) }
    }

    /// The CPUs a host's ranks may use between them.
    static func availableCPUs(_ onHost: [RankPlacement]) -> (count: Int, list: String) {
        let sets = onHost.compactMap(\.cpus)
        guard sets.count == onHost.count, let first = sets.first else {
            let count = onHost.map(\.hostCPUCount).max() ?? 1
            return (count, "all \(count)")
        }
        let union = sets.dropFirst().reduce(first) { $0.union($1) }
        return (union.count, union.list)
    }

    /// The cores a host's ranks may use between them; nil where some rank's
    /// are unknown.
    static func availableCores(_ onHost: [RankPlacement]) -> Int? {
        let sets = onHost.compactMap(\.reach?.cores)
        guard sets.count == onHost.count, let first = sets.first else { return nil }
        return sets.dropFirst().reduce(first) { $0.union($1) }.count
    }

    private static func oversubscribed(_ host: String, _ onHost: [RankPlacement]) -> [PlacementWarning] {
        // One rank over its own CPUs is threads_exceed_cpus; this is ranks crowding each other.
        guard onHost.count > 1 else { return [] }
        let threads = onHost.reduce(0) { $0 + $1.threads }
        let cpus = availableCPUs(onHost)
        guard threads > cpus.count else { return [] }
        let perRank = onHost.map(\.threads).max() ?? 1
        let fit = max(cpus.count / perRank, 1)
        return [PlacementWarning(kind: .oversubscribed, message:
            "host \(host): ranks \(rankList(onHost)) run \(plural(threads, "thread")) on \(plural(cpus.count, "CPU")) "
            + "(\(cpus.list)), so they take turns. Run at most \(fit) \(fit == 1 ? "rank" : "ranks") of "
            + "\(plural(perRank, "thread")) per node: mpirun --map-by ppr:\(fit):node (and no --oversubscribe); "
            + "srun --ntasks-per-node=\(fit)\(perRank > 1 ? " -c \(perRank)" : "")",
            ranks: onHost.map(\.rank), hosts: [host])]
    }

    private static func sharedCPUs(_ host: String, _ onHost: [RankPlacement])
        -> (warnings: [PlacementWarning], ranks: [Int]) {
        let bound = onHost.filter(\.isBound)
        var involved: [RankPlacement] = []
        for (index, rank) in bound.enumerated() {
            let overlaps = bound.indices.contains { $0 != index && rank.cpus!.intersects(bound[$0].cpus!) }
            if overlaps { involved.append(rank) }
        }
        guard !involved.isEmpty else { return ([], []) }
        let sets = involved.prefix(4).map { "rank \($0.rank) on \($0.cpuList)" }.joined(separator: ", ")
            + (involved.count > 4 ? ", ..." : "")
        return ([PlacementWarning(kind: .sharedCPUs, message:
            "host \(host): ranks \(rankList(involved)) are bound to overlapping CPUs (\(sets)), so they compete "
            + "for them. Give each rank CPUs of its own: mpirun --bind-to core --map-by core "
            + "(with threads: --map-by slot:PE=N); srun --cpu-bind=cores (with threads: -c N)",
            ranks: involved.map(\.rank), hosts: [host])], involved.map(\.rank))
    }

    /// A rank that counted at under `contendedFraction` of its own trial's rate
    /// per thread: its CPU is shared, however fast the other ranks were (when
    /// every rank shares, none is slower than the median).
    private static func contention(_ rank: RankPlacement) -> PlacementWarning? {
        guard let trialRate = rank.trialThrowsPerSecond, let rate = rank.throwsPerSecond,
              rank.seconds >= shortestComparedSeconds else { return nil }
        let perThread = rate / Double(rank.threads)
        guard perThread < contendedFraction * trialRate else { return nil }
        return PlacementWarning(kind: .contended, message: String(
            format: "rank %d on %@ (CPUs %@) counted at %.0f%% of the rate its own trial measured before the start "
                + "(%.3g of %.3g throws/s per thread): its CPU is shared with something else (another job, "
                + "another node's processes, a busy hypervisor). Look at what else runs there (top; squeue -w %@), "
                + "or ask for CPUs of its own: srun --exclusive, mpirun --bind-to core",
            rank.rank, rank.host, rank.cpuList, 100 * perThread / trialRate, perThread, trialRate, rank.host),
            ranks: [rank.rank], hosts: [rank.host], share: perThread / trialRate)
    }

    private static func threadsExceedCPUs(_ rank: RankPlacement) -> [PlacementWarning] {
        guard let cpus = rank.cpus, rank.threads > cpus.count else { return [] }
        return [PlacementWarning(kind: .threadsExceedCPUs, message:
            "rank \(rank.rank) on \(rank.host) runs \(plural(rank.threads, "thread")) on "
            + "\(plural(cpus.count, "CPU")) (\(cpus.list)), so they take turns. Give it a CPU per thread: "
            + "mpirun --map-by slot:PE=\(rank.threads) --bind-to core (or --bind-to none); "
            + "srun -c \(rank.threads) (--cpus-per-task); or run --threads auto",
            ranks: [rank.rank], hosts: [rank.host])]
    }

    /// Each working rank's rate per thread, and the median rank's: the upper
    /// median, so that with two ranks the faster one is the yardstick.
    private static func ratesPerThread(_ ranks: [RankPlacement])
        -> (working: [RankPlacement], rates: [Double], median: Double)? {
        let working = ranks.filter { $0.throwsCounted > 0 && $0.seconds > 0 }
        guard !working.isEmpty else { return nil }
        let rates = working.map { Double($0.throwsCounted) / $0.seconds / Double($0.threads) }
        return (working, rates, rates.sorted()[rates.count / 2])
    }

    /// The slowest rank's rate per thread over the median rank's: 1 for an even
    /// run, about 0.5 where one rank shares its core. A performance figure, not
    /// a verdict: a busy node is slow, not wrongly allocated (ReFrame bounds it
    /// with a reference). nil when no rank counted.
    static func slowestRankRatio(_ ranks: [RankPlacement]) -> Double? {
        guard let (_, rates, median) = ratesPerThread(ranks), median > 0 else { return nil }
        return rates.min()! / median
    }

    private static func stragglers(_ ranks: [RankPlacement], fraction: Double) -> [PlacementWarning] {
        guard fraction > 0, let (working, rates, median) = ratesPerThread(ranks), working.count > 1 else { return [] }
        let medianSeconds = working.map(\.seconds).sorted()[working.count / 2]
        guard median > 0, medianSeconds >= shortestComparedSeconds else { return [] }
        return zip(working, rates).filter { $0.1 < fraction * median }.map { rank, rate in
            PlacementWarning(kind: .straggler, message: String(
                format: "rank %d on %@ (CPUs %@) counted %.3g throws/s per thread, %.0f%% of the median rank's "
                    + "%.3g: its CPUs are busy with something else or slower. Look at what else runs there "
                    + "(top; squeue -w %@ for other jobs), or leave the node out: srun --exclude=%@, "
                    + "mpirun --host without it", rank.rank, rank.host, rank.cpuList, rate, 100 * rate / median,
                median, rank.host, rank.host),
                ranks: [rank.rank], hosts: [rank.host], share: rate / median)
        }
    }

    /// "0-3", "0,2": rank numbers, runs joined, cut short where they would
    /// make a message grow with the rank count (the warning's `ranks` has all).
    static func rankList(_ ranks: [RankPlacement]) -> String { TextLayout.shortRanges(ranks.map(\.rank)) }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
