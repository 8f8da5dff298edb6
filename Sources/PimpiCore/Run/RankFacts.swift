/// What the root knows of a rank before the start: where it runs, on what
/// CPU, with how many threads, and what its kernel trial found. Gathered once
/// per job (`Job.prepare`); `kernel` is what the ranks then agreed on, and
/// `threadPlaces` where the rank then pinned its threads.
struct RankFacts: Equatable {
    var host: String
    var cpuModel: String
    /// The CPUs it may run on; nil where its OS cannot say.
    var cpus: NumberSet?
    var hostCPUCount: Int
    /// The cores, NUMA nodes and sockets its CPUs reach, and how many its
    /// host has; nil where hwloc could not read its node.
    var reach: NodeTopology.Reach?
    var hostSize: NodeTopology.Size?
    var threads: Int
    /// Whether `--threads auto` chose `threads`.
    var threadsAuto: Bool
    /// Its trial's winner, or the kernel `--kernel` named.
    var trialWinner: Kernel
    /// Its trial's best rate for each candidate shape (empty without a trial).
    var trialRates: [Double]
    /// The kernel it runs: its CPU model's (`KernelAgreement`).
    var kernel: Kernel
    /// Where each of its threads is pinned; empty where they are not.
    var threadPlaces: [ThreadPlace] = []
    /// Its core's clock, counted before the start (`CoreClock`); nil where unknown.
    var clockHz: Double?

    /// The agreed kernel's rate in this rank's own trial, where it was a candidate.
    var trialThrowsPerSecond: Double? {
        guard kernel.level == trialWinner.level,
              let index = KernelTrial.candidates(for: kernel.level).firstIndex(of: kernel.shape),
              trialRates.indices.contains(index), trialRates[index] > 0 else { return nil }
        return trialRates[index]
    }

    /// Bytes of a CPU model name as it travels to the root.
    static let modelWidth = 128
    /// Rates per rank in the gather: enough for any level's candidates.
    static let rateSlots = KernelLevel.allCases.map { KernelTrial.candidates(for: $0).count }.max() ?? 0
    /// Words of the sets of cores (as many as CPUs), NUMA nodes and sockets.
    static let numaNodeWords = 4
    static let socketWords = 1
    private static let leadingWords = 8

    /// A rank's numbers in one gather: threads, host CPUs, the winner's place
    /// in `Kernel.all`, host cores, NUMA nodes and sockets (0: unknown),
    /// whether its threads are `auto`'s, its clock (0: unknown), the rates
    /// (the clock and rates as bit patterns), then
    /// the words of its affinity mask and of the cores, NUMA nodes and sockets
    /// it reaches (an unknown set travels as an empty one).
    static func words(threads: Int, threadsAuto: Bool, host: HostFacts, winner: Kernel,
                      trial: KernelTrial.Outcome?, clockHz: Double?) -> [UInt64] {
        let rates = (trial?.throwsPerSecond ?? []) + [Double](repeating: 0, count: rateSlots)
        let reach = host.affinityReach
        let size = reach == nil ? nil : host.topology?.size
        let none = NumberSet([])
        // In parts: Swift 6.0's type checker gives up on the one expression.
        let leading: [UInt64] = [
            UInt64(threads), UInt64(host.hostCPUCount), UInt64(Kernel.all.firstIndex(of: winner)!),
            UInt64(size?.cores ?? 0), UInt64(size?.numaNodes ?? 0), UInt64(size?.sockets ?? 0), threadsAuto ? 1 : 0,
            clockHz?.bitPattern ?? 0,
        ]
        let sets: [[UInt64]] = [
            (host.affinity ?? none).words(), (reach?.cores ?? none).words(),
            (reach?.numaNodes ?? none).words(numaNodeWords), (reach?.sockets ?? none).words(socketWords),
        ]
        return leading + rates.prefix(rateSlots).map(\.bitPattern) + Array(sets.joined())
    }

    init(words: [UInt64], host: String, cpuModel: String) {
        self.host = host
        self.cpuModel = cpuModel
        threads = Int(words[0])
        hostCPUCount = Int(words[1])
        trialWinner = Kernel.all[Int(words[2])]
        hostSize = words[3] > 0 ? NodeTopology.Size(cores: Int(words[3]), numaNodes: Int(words[4]), sockets: Int(words[5]))
            : nil
        threadsAuto = words[6] != 0
        clockHz = words[7] > 0 ? Double(bitPattern: words[7]) : nil
        var rest = words.dropFirst(Self.leadingWords)
        func take(_ count: Int) -> [UInt64] {
            defer { rest = rest.dropFirst(count) }
            return Array(rest.prefix(count))
        }
        trialRates = take(Self.rateSlots).map(Double.init(bitPattern:)).filter { $0 > 0 }
        let mask = NumberSet(words: take(NumberSet.cpuWordCount))
        cpus = mask.count > 0 ? mask : nil
        let cores = NumberSet(words: take(NumberSet.cpuWordCount))
        let numaNodes = NumberSet(words: take(Self.numaNodeWords)), sockets = NumberSet(words: take(Self.socketWords))
        reach = hostSize == nil ? nil : NodeTopology.Reach(cores: cores, numaNodes: numaNodes, sockets: sockets)
        kernel = trialWinner
    }
}
