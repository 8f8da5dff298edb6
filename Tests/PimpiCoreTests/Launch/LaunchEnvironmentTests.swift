@testable import PimpiCore
import Testing

@Suite("Launch environment")
struct LaunchEnvironmentTests {
    @Test("rank variables, in order of trust", arguments: [
        ([:], nil),
        (["OMPI_COMM_WORLD_RANK": "3"], 3),
        (["PMIX_RANK": "2"], 2),
        (["PMI_RANK": "1"], 1),
        (["SLURM_PROCID": "5"], 5),
        (["SLURM_PROCID": "5", "PMIX_RANK": "0"], 0),
        (["OMPI_COMM_WORLD_RANK": "junk", "PMI_RANK": "4"], 4),
    ] as [([String: String], Int?)])
    func launchRank(variables: [String: String], expected: Int?) {
        let launch = LaunchEnvironment(variables: variables)
        #expect(launch.launchRank == expected)
        #expect(launch.isFirstProcess == ((expected ?? 0) == 0))
    }

    @Test("processes on this node, from mpirun or hydra; 1 where no launcher says", arguments: [
        ([:], 1), (["OMPI_COMM_WORLD_LOCAL_SIZE": "128"], 128), (["MPI_LOCALNRANKS": "64"], 64),
        (["OMPI_COMM_WORLD_LOCAL_SIZE": "junk", "MPI_LOCALNRANKS": "2"], 2),
    ] as [([String: String], Int)])
    func localProcesses(variables: [String: String], expected: Int) {
        #expect(LaunchEnvironment(variables: variables).localProcessCount == expected)
    }
}
