import Foundation

/// The throw-away Slurm cluster that `make check` starts with
/// Tests/slurm/cluster.sh and describes in the environment: nodes n1, n2, ...
/// that are simulated hosts of their own, and a login host where every Slurm
/// command is typed (`onLogin`).
enum SlurmCluster {
    static let environment = ProcessInfo.processInfo.environment

    /// The cluster's directory, when one is running for these tests.
    static let directory: String? = environment["PIMPI_TEST_CLUSTER"].flatMap { $0.isEmpty ? nil : $0 }

    static var isAvailable: Bool { directory != nil && environment["SLURM_CONF"] != nil }

    static var nodeCount: Int { environment["PIMPI_TEST_CLUSTER_NODES"].flatMap(Int.init) ?? 1 }

    /// CPUs each node has of its own (on 2 cores, 1 each).
    static var cpusPerNode: Int { environment["PIMPI_TEST_CLUSTER_CPUS_PER_NODE"].flatMap(Int.init) ?? 1 }

    /// srun's options for two ranks that fit the cluster: on two nodes where
    /// a node has one CPU of its own.
    static var twoRanks: [String] { cpusPerNode >= 2 ? ["-N", "1", "-n", "2"] : ["-N", "2", "-n", "2"] }

    /// sbatch's options that fit a job script's two ranks (one node with two
    /// tasks, as the scripts ask) to the cluster; they override the #SBATCH lines.
    static var batchAllocation: [String] {
        cpusPerNode >= 2 ? [] : ["-N", "2", "--ntasks-per-node=1"]
    }

    /// `command`, as typed on the login host.
    static func onLogin(_ command: [String]) -> [String] {
        ["\(directory ?? "")/bin/on", "login"] + command
    }

    /// `srun --mpi=PLUGIN ARGS pimpi PIMPI_ARGS` (see `MPIStack.srunCommand`),
    /// bounded in time: the plugin is the one the build's MPI needs unless
    /// another is named.
    static func srun(_ srunArguments: [String], _ pimpiArguments: [String], stack: MPIStack = .openMPI,
                     plugin: String? = nil, timeout: Int = 90,
                     environment: [String: String] = [:]) throws -> Launcher.Result {
        try Launcher.run(onLogin(stack.srunCommand(srunArguments, pimpiArguments, plugin: plugin)),
                         timeout: timeout, environment: environment)
    }

    struct BatchJob {
        var id: String
        var state: String
        var output: String
    }

    /// A submitted batch job: its id and the file its output goes to.
    struct Submission {
        var id: String
        var outputPath: String

        var outputSoFar: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    }

    /// Submits a job script with `PIMPI` pointing at the build under test, and
    /// `SLURM_MPI_TYPE` (what srun reads for `--mpi`) at the plugin its MPI needs.
    static func submit(script: String, arguments: [String], stack: MPIStack = .openMPI) throws -> Submission {
        let directory = try requireDirectory()
        let output = "\(directory)/job-%j.out"
        let export = "--export=ALL,PIMPI=\(stack.binary),SLURM_MPI_TYPE=\(stack.srunPlugin)"
        let submitted = try Launcher.run(
            onLogin(["sbatch", "--parsable", "-o", output, export] + batchAllocation + [script] + arguments),
            timeout: 30)
        guard submitted.status == 0 else { throw ClusterError.submitFailed(submitted.stderr) }
        let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ";").first.map(String.init) ?? ""
        return Submission(id: id, outputPath: output.replacingOccurrences(of: "%j", with: id))
    }

    static let finalStates: Set<String> = [
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE",
        "PREEMPTED",
    ]

    /// Polls `scontrol` until the job ends (sbatch --wait polls too slowly) and
    /// returns its final state, "HUNG" (after cancelling it) if `timeout` passed.
    static func waitForEnd(of job: Submission, timeout: TimeInterval = 120) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var state = "UNKNOWN"
        while Date() < deadline {
            let shown = try Launcher.run(onLogin(["scontrol", "show", "job", "-o", job.id]), timeout: 15)
            if shown.status != 0 {
                // Gone from slurmctld after MinJobAge: it has finished.
                return state == "UNKNOWN" ? "FINISHED" : state
            }
            if let field = shown.stdout.split(separator: " ").first(where: { $0.hasPrefix("JobState=") }) {
                state = String(field.dropFirst("JobState=".count))
            }
            if finalStates.contains(state) { return state }
            Thread.sleep(forTimeInterval: 0.2)
        }
        _ = try? Launcher.run(onLogin(["scancel", job.id]), timeout: 15)
        return "HUNG"
    }

    /// Submits a job script, waits for its end, and returns its final state and output.
    static func runBatch(script: String, arguments: [String], stack: MPIStack = .openMPI,
                         timeout: TimeInterval = 120) throws -> BatchJob {
        let job = try submit(script: script, arguments: arguments, stack: stack)
        let state = try waitForEnd(of: job, timeout: timeout)
        return BatchJob(id: job.id, state: state, output: job.outputSoFar)
    }

    enum ClusterError: Error {
        case noCluster
        case submitFailed(String)
    }

    private static func requireDirectory() throws -> String {
        guard let directory else { throw ClusterError.noCluster }
        return directory
    }
}
