@testable import PimpiCore
import Testing

@Suite("How long MPI_Init may take")
struct StartupBoundTests {
    static func bound(_ variables: [String: String], cpus: Int, timeout: Double? = nil) -> Double {
        StartupBound.seconds(rankTimeout: timeout, launch: LaunchEnvironment(variables: variables), onlineCPUs: cpus)
    }

    @Test("a minute for a few ranks, with each term's margin over what was measured")
    func measured() {
        #expect(abs(Self.bound(["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_LOCAL_SIZE": "2"], cpus: 2) - 60.014) < 1e-9)
        // 256 ranks on 2 cores: Open MPI's MPI_Init took 50 s (docs/scaling.md).
        let crowded = Self.bound(["OMPI_COMM_WORLD_SIZE": "256", "OMPI_COMM_WORLD_LOCAL_SIZE": "256"], cpus: 2)
        #expect(crowded > 4 * 50)
        // 10⁵ ranks one per core, as srun states them.
        let large = Self.bound(["SLURM_STEP_NUM_TASKS": "100000"], cpus: 128)
        #expect(large > 150 && large < 170)
    }

    @Test("--rank-timeout replaces it")
    func given() {
        #expect(Self.bound(["OMPI_COMM_WORLD_SIZE": "256"], cpus: 2, timeout: 3) == 3)
    }
}
