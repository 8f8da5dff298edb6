/// What the root knows of a rank before the start: where it runs, on what
/// CPU, with how many threads, and what its kernel trial found. Gathered once
/// per job (`Job.prepare`); `kernel` is what the ranks then agreed on.
struct RankFacts: Equatable {
    var host: String
    var cpuModel: String
    /// The CPUs it may run on; nil where its OS cannot say.
    var cpus: CPUSet?
    var hostCPUCount: Int
    var threads: Int
    /// Its trial's winner, or the kernel `--kernel` named.
    var trialWinner: Kernel
    /// Its trial's best rate for each candidate shape (empty without a trial).
    var trialRates: [Double]
    /// The kernel it runs: its CPU model's (`KernelAgreement`).
    var kernel: Kernel

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

    /// A rank's numbers in one gather: threads, host CPUs, the winner's place
    /// in `Kernel.all`, the rates (as bit patterns), then the affinity mask's
    /// words (an unknown mask travels as no CPU).
    static func words(threads: Int, hostCPUCount: Int, winner: Kernel, trial: KernelTrial.Outcome?,
                      cpus: CPUSet?) -> [UInt64] {
        let rates = (trial?.throwsPerSecond ?? []) + [Double](repeating: 0, count: rateSlots)
        return [UInt64(threads), UInt64(hostCPUCount), UInt64(Kernel.all.firstIndex(of: winner)!)]
            + rates.prefix(rateSlots).map(\.bitPattern) + (cpus ?? CPUSet([])).words
    }

    init(words: [UInt64], host: String, cpuModel: String) {
        self.host = host
        self.cpuModel = cpuModel
        threads = Int(words[0])
        hostCPUCount = Int(words[1])
        trialWinner = Kernel.all[Int(words[2])]
        trialRates = words[3 ..< 3 + Self.rateSlots].map(Double.init(bitPattern:)).filter { $0 > 0 }
        let mask = CPUSet(words: Array(words.dropFirst(3 + Self.rateSlots)))
        cpus = mask.count > 0 ? mask : nil
        kernel = trialWinner
    }
}
