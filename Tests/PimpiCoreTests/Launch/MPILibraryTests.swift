@testable import PimpiCore
import Testing

@Suite("MPI library names and families")
struct MPILibraryTests {
    /// The first two were read from the libraries installed here (Debian 12);
    /// the others are the forms these libraries document, not run here.
    @Test("one-line names", arguments: [
        ("Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4, repo rev: v4.1.4, May 26, 2022",
         "Open MPI 4.1.4", MPILibrary.Family.openMPI),
        ("MPICH Version:\t4.0.2\nMPICH Release date:\tThu Apr  7 12:34:45 CDT 2022\nMPICH ABI:\t14:2:2\n"
            + "MPICH Device:\tch4:ucx\nMPICH configure:\t--build=x86_64-linux-gnu --prefix=/usr",
         "MPICH 4.0.2", .mpich),
        ("MVAPICH2 Version      :\t2.3.7\nMVAPICH2 Release date :\tWed March 02 22:00:00 EST 2022",
         "MVAPICH2 2.3.7", .mpich),
        ("MPI VERSION    : CRAY MPICH version 8.1.26.15 (ANL base 3.4a2)\nMPI BUILD INFO : Sun Apr 23 2023",
         "CRAY MPICH 8.1.26.15", .mpich),
        ("Intel(R) MPI Library 2021.10 for Linux* OS\n", "Intel(R) MPI Library 2021.10", .mpich),
        ("Some MPI 1.0", "Some MPI 1.0", .other),
        ("", "unknown MPI", .other),
    ] as [(String, String, MPILibrary.Family)])
    func names(versionString: String, name: String, family: MPILibrary.Family) {
        let library = MPILibrary(versionString: versionString)
        #expect(library.name == name)
        #expect(!library.name.contains("\n"))
        #expect(library.family == family)
    }

    static let openMPI = MPILibrary(versionString: "Open MPI v4.1.4, package: Debian OpenMPI")
    static let mpich = MPILibrary(versionString: "MPICH Version:\t4.0.2\nMPICH Device:\tch4:ucx")
    static let srunTwoTasks = ["SLURM_STEP_NUM_TASKS": "2", "SLURM_PROCID": "0"]

    @Test("srun --mpi=none: each MPI is told its own plugin", arguments: [(openMPI, "pmix"), (mpich, "pmi2")])
    func noPMI(library: MPILibrary, plugin: String) throws {
        let launch = LaunchEnvironment(variables: Self.srunTwoTasks)
        let message = try #require(launch.srunMisconfiguration(worldSize: nil, library: library))
        #expect(message.contains("`srun --mpi=\(plugin)`") && message.contains(library.name))
    }

    @Test("srun --mpi=pmi2 serves MPICH, not Open MPI; pmix is judged after MPI_Init")
    func pmi2() {
        let pmi2 = LaunchEnvironment(variables: Self.srunTwoTasks.merging(["PMI_FD": "11", "PMI_RANK": "0"]) { $1 })
        #expect(pmi2.srunMisconfiguration(worldSize: nil, library: Self.mpich) == nil)
        #expect(pmi2.srunMisconfiguration(worldSize: 2, library: Self.mpich) == nil)
        #expect(pmi2.srunMisconfiguration(worldSize: nil, library: Self.openMPI) != nil)
        let pmix = LaunchEnvironment(variables: Self.srunTwoTasks.merging(["PMIX_RANK": "0"]) { $1 })
        #expect(pmix.srunMisconfiguration(worldSize: nil, library: Self.mpich) == nil)
        #expect(pmix.srunMisconfiguration(worldSize: 1, library: Self.mpich)?.contains("--mpi=pmi2") == true)
        #expect(pmix.srunMisconfiguration(worldSize: 2, library: Self.openMPI) == nil)
    }

    @Test("one task, or tasks started by a launcher inside the step, are not srun's to judge")
    func notDirectSrun() {
        #expect(LaunchEnvironment(variables: ["SLURM_STEP_NUM_TASKS": "1"])
            .srunMisconfiguration(worldSize: nil, library: Self.mpich) == nil)
        #expect(LaunchEnvironment(variables: ["SLURM_STEP_NUM_TASKS": "2", "OMPI_COMM_WORLD_SIZE": "4"])
            .srunMisconfiguration(worldSize: nil, library: Self.openMPI) == nil)
    }
}
