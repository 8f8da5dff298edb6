/// What the launcher told this process through its environment, readable before
/// MPI_Init: pimpi validates its arguments before initialising MPI, and then only
/// the process that will be rank 0 may print the error.
public struct LaunchEnvironment: Sendable {
    let variables: [String: String]

    public init(variables: [String: String]) {
        self.variables = variables
    }

    /// Rank variables in the order pimpi trusts them: OpenMPI's mpirun, PMIx
    /// (srun --mpi=pmix), PMI-1/2 launchers, and Slurm's task id (also set by a
    /// plain `srun` without MPI support).
    static let rankVariables = ["OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"]

    /// This process's rank as the launcher numbered it, or nil when it was not
    /// launched as part of a job (a singleton).
    var launchRank: Int? {
        for name in Self.rankVariables {
            if let text = variables[name], let rank = Int(text) { return rank }
        }
        return nil
    }

    /// How many ranks the launcher starts in all, where it says (Open MPI's
    /// mpirun, hydra's PMI, srun); nil where it does not.
    var launchSize: Int? {
        ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS", "SLURM_NTASKS"].lazy
            .compactMap { self.variables[$0].flatMap(Int.init) }.first
    }

    /// Whether this process speaks for the job: rank 0, or a singleton.
    public var isFirstProcess: Bool { (launchRank ?? 0) == 0 }

    /// How many processes the launcher starts on this node, where it says
    /// (Open MPI's mpirun, MPICH's hydra); 1 where it does not.
    public var localProcessCount: Int {
        ["OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"].lazy.compactMap { self.variables[$0].flatMap(Int.init) }
            .first ?? 1
    }

    /// The Slurm node this task runs on, when srun started it. On a cluster it is
    /// the node's name in Slurm; it also tells apart nodes that share a host name.
    var slurmNodeName: String? {
        variables["SLURMD_NODENAME"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The number of tasks in this Slurm job step, when srun launched this process
    /// directly (not through mpirun, which runs its own daemons inside the step).
    var srunTaskCount: Int? {
        guard variables["OMPI_COMM_WORLD_SIZE"] == nil else { return nil }
        return variables["SLURM_STEP_NUM_TASKS"].flatMap { Int($0) }
    }

    /// Whether srun gave this process a process-management interface that this
    /// MPI's MPI_Init can use to find its peers. Open MPI 4 speaks PMIx only
    /// (`srun --mpi=pmi2` fails inside MPI_Init). MPICH and its kin speak PMI-1/2
    /// (`--mpi=pmi2` sets PMI_FD and PMI_RANK), and PMIx only where built with
    /// it, which shows after MPI_Init as a world of 1 rank.
    func hasProcessManagerInterface(for family: MPILibrary.Family) -> Bool {
        let pmix = ["PMIX_RANK", "PMIX_NAMESPACE"]
        let names = family == .openMPI ? pmix : pmix + ["PMI_FD", "PMI_RANK"]
        return names.contains { variables[$0] != nil }
    }

    /// A message when srun started several tasks that MPI cannot join into one job
    /// (srun --mpi=none, a plugin this MPI cannot use, or a Slurm without it):
    /// each would become a separate one-rank run and print its own result. It
    /// names the plugin for the MPI pimpi was built with. `worldSize` is nil
    /// before MPI_Init.
    func srunMisconfiguration(worldSize: Int?, library: MPILibrary) -> String? {
        guard let tasks = srunTaskCount, tasks > 1 else { return nil }
        guard !hasProcessManagerInterface(for: library.family) || worldSize == 1 else { return nil }
        let plugin = library.srunPlugin
        let problem = worldSize == nil ? "MPI got no connection it can use" : "MPI sees a world of 1 rank"
        return "srun started \(tasks) tasks, but \(problem): they would run as \(tasks) separate copies. "
            + "\(library.name) needs `srun --mpi=\(plugin)` (check `srun --mpi=list`), "
            + "or MpiDefault=\(plugin) in slurm.conf"
    }
}
