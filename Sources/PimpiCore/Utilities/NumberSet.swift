/// A set of small numbers, such as the CPUs of a process's affinity mask or the
/// cores, NUMA nodes and sockets they belong to, written the way Linux writes
/// CPU lists (`0-3,8`, as in `taskset -c` and /proc/PID/status).
struct NumberSet: Equatable, Hashable, Sendable {
    /// The numbers, ascending, without repeats.
    let numbers: [Int]

    init<S: Sequence<Int>>(_ numbers: S) {
        self.numbers = Array(Set(numbers)).sorted()
    }

    /// Words of 64 numbers each, as `cpimpi_affinity_cpus` fills them: bit k
    /// of word w is number 64·w + k. It is how a rank's sets travel to the root.
    static let cpuWordCount = 16

    init(words: [UInt64]) {
        self.init(words.enumerated().flatMap { index, word in
            (0 ..< 64).filter { word & (1 << UInt64($0)) != 0 }.map { 64 * index + $0 }
        })
    }

    /// The set in `count` words; numbers beyond them are left out.
    func words(_ count: Int = cpuWordCount) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: count)
        for number in numbers where number < 64 * count { words[number / 64] |= 1 << UInt64(number % 64) }
        return words
    }

    var count: Int { numbers.count }

    func intersects(_ other: NumberSet) -> Bool { !Set(numbers).isDisjoint(with: other.numbers) }

    func intersection(_ other: NumberSet) -> NumberSet { NumberSet(Set(numbers).intersection(other.numbers)) }

    func union(_ other: NumberSet) -> NumberSet { NumberSet(numbers + other.numbers) }

    /// "0-3,8"; "" for an empty set.
    var list: String { TextLayout.ranges(numbers) }
}
