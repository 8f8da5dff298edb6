import CPimpiCPU

/// Which ranks pin their threads, one per core, and where: a rank bound to
/// part of its node whose cores no other rank there reaches, with a core for
/// each thread. An unbound rank's mask is the whole node, which other ranks
/// may share, so the OS places its threads; so does it for ranks sharing
/// cores (a warning names them), where pinning both to the same first cores
/// would crowd them more.
enum ThreadPinning {
    /// Per rank, whether it pins its threads: decided on the root, which
    /// alone sees every rank's cores.
    static func pinning(_ facts: [RankFacts]) -> [Bool] {
        var byHost: [String: [Int]] = [:]
        for (rank, fact) in facts.enumerated() { byHost[fact.host, default: []].append(rank) }
        return facts.enumerated().map { rank, fact in
            guard let cpus = fact.cpus, cpus.count < fact.hostCPUCount, let cores = fact.reach?.cores,
                  cores.count >= fact.threads else { return false }
            return !byHost[fact.host, default: []].contains {
                $0 != rank && facts[$0].reach?.cores.intersects(cores) ?? true
            }
        }
    }

    /// Where this rank's threads go when it pins them: one CPU of each of its
    /// first `threads` cores, with that CPU's place.
    static func places(threads: Int, host: HostFacts) -> [ThreadPlace] {
        guard let topology = host.topology, let mask = host.affinity,
              let cpus = topology.oneCPUPerCore(of: mask, threads: threads) else { return [] }
        return cpus.enumerated().map { ThreadPlace(thread: $0, cpu: $1, place: topology.places[$1]!) }
    }

    /// Runs `work` with the calling thread bound to `cpu`, then gives it
    /// `mask` back: the pool threads that count also serve the rest of the
    /// rank. A refused binding leaves the thread where it was.
    static func run<T>(on cpu: Int, restoring mask: NumberSet, _ work: () -> T) -> T {
        let bound = cpimpi_bind_thread(NumberSet([cpu]).words(), Int32(NumberSet.cpuWordCount)) == 0
        defer { if bound { _ = cpimpi_bind_thread(mask.words(), Int32(NumberSet.cpuWordCount)) } }
        return work()
    }
}
