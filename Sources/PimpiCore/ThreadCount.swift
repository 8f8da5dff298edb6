import CPimpiCPU

/// `--threads`: worker threads inside each rank, for hybrid MPI + threads runs
/// (one rank per node, threads for its cores).
public enum ThreadCount: Equatable, Sendable {
    case fixed(Int)
    /// The cores given to this rank: Slurm's --cpus-per-task, else the CPUs this
    /// process may run on (its affinity mask, as mpirun's binding or taskset set it).
    case auto

    public static let maximum = 1024
    public static let acceptedForms = "auto, or a whole number from 1 to \(maximum)"

    public struct ParseError: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "expected \(ThreadCount.acceptedForms)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> ThreadCount {
        if text == "auto" { return .auto }
        guard text.utf8.allSatisfy(\.isASCIIDigit),
              let value = Int(text), (1 ... maximum).contains(value)
        else { throw ParseError(text: text) }
        return .fixed(value)
    }

    /// The number of threads to run.
    public func resolved(environment: [String: String]) -> Int {
        switch self {
        case .fixed(let count):
            return count
        case .auto:
            if let text = environment["SLURM_CPUS_PER_TASK"], let cpus = Int(text), cpus > 0 {
                return min(cpus, Self.maximum)
            }
            return min(max(Self.affinityCPUCount() ?? 1, 1), Self.maximum)
        }
    }

    /// How many CPUs the calling process may run on (nil where that cannot be asked).
    public static func affinityCPUCount() -> Int? {
        let count = Int(cpimpi_affinity_cpu_count())
        return count > 0 ? count : nil
    }
}
