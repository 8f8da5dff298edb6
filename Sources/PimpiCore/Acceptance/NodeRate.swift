/// One host's count, as an admin checks a node after maintenance: its ranks'
/// throws over their time on every core they ran, its clock and cycles per
/// throw where known, and how that compares with its CPU model's reference.
struct NodeRate: Equatable, Sendable {
    var host: String
    var ranks: [Int]
    var cpuModel: String
    var kernel: Kernel
    /// Threads of all its ranks: one per core where they are pinned.
    var threads: Int
    var throwsCounted: UInt64
    /// Each rank's kernel seconds times its threads, summed: core-seconds.
    var threadSeconds: Double
    /// The median of its ranks' counted clocks (`CoreClock`); nil where unknown.
    var clockHz: Double?
    /// Its CPU model's entry for this kernel in `--reference`; nil without one.
    var reference: Reference.Entry?
    /// Without a match in `--reference`, why (nil without `--reference`).
    var unmatched: String?

    var throwsPerSecondPerCore: Double? { threadSeconds > 0 ? Double(throwsCounted) / threadSeconds : nil }

    /// Cycles per throw on one core: the clock over the rate per core.
    var cyclesPerThrow: Double? {
        guard let clockHz, let rate = throwsPerSecondPerCore, rate > 0 else { return nil }
        return clockHz / rate
    }

    /// Its rate per core over its reference's.
    var referenceRatio: Double? {
        guard let reference, let rate = throwsPerSecondPerCore else { return nil }
        return rate / reference.throwsPerSecondPerCore
    }

    /// Where both clocks are known: its clock over the reference's, and its
    /// cycles per throw over the reference's.
    var clockRatio: Double? {
        guard let clockHz, let reference = reference?.clockHz, reference > 0 else { return nil }
        return clockHz / reference
    }
    var cyclesRatio: Double? {
        guard let cycles = cyclesPerThrow, let reference = reference?.cyclesPerThrow, reference > 0 else { return nil }
        return cycles / reference
    }
}
