/// `--threads`: worker threads inside each rank, for hybrid MPI + threads runs
/// (one rank per node, threads for its cores).
enum ThreadCount: Equatable, Sendable {
    case fixed(Int)
    /// One thread per core given to this rank: the fewer of Slurm's
    /// --cpus-per-task and the cores this process may run on (its affinity
    /// mask, as srun's or mpirun's binding or taskset set it, counted in cores
    /// by hwloc; in CPUs where hwloc cannot say). Either alone can overstate:
    /// an unbound task's mask is the whole node, and since Slurm 22.05 a step
    /// whose srun was not given -c is bound to one CPU per task while the
    /// job's SLURM_CPUS_PER_TASK still says more. Cores, not hardware threads:
    /// a second thread on a core adds next to nothing to this kernel
    /// (docs/placement.md).
    case auto

    static let maximum = 1024
    /// The number of threads to run, given Slurm's variables and how many
    /// cores the process may run on (`HostFacts.affinityCoreCount`).
    func resolved(environment: [String: String], affinityCoreCount: Int?) -> Int {
        switch self {
        case .fixed(let count):
            return count
        case .auto:
            let slurmCPUs = environment["SLURM_CPUS_PER_TASK"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            let known = [slurmCPUs, affinityCoreCount.flatMap { $0 > 0 ? $0 : nil }].compactMap { $0 }
            return min(known.min() ?? 1, Self.maximum)
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
