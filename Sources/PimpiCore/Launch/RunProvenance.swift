import CPimpiBuild
import Foundation

/// Where a run came from, for a site that keeps its reports to watch trends
/// (what ReFrame's perflogs are for): when it started, the command line, the
/// commit pimpi was built from, and the Slurm job it ran in, as the
/// environment says. Read once, before MPI_Init, on every rank; the root's
/// goes into the report.
struct RunProvenance: Equatable, Sendable {
    /// The Slurm job and step, where srun or sbatch started this process
    /// (also under mpirun inside an allocation, which passes the job's
    /// variables on).
    struct SlurmJob: Equatable, Sendable {
        var jobID: String
        var stepID: String?
        var partition: String?
        var nodeList: String?
        var cluster: String?
    }

    var startedAt: Date
    var arguments: [String]
    var commit: String
    var slurm: SlurmJob?

    static func current(launch: LaunchEnvironment, arguments: [String] = CommandLine.arguments,
                        now: Date = Date()) -> RunProvenance {
        let variable = { (name: String) in launch.variables[name].flatMap { $0.isEmpty ? nil : $0 } }
        let slurm = variable("SLURM_JOB_ID").map { job in
            SlurmJob(jobID: job, stepID: variable("SLURM_STEP_ID"), partition: variable("SLURM_JOB_PARTITION"),
                     nodeList: variable("SLURM_JOB_NODELIST") ?? variable("SLURM_NODELIST"),
                     cluster: variable("SLURM_CLUSTER_NAME"))
        }
        return RunProvenance(startedAt: now, arguments: arguments, commit: buildCommit, slurm: slurm)
    }

    /// The commit this binary was built from (`make` bakes it in).
    static let buildCommit = String(cString: cpimpi_build_commit())

    /// ISO 8601 in UTC, to the second: "2026-12-08T00:21:07Z".
    var startedAtText: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: startedAt)
    }

    /// The command line as a shell would take it back: each argument quoted
    /// where it holds anything but plain characters.
    var commandLine: String {
        arguments.map { argument in
            let plain = !argument.isEmpty && argument.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
            }
            return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
