import Foundation
import Testing

extension IntegrationTests {
    /// What the archive tests share: the commit the build under test should
    /// name (`make` bakes `git rev-parse --short=12 HEAD` in), and a JSON
    /// line's context.
    enum Archive {
        static let commit: String? = try? Launcher.run(["git", "-C", Launcher.packageRoot.path, "rev-parse",
                                                        "--short=12", "HEAD"], timeout: 30)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        static func lines(_ path: String) throws -> [[String: Any]] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }

        static func context(_ report: [String: Any]) throws -> [String: Any] {
            try #require(report["context"] as? [String: Any])
        }

        /// Checks the fields every kept report has: a start within the test's
        /// span, the command line, the build's commit.
        static func checkProvenance(_ context: [String: Any], after start: Date, command: String) throws {
            let started = try #require(context["started_at"] as? String)
            let formatter = ISO8601DateFormatter()
            let time = try #require(formatter.date(from: started), "\(started)")
            #expect(time >= start.addingTimeInterval(-1) && time <= Date(), "\(started)")
            #expect((context["command_line"] as? String)?.contains(command) == true, "\(context)")
            let built = try #require(context["pimpi_commit"] as? String)
            #expect(built.hasPrefix(try #require(commit)) || ProcessInfo.processInfo.environment["PIMPI_BIN"] == nil,
                    "\(built), HEAD \(commit ?? "?")")
        }

        static let trendScript = Launcher.packageRoot.appendingPathComponent("bench/trend.py").path
    }

    @Suite("Reports a site keeps (--append-to)", .serialized,
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct ArchiveTests {
        @Test("each run appends one JSON line: its start, command line and commit; a screen's too; trend.py draws them",
              .enabled(if: PlotSweep.hasMatplotlib, "no matplotlib: make check installs python3-matplotlib"))
        func appended() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-archive-\(UUID())").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = "\(directory)/runs.jsonl"
            let start = Date()
            let run = try Launcher.mpirun(ranks: 2, ["1e7", "--no-serial", "--append-to", file])
            #expect(run.status == 0 && run.stdout.contains("Monte Carlo estimate of pi"), "\(run.stderr)")
            let sweep = try Launcher.mpirun(ranks: 2, ["1e7", "--no-serial", "--sweep", "--format", "csv",
                                                       "--append-to", file])
            #expect(sweep.status == 0 && sweep.stdout.hasPrefix("pimpi_version,"), "\(sweep.stderr)")
            let screen = try Launcher.singleton(["--screen", "1s", "--throttle-fraction", "0", "--append-to", file])
            #expect(screen.status == 0, "\(screen.stdout)\(screen.stderr)")
            let lines = try Archive.lines(file)
            #expect(lines.count == 3)
            try Archive.checkProvenance(try Archive.context(lines[0]), after: start, command: "1e7 --no-serial --append-to")
            #expect(try Archive.context(lines[0])["slurm_job_id"] is NSNull)
            let rows = try #require(lines[1]["rows"] as? [[String: Any]])
            #expect(rows.count == 2)
            try Archive.checkProvenance(try Archive.context(rows[0]), after: start, command: "--sweep --format csv")
            try Archive.checkProvenance(try Archive.context(lines[2]), after: start, command: "--screen 1s")

            let drawn = try Launcher.run(["/usr/bin/python3", Archive.trendScript, file, "-o", "\(directory)/trend"],
                                         timeout: 120)
            #expect(drawn.status == 0 && drawn.stdout.contains("points of 1 node(s)"), "\(drawn.stdout)\(drawn.stderr)")
            let png = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/trend.png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        }

        @Test("a file that cannot be written: the report is printed, one line says why, exit 73")
        func unwritable() throws {
            let result = try Launcher.mpirun(ranks: 2, ["1e6", "--no-serial", "--append-to", "/nonexistent/runs.jsonl"])
            #expect(result.status != 0 && result.stdout.contains("Monte Carlo estimate of pi"), "\(result.stderr)")
            #expect(result.errorLines == ["pimpi: error: cannot open --append-to /nonexistent/runs.jsonl: No such file or directory"],
                    "\(result.stderr)")
        }
    }

    @Suite("Reports a site keeps, from a real Slurm job", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct ArchiveSlurmTests {
        @Test("sbatch: the job id, step, partition, node list and cluster in the kept line are the job's own")
        func batchJob() throws {
            let directory = try #require(SlurmCluster.directory)
            let file = "\(directory)/archive-\(UUID().uuidString.prefix(8)).jsonl"
            defer { try? FileManager.default.removeItem(atPath: file) }
            let start = Date()
            let stack = MPIStack.openMPI
            let command = stack.srunCommand(["-n", "1"], ["1e7", "--no-serial", "--append-to", file])
            let submitted = try Launcher.run(SlurmCluster.onLogin(
                ["sbatch", "--parsable", "-N", "1", "-w", "n1", "-o", "\(directory)/archive-%j.out",
                 "--wrap", command.joined(separator: " ")]), timeout: 30)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let job = SlurmCluster.Submission(id: id, outputPath: "\(directory)/archive-\(id).out")
            defer { try? FileManager.default.removeItem(atPath: job.outputPath) }
            let state = try SlurmCluster.waitForEnd(of: job)
            #expect(["COMPLETED", "FINISHED"].contains(state), "\(state): \(job.outputSoFar)")
            let lines = try Archive.lines(file)
            #expect(lines.count == 1, "\(job.outputSoFar)")
            let context = try Archive.context(try #require(lines.first))
            try Archive.checkProvenance(context, after: start, command: "1e7 --no-serial --append-to")
            #expect(context["slurm_job_id"] as? String == id, "\(context)")
            #expect(context["slurm_step_id"] as? String == "0", "\(context)")
            #expect(context["slurm_partition"] as? String == "test", "\(context)")
            #expect(context["slurm_nodelist"] as? String == "n1", "\(context)")
            #expect(context["slurm_cluster"] as? String == "pimpitest", "\(context)")
            #expect(context["hosts"] as? [String] == ["n1"], "\(context)")
        }
    }
}
