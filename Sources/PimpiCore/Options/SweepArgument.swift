/// `--sweep`: strong or weak scaling in one launch, on the first k ranks of
/// the job for each k in a list of sizes.
struct ScalingSweep: Equatable, Sendable {
    enum Mode: String, Equatable, Sendable {
        /// The same throws on every size: the time should fall as 1/k.
        case strong
        /// The same throws per rank on every size: the time should stay flat.
        case weak
    }

    var mode: Mode
    /// The rank counts, in increasing order; nil: 1, 2, 4 ... and the job's size.
    var sizes: [Int]?

    init(mode: Mode, sizes: [Int]? = nil) {
        self.mode = mode
        self.sizes = sizes
    }

    /// The rank counts of a job of `worldSize` ranks, or a message saying why
    /// the list does not fit the job. `throwCount`: the run's (per rank for weak).
    func sizes(worldSize: Int, throwCount: UInt64) -> Result<[Int], SweepSizeError> {
        let sizes = self.sizes ?? Array(sequence(first: 1) { $0 * 2 }.prefix { $0 < worldSize }) + [worldSize]
        let largest = sizes[sizes.count - 1]
        if largest > worldSize {
            return .failure(SweepSizeError(message: "--sweep asks for \(largest) ranks but the job has "
                + "\(worldSize); launch at least \(largest) (mpirun -np \(largest), srun -n \(largest))"))
        }
        if mode == .weak, throwCount.multipliedReportingOverflow(by: UInt64(largest)).overflow {
            return .failure(SweepSizeError(message: "--sweep weak: \(throwCount) throws per rank on \(largest) "
                + "ranks is more than 2^64 throws"))
        }
        return .success(sizes)
    }
}

struct SweepSizeError: Error, Equatable {
    let message: String
}

/// `--sweep` on the command line: `strong` (also what `--sweep` alone means),
/// `weak`, a list of rank counts for a strong sweep (`1,2,3,6`) or `weak:` and
/// a list.
public enum SweepArgument: ArgumentValue {
    static let acceptedForms = "strong, weak, a list of rank counts such as 1,2,4 (at least two), "
        + "or weak: and a list"
    /// What `--sweep` with no value means.
    static let alone = "strong"

    static func parse(_ text: String) throws(ArgumentValueError) -> ScalingSweep {
        if let mode = ScalingSweep.Mode(rawValue: text) { return ScalingSweep(mode: mode) }
        // Plain code on purpose: a switch expression yielding (mode, Substring?)
        // crashed Debian 13's Swift 6.0.3 compiler (its ownership verifier).
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let named = parts.count == 2 ? ScalingSweep.Mode(rawValue: parts[0]) : nil
        if parts.count == 2, named == nil { throw refusal() }
        let list = parts[parts.count - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let sizes = list.compactMap { part in part.utf8.allSatisfy(\.isASCIIDigit) ? Int(part) : nil }
        guard sizes.count == list.count, sizes.count >= 2 else { throw refusal() }
        guard sizes.allSatisfy({ $0 >= 1 }) else { throw refusal("rank counts start at 1") }
        guard zip(sizes, sizes.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw refusal("rank counts must increase")
        }
        return ScalingSweep(mode: named ?? .strong, sizes: sizes)
    }

    /// Whether `text` is `--sweep`'s value: ArgumentParser has no option whose
    /// value may be left out, so the command line gets `alone` inserted after a
    /// `--sweep` that is not followed by one (`pimpi 1e9 --sweep`). What reads
    /// as a throw count is the throw count (`pimpi --sweep 1e9`), an option is
    /// an option, and anything else is the value, to be accepted or refused.
    static func isValue(_ text: String) -> Bool {
        !text.hasPrefix("-") && (try? ThrowCountArgument.parse(text)) == nil
    }

    /// `arguments` with `alone` after each bare `--sweep` (up to a `--`).
    public static func withValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            out.append(argument)
            index += 1
            if argument == "--" {
                out += arguments[index...]
                break
            }
            if argument == "--sweep", index == arguments.endIndex || !isValue(arguments[index]) {
                out.append(alone)
            }
        }
        return out
    }
}
