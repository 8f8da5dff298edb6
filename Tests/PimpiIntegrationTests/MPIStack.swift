import Foundation

/// One MPI that pimpi was built against, with its own launcher, named
/// explicitly: the integration suites run each build that `make check` made
/// (PIMPI_BIN for Open MPI, PIMPI_BIN_MPICH for MPICH), and each one's build
/// with test hooks for the tests that inject faults (`withTestHooks`).
struct MPIStack: CustomStringConvertible, Hashable, Sendable {
    private(set) var name: String
    private(set) var binary: String
    /// `make test-hooks`'s build of the same MPI: it reads PIMPI_TEST_FAULT.
    let testHooksBinary: String
    /// The launcher and what every launch needs (Open MPI: more ranks than cores).
    let launcher: [String]
    /// The variable in which the launcher tells a rank its number.
    let rankVariable: String
    /// The srun plugin this MPI needs, and plugins that leave its tasks unconnected.
    let srunPlugin: String
    let wrongSrunPlugins: [String]
    /// srun options this MPI needs so that a dying task ends the step: Slurm's
    /// PMI-2 plugin ends it only with --kill-on-bad-exit, and its PMIx plugin
    /// only when the task died on the node of another (not across nodes).
    let srunStepOptions: [String]
    /// Hydra writes its own banner to stdout when a rank dies or is stopped, so
    /// there "nothing on stdout" means "no result of pimpi's".
    let launcherWritesStdout: Bool

    var description: String { name }

    static let openMPI = MPIStack(
        name: "Open MPI", binary: built(variable: "PIMPI_BIN", directory: ".build"),
        testHooksBinary: built(variable: "PIMPI_BIN_TEST_HOOKS", directory: ".build", hooked: true),
        launcher: ["mpirun.openmpi", "--oversubscribe"], rankVariable: "OMPI_COMM_WORLD_RANK",
        srunPlugin: "pmix", wrongSrunPlugins: ["none", "pmi2"], srunStepOptions: ["--kill-on-bad-exit=1"],
        launcherWritesStdout: false)

    /// MPICH's hydra starts any number of ranks on any number of cores.
    static let mpich = MPIStack(
        name: "MPICH", binary: built(variable: "PIMPI_BIN_MPICH", directory: ".build-mpich"),
        testHooksBinary: built(variable: "PIMPI_BIN_MPICH_TEST_HOOKS", directory: ".build-mpich", hooked: true),
        launcher: ["mpiexec.mpich"], rankVariable: "PMI_RANK",
        srunPlugin: "pmi2", wrongSrunPlugins: ["none", "pmix"], srunStepOptions: ["--kill-on-bad-exit=1"],
        launcherWritesStdout: true)

    /// Whether Open MPI's launcher is PRRTE's `prterun` (Open MPI 5 and later,
    /// Debian 13) rather than ORTE's `mpirun` (4.x, Debian 12): they stop a job
    /// differently (docs/troubleshooting.md).
    static let openMPIHasPRRTE: Bool = {
        guard let result = try? Launcher.run(["mpirun.openmpi", "--version"], timeout: 30) else { return false }
        return !result.stdout.contains("OpenRTE")
    }()

    /// `make test`'s quick tier runs the Open MPI build alone, whatever else
    /// an earlier `make check` left built.
    static let quickTier = ProcessInfo.processInfo.environment["PIMPI_TEST_TIER"] == "quick"

    /// The builds that exist, Open MPI's first (in the quick tier, Open MPI's).
    static let built: [MPIStack] = (quickTier ? [openMPI] : [openMPI, mpich]).filter(\.isBuilt)

    var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// This MPI, launching the build with test hooks instead of the shipped one.
    var withTestHooks: MPIStack {
        var hooked = self
        hooked.name += " (test hooks)"
        hooked.binary = testHooksBinary
        return hooked
    }

    /// Whether stdout holds nothing of pimpi's: empty, or only the launcher's banner.
    func noResult(in stdout: String) -> Bool {
        launcherWritesStdout
            ? !stdout.contains("Monte Carlo estimate of pi") && !stdout.contains("\"results\"") : stdout.isEmpty
    }

    /// `srun --mpi=PLUGIN [options a dying task needs] SRUN_ARGUMENTS pimpi ARGUMENTS`.
    func srunCommand(_ srunArguments: [String], _ arguments: [String], plugin: String? = nil) -> [String] {
        ["srun", "--mpi=\(plugin ?? srunPlugin)"] + srunStepOptions + srunArguments + [binary] + arguments
    }

    /// The launcher starting one rank on each of `hosts`, reaching them through
    /// `ssh` (the simulated hosts' stand-in), with no other setting: the hosts'
    /// one network is what both MPIs choose by themselves.
    func commandAcross(_ hosts: [String], ssh: String, _ arguments: [String]) -> [String] {
        let list = hosts.joined(separator: ",")
        let count = String(hosts.count)
        return self == .openMPI
            ? ["mpirun.openmpi", "--mca", "plm_rsh_agent", ssh, "--host", list, "-np", count, binary] + arguments
            : ["mpiexec.mpich", "-launcher", "ssh", "-launcher-exec", ssh, "-hosts", list, "-n", count, binary]
                + arguments
    }

    /// `LAUNCHER -np RANKS pimpi ARGUMENTS`.
    func command(ranks: Int, _ arguments: [String]) -> [String] {
        launcher + ["-np", String(ranks), binary] + arguments
    }

    private static func built(variable: String, directory: String, hooked: Bool = false) -> String {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { return path }
        return Launcher.packageRoot.appendingPathComponent("\(directory)/\(hooked ? "test-hooks" : "release")/pimpi").path
    }
}
