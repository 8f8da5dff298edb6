/// What the launcher told this process through its environment, readable before
/// MPI_Init: pimpi validates its arguments before initialising MPI, and then only
/// the process that will be rank 0 may print the error.
public struct LaunchEnvironment: Sendable {
    public let variables: [String: String]

    public init(variables: [String: String]) {
        self.variables = variables
    }

    /// Rank variables in the order pimpi trusts them: OpenMPI's mpirun, PMIx
    /// (srun --mpi=pmix), PMI-1/2 launchers, and Slurm's task id (also set by a
    /// plain `srun` without MPI support).
    public static let rankVariables = ["OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"]

    /// This process's rank as the launcher numbered it, or nil when it was not
    /// launched as part of a job (a singleton).
    public var launchRank: Int? {
        for name in Self.rankVariables {
            if let text = variables[name], let rank = Int(text) { return rank }
        }
        return nil
    }

    /// Whether this process speaks for the job: rank 0, or a singleton.
    public var isFirstProcess: Bool { (launchRank ?? 0) == 0 }

    /// The Slurm node this task runs on, when srun started it. On a cluster it is
    /// the node's name in Slurm; it also tells apart nodes that share a host name.
    public var slurmNodeName: String? {
        variables["SLURMD_NODENAME"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The number of tasks in this Slurm job step, when srun launched this process
    /// directly (not through mpirun, which runs its own daemons inside the step).
    public var srunTaskCount: Int? {
        guard variables["OMPI_COMM_WORLD_SIZE"] == nil else { return nil }
        return variables["SLURM_STEP_NUM_TASKS"].flatMap { Int($0) }
    }

    /// Whether srun gave this process a process-management interface that MPI_Init
    /// can use to find its peers. Open MPI 4 direct-launched by srun speaks PMIx
    /// only (`srun --mpi=pmi2` fails inside MPI_Init); other MPIs may use PMI-2.
    public func hasProcessManagerInterface(pmixOnly: Bool) -> Bool {
        let names = pmixOnly ? ["PMIX_RANK", "PMIX_NAMESPACE"] : ["PMIX_RANK", "PMIX_NAMESPACE", "PMI_RANK"]
        return names.contains { variables[$0] != nil }
    }

    /// A message when srun started several tasks that MPI cannot join into one job
    /// (srun --mpi=none, a PMI srun can't serve this MPI, or a Slurm without PMIx):
    /// each would become a separate one-rank run and print its own result.
    /// `worldSize` is nil before MPI_Init.
    public func srunMisconfiguration(worldSize: Int?, mpiLibrary: String) -> String? {
        guard let tasks = srunTaskCount, tasks > 1 else { return nil }
        let pmixOnly = mpiLibrary.hasPrefix("Open MPI")
        if !hasProcessManagerInterface(pmixOnly: pmixOnly) || worldSize == 1 {
            return "srun started \(tasks) tasks, but MPI \(worldSize == nil ? "was given no PMIx connection" : "sees a world of 1 rank"): "
                + "they would run as \(tasks) separate copies. Launch with `srun --mpi=pmix` "
                + "(check `srun --mpi=list`), or set MpiDefault=pmix in slurm.conf"
        }
        return nil
    }
}
