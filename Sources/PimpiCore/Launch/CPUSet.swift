import CPimpiCPU

/// A set of CPU numbers, such as a process's affinity mask, written the way
/// Linux writes it (`0-3,8`, as in `taskset -c` and /proc/PID/status).
struct CPUSet: Equatable, Hashable, Sendable {
    /// The CPUs, ascending, without repeats.
    let cpus: [Int]

    init<S: Sequence<Int>>(_ cpus: S) {
        self.cpus = Array(Set(cpus)).sorted()
    }

    /// Words of 64 CPUs each, as `cpimpi_affinity_cpus` fills them: bit k of
    /// word w is CPU 64·w + k. It is how a rank's mask travels to the root.
    static let wordCount = 16

    init(words: [UInt64]) {
        self.init(words.enumerated().flatMap { index, word in
            (0 ..< 64).filter { word & (1 << UInt64($0)) != 0 }.map { 64 * index + $0 }
        })
    }

    var words: [UInt64] {
        var words = [UInt64](repeating: 0, count: Self.wordCount)
        for cpu in cpus where cpu < 64 * Self.wordCount { words[cpu / 64] |= 1 << UInt64(cpu % 64) }
        return words
    }

    var count: Int { cpus.count }

    func intersects(_ other: CPUSet) -> Bool { !Set(cpus).isDisjoint(with: other.cpus) }

    func union(_ other: CPUSet) -> CPUSet { CPUSet(cpus + other.cpus) }

    /// "0-3,8"; "" for no CPU.
    var list: String { TextLayout.ranges(cpus) }

    /// The CPUs this process may run on, or nil where the OS cannot say.
    static func affinity() -> CPUSet? {
        var words = [UInt64](repeating: 0, count: wordCount)
        guard cpimpi_affinity_cpus(&words, Int32(wordCount)) >= 0 else { return nil }
        return CPUSet(words: words)
    }
}
