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
}
