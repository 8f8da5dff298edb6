/// The warnings that need each CPU's core, NUMA node and socket (hwloc's
/// view of the node): threads crowding cores through their hardware threads,
/// cores left idle, a rank spread over NUMA nodes or sockets. Idle and crowded
/// are counted in cores: one thread of this kernel keeps a core busy.
extension PlacementCheck {
    /// Ranks whose threads share cores through their hardware threads: bound
    /// ranks on different CPUs of one core, ranks with more threads than
    /// cores; else, where no rank is to blame alone, a host whose ranks run
    /// more threads than its cores but no more than its CPUs. nil where no
    /// rank's cores are known, or none share.
    static func smtShared(_ host: String, _ onHost: [RankPlacement], sharing: Set<Int>) -> PlacementWarning? {
        let known = onHost.filter { $0.reach != nil }
        guard !known.isEmpty else { return nil }
        var involved = Set<Int>()
        var pairs: [String] = []
        var found = 0
        let bound = known.filter { $0.isBound && !sharing.contains($0.rank) }
        for (index, rank) in bound.enumerated() {
            for other in bound[(index + 1)...] where rank.reach!.cores.intersects(other.reach!.cores) {
                involved.formUnion([rank.rank, other.rank])
                found += 1
                if pairs.count < 2 {
                    pairs.append("rank \(rank.rank) on CPU \(rank.cpuList) and rank \(other.rank) on CPU "
                                 + "\(other.cpuList) share core \(rank.reach!.cores.intersection(other.reach!.cores).list)")
                }
            }
        }
        for rank in known where rank.threads > rank.reach!.cores.count && rank.threads <= (rank.cpus?.count ?? 0) {
            involved.insert(rank.rank)
            found += 1
            if pairs.count < 2 {
                pairs.append("rank \(rank.rank) runs \(plural(rank.threads, "thread")) on "
                             + "\(plural(rank.reach!.cores.count, "core")) (CPUs \(rank.cpuList))")
            }
        }
        let threads = onHost.reduce(0) { $0 + $1.threads }
        let cpus = availableCPUs(onHost)
        if involved.isEmpty, let cores = availableCores(onHost), threads > cores, threads <= cpus.count {
            involved = Set(onHost.map(\.rank))
            pairs.append("\(plural(threads, "thread")) on \(plural(cores, "core")) (CPUs \(cpus.list))")
        }
        guard !involved.isEmpty else { return nil }
        let ranks = onHost.filter { involved.contains($0.rank) }
        return PlacementWarning(kind: .smtShared, message:
            "host \(host): ranks \(rankList(ranks)) run threads on the hardware threads (SMT) of shared cores ("
            + pairs.joined(separator: "; ") + (found > pairs.count ? "; ..." : "") + "), so they take turns for the "
            + "core's execution units, which one thread of this kernel keeps busy. One thread per core: srun "
            + "--hint=nomultithread --cpu-bind=cores (or --threads-per-core=1); mpirun --map-by core --bind-to core; "
            + "--threads auto counts cores",
            ranks: ranks.map(\.rank), hosts: [host])
    }

    /// The cores a rank bound to cores of its own leaves without a thread: 0
    /// for an unbound rank, or one whose cores another rank on its host shares.
    private static func idleCoreCount(_ rank: RankPlacement, among ranks: [RankPlacement]) -> Int {
        guard rank.isBound, let cpus = rank.cpus, let cores = rank.coreCount, rank.threads < cores else { return 0 }
        let shared = ranks.contains { other in
            guard other.rank != rank.rank, other.host == rank.host else { return false }
            if let mine = rank.reach?.cores, let theirs = other.reach?.cores { return mine.intersects(theirs) }
            return other.cpus?.intersects(cpus) == true
        }
        return shared ? 0 : cores - rank.threads
    }

    private static func sit(_ count: Int) -> String { count == 1 ? "sits" : "sit" }

    static func idleCores(_ rank: RankPlacement, among ranks: [RankPlacement]) -> [PlacementWarning] {
        let idle = idleCoreCount(rank, among: ranks)
        guard idle > 0, let cores = rank.coreCount else { return [] }
        let held = "\(plural(cores, rank.reach == nil ? "CPU" : "core")) of its own (CPUs \(rank.cpuList))"
        if rank.threadsAuto {
            return [PlacementWarning(kind: .threadsAuto, message:
                "rank \(rank.rank) on \(rank.host) has \(held) but --threads auto ran \(plural(rank.threads, "thread")), "
                + "as Slurm's --cpus-per-task (SLURM_CPUS_PER_TASK) says, so \(idle) \(sit(idle)) idle. Ask for what the rank "
                + "is bound to: sbatch/srun -c \(cores) --hint=nomultithread; or bind it to fewer: srun -c "
                + "\(rank.threads) --cpu-bind=cores", ranks: [rank.rank], hosts: [rank.host])]
        }
        return [PlacementWarning(kind: .idleCores, message:
            "rank \(rank.rank) on \(rank.host) has \(held) but runs \(plural(rank.threads, "thread")), so \(idle) "
            + "\(sit(idle)) idle. Use them: --threads auto; or ask for fewer: srun -c \(rank.threads), "
            + "mpirun --map-by slot:PE=\(rank.threads)",
            ranks: [rank.rank], hosts: [rank.host])]
    }

    /// A bound rank whose threads run in several NUMA nodes or sockets though
    /// they would fit in one (by cores per NUMA node, per socket of its host):
    /// bound the other way, it would keep to one.
    static func numaSpread(_ rank: RankPlacement) -> [PlacementWarning] {
        guard rank.isBound, let node = rank.hostSize, let numaNodes = rank.threadNUMANodes,
              let sockets = rank.threadSockets else { return [] }
        let acrossNUMA = numaNodes.count > 1 && rank.threads <= node.cores / node.numaNodes
        let acrossSockets = sockets.count > 1 && rank.threads <= node.cores / node.sockets
        guard acrossNUMA || acrossSockets else { return [] }
        let domains = acrossSockets
            ? "sockets \(sockets.list) (NUMA nodes \(numaNodes.list))" : "NUMA nodes \(numaNodes.list)"
        let whose = rank.threadPlaces.isEmpty ? "its CPUs (\(rank.cpuList)) lie" : "its threads run"
        let fits = acrossSockets ? "\(node.cores / node.sockets) per socket" : "\(node.cores / node.numaNodes) per NUMA node"
        return [PlacementWarning(kind: .numaSpread, message:
            "rank \(rank.rank) on \(rank.host) runs \(plural(rank.threads, "thread")), which fit in the cores of one "
            + "(\(fits)), but \(whose) in \(domains): the memory its threads share sits in one, and threads "
            + "elsewhere reach it across the link between them (pimpi's kernel works in registers and barely "
            + "notices; codes that read memory do). Keep each rank in one: srun --distribution=block:block "
            + "--cpu-bind=cores (Slurm's default block:cyclic deals a task's cores across sockets); "
            + "mpirun --map-by numa --bind-to core (with threads: --map-by ppr:1:numa:PE=N)",
            ranks: [rank.rank], hosts: [rank.host])]
    }

    /// Cores that ranks bound to cores of their own leave without a thread:
    /// what the `idle_cores` and `threads_auto` warnings add up to.
    static func idleCoreCount(_ ranks: [RankPlacement]) -> Int {
        byHost(ranks).reduce(0) { total, host in host.1.reduce(total) { $0 + idleCoreCount($1, among: host.1) } }
    }
}
