/// `--threads`: worker threads inside each rank, for hybrid MPI + threads runs
/// (one rank per node, threads for its cores).
enum ThreadCount: Equatable, Sendable {
    case fixed(Int)
    /// The cores given to this rank: Slurm's --cpus-per-task, else the CPUs this
    /// process may run on (its affinity mask, as mpirun's binding or taskset set it).
    case auto

    static let maximum = 1024
    /// The number of threads to run, given Slurm's variables and how many CPUs
    /// the process may run on (`HostFacts.affinityCPUCount`).
    func resolved(environment: [String: String], affinityCPUCount: Int?) -> Int {
        switch self {
        case .fixed(let count):
            return count
        case .auto:
            if let text = environment["SLURM_CPUS_PER_TASK"], let cpus = Int(text), cpus > 0 {
                return min(cpus, Self.maximum)
            }
            return min(max(affinityCPUCount ?? 1, 1), Self.maximum)
        }
    }
}

/// `--threads`: `auto`, or a whole number from 1 to `ThreadCount.maximum`.
enum ThreadCountArgument: ArgumentValue {
    static let acceptedForms = "auto, or a whole number from 1 to \(ThreadCount.maximum)"

    static func parse(_ text: String) throws(ArgumentValueError) -> ThreadCount {
        if text == "auto" { return .auto }
        guard text.utf8.allSatisfy(\.isASCIIDigit), let value = Int(text), (1 ... ThreadCount.maximum).contains(value)
        else { throw refusal() }
        return .fixed(value)
    }
}
