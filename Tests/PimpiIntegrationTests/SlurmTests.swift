import Foundation
import Testing

extension IntegrationTests {
    /// pimpi on a real Slurm cluster (slurmctld, slurmd and munged on simulated
    /// hosts of this machine), started by `make check`. Assertions read the output, not only exit codes: a
    /// failed PMIx launch can make srun exit 0.
    @Suite("pimpi under Slurm", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct SlurmTests {
        static let seed = "424242"
        static let scripts = Launcher.packageRoot.appendingPathComponent("slurm")

        static func hits(_ result: Launcher.Result) throws -> (hits: UInt64?, report: ParsedReport) {
            let report = try ParsedReport(json: result.stdout)
            return (report.hits, report)
        }

        @Test("srun -n 2 with the MPI's plugin (pmix, pmi2) gives 2 ranks and the same hits as its launcher",
              arguments: MPIStack.built)
        func srunMatchesMpirun(stack: MPIStack) throws {
            let srun = try SlurmCluster.srun(
                SlurmCluster.twoRanks, ["1e8", "--seed", Self.seed, "--format", "json"], stack: stack)
            #expect(srun.status == 0, "\(srun.stderr)")
            let (srunHits, srunReport) = try Self.hits(srun)
            #expect(srunReport.ranks == 2)
            #expect(srunReport.serialMatched == true)

            let mpirun = try Launcher.mpirun(ranks: 2, ["1e8", "--seed", Self.seed, "--format", "json"], stack: stack)
            #expect(mpirun.status == 0, "\(mpirun.stderr)")
            #expect(try Self.hits(mpirun).hits == srunHits)
        }

        /// The script as it stands (exclusive nodes, one task per core,
        /// --cpu-bind=verbose,cores): srun's binding report and pimpi's agree.
        @Test("sbatch slurm/pimpi.slurm 1e8 completes with a 2-rank summary, each rank on the CPUs srun bound it to",
              arguments: MPIStack.built)
        func batchScript(stack: MPIStack) throws {
            let job = try SlurmCluster.runBatch(
                script: Self.scripts.appendingPathComponent("pimpi.slurm").path, arguments: ["1e8", "--per-rank"],
                stack: stack)
            #expect(["COMPLETED", "FINISHED"].contains(job.state), "job \(job.id): \(job.state)\n\(job.output)")
            #expect(job.output.contains("throws         100,000,000"), "\(job.output)")
            let placed = SlurmCluster.cpusPerNode >= 2 ? "ranks          2 on 1 node" : "ranks          2 on 2 nodes"
            #expect(job.output.contains(placed), "\(job.output)")
            #expect(job.output.contains("serial rerun matched"), "\(job.output)")
            #expect(job.output.contains("MPI library    \(stack.name) "), "\(job.output)")
            #expect(job.output.contains("finished"), "\(job.output)")
            let bound = Self.srunBindings(in: job.output)
            #expect(bound.count == 2, "srun reported no binding for each task:\n\(job.output)")
            #expect(Self.pimpiCPUs(in: job.output) == bound, "\(job.output)")
        }

        /// Each task's CPUs as srun's --cpu-bind=verbose reports them
        /// ("cpu-bind=MASK - n1, task  0  0 [4242]: mask 0x1 set").
        static func srunBindings(in output: String) -> [Int: Set<Int>] {
            var bound: [Int: Set<Int>] = [:]
            for line in output.split(separator: "\n") where line.hasPrefix("cpu-bind=MASK") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard let taskAt = fields.firstIndex(of: "task"), taskAt + 1 < fields.count,
                      let task = Int(fields[taskAt + 1]), let maskAt = fields.firstIndex(of: "mask"),
                      maskAt + 1 < fields.count, let mask = UInt64(fields[maskAt + 1].dropFirst(2), radix: 16)
                else { continue }
                bound[task] = Set((0 ..< 64).filter { mask & (1 << UInt64($0)) != 0 })
            }
            return bound
        }

        /// Each rank's CPUs from pimpi's --per-rank table (rank, host, thread,
        /// cpus, ...: the rank's line first, then its threads' lines).
        static func pimpiCPUs(in output: String) -> [Int: Set<Int>] {
            let lines = output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            guard let header = lines.firstIndex(where: { $0.starts(with: ["rank", "host", "thread", "cpus"]) })
            else { return [:] }
            var cpus: [Int: Set<Int>] = [:]
            for fields in lines[(header + 1)...] {
                guard fields.count >= 4, let rank = Int(fields[0]) else { break }
                if cpus[rank] == nil { cpus[rank] = ParsedReport.cpus(String(fields[3])) }
            }
            return cpus
        }

        @Test("sbatch slurm/scaling.slurm: one srun, a row per task count, all with the same hits")
        func scalingScript() throws {
            let job = try SlurmCluster.runBatch(
                script: Self.scripts.appendingPathComponent("scaling.slurm").path, arguments: ["1e8", "--repeat", "2"])
            #expect(["COMPLETED", "FINISHED"].contains(job.state), "job \(job.id): \(job.state)\n\(job.output)")
            let lines = job.output.split(separator: "\n", omittingEmptySubsequences: false)
            let header = try #require(lines.firstIndex { $0.contains("ranks") && $0.contains("speedup") },
                                      "no table in\n\(job.output)")
            let rows = lines[(header + 1)...].prefix { !$0.isEmpty }.map { $0.split(separator: " ") }
            #expect(rows.map { Int($0[0]) } == [1, 2], "\(job.output)")
            #expect(Set(rows.map { $0.last }).count == 1, "hit counts differ:\n\(job.output)")
            #expect(job.output.contains("check          every row counted"), "\(job.output)")
            #expect(job.output.contains("2 timed per row"), "\(job.output)")
        }

        @Test("srun --schedule dynamic: the static schedule's hits", arguments: MPIStack.built)
        func dynamic(stack: MPIStack) throws {
            let arguments = ["3e7", "--seed", Self.seed, "--format", "json", "--no-serial"]
            let dynamic = try SlurmCluster.srun(SlurmCluster.twoRanks, arguments + ["--schedule", "dynamic", "--chunk", "1e6"],
                                                stack: stack)
            #expect(dynamic.status == 0, "\(dynamic.stderr)")
            let fixed = try SlurmCluster.srun(SlurmCluster.twoRanks, arguments, stack: stack)
            #expect(fixed.status == 0, "\(fixed.stderr)")
            #expect(try Self.hits(dynamic).hits == Self.hits(fixed).hits)
            let taking = try Self.hits(dynamic).report.context["chunk_taking"] as? String
            #expect(taking == "atomics" || taking == "rank 0", "\(dynamic.stdout)")
        }

        @Test("srun --sweep: a row for 1 and 2 tasks from one step, identical hits", arguments: MPIStack.built)
        func sweep(stack: MPIStack) throws {
            let result = try SlurmCluster.srun(SlurmCluster.twoRanks, ["3e7", "--seed", Self.seed, "--sweep", "--format", "json"],
                                               stack: stack)
            #expect(result.status == 0, "\(result.stderr)")
            let sweep = try IntegrationTests.SweepTests.ParsedSweep(json: result.stdout)
            #expect(sweep.ranks == [1, 2])
            #expect(Set(sweep.hits).count == 1 && sweep.hits[0] != nil, "\(sweep.hits)")
        }

        @Test("srun -N 2 -n 2: a rank on each host, the same hits as one rank, and MPI's traffic on the link",
              .enabled(if: SlurmCluster.nodeCount >= 2, "the test cluster has one node"), arguments: MPIStack.built)
        func twoNodes(stack: MPIStack) throws {
            let arguments = ["--seed", Self.seed, "--format", "json", "--no-serial"]
            let throwCount = try SimulatedHosts.throwsLasting(seconds: 3)
            let hosts = SimulatedHosts(existing: "\(try #require(SlurmCluster.directory))/hosts")
            let (spread, connections) = try hosts.whileRunning(
                SlurmCluster.onLogin(stack.srunCommand(["-N", "2", "-n", "2"], [throwCount] + arguments)),
                watch: "n2", peer: "n1")
            #expect(spread.status == 0, "\(spread.stderr)")
            let (spreadHits, spreadReport) = try Self.hits(spread)
            #expect(spreadReport.ranks == 2)
            #expect(spreadReport.context["hosts"] as? [String] == ["n1", "n2"])
            #expect(spreadReport.perRank.map { $0["host"] as? String } == ["n1", "n2"])
            #expect(!connections.isEmpty, "pimpi on n2 never had a TCP connection of its own to n1")

            let single = try SlurmCluster.srun(["-N", "1", "-n", "1"], [throwCount] + arguments, stack: stack)
            #expect(single.status == 0, "\(single.stderr)")
            #expect(try Self.hits(single).hits == spreadHits)
        }

        @Test("srun with a plugin the MPI cannot use ends with one message naming the right one",
              arguments: MPIStack.built)
        func srunWithWrongPlugin(stack: MPIStack) throws {
            for plugin in stack.wrongSrunPlugins {
                let result = try SlurmCluster.srun(SlurmCluster.twoRanks, ["1e8"], stack: stack, plugin: plugin,
                                                   timeout: 30)
                let what = "\(stack) under --mpi=\(plugin)"
                #expect(!result.timedOut, "\(what)")
                #expect(result.status != 0, "\(what)")
                #expect(result.errorLines.count == 1, "\(what):\n\(result.stderr)")
                #expect(result.errorLines.first?.contains("srun --mpi=\(stack.srunPlugin)`") == true, "\(what): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(what): \(result.stdout)")
            }
        }
    }

    /// slurm/reframe/pimpi_check.py, run by ReFrame (pinned by `make check`)
    /// against the test cluster with its `squeue` scheduler.
    @Suite("ReFrame check", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: ReFrameTool.path != nil, "no ReFrame: run through `make check`"))
    struct ReFrameTests {
        /// Runs the check against the test cluster, on all its nodes, with
        /// `settings` (`-S` values), and returns the job script ReFrame wrote.
        static func runCheck(_ settings: [String] = []) throws -> (result: Launcher.Result, jobScript: String) {
            let root = Launcher.packageRoot.path
            let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-rf-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: prefix) }
            let result = try Launcher.run(SlurmCluster.onLogin(
                [try #require(ReFrameTool.path), "-C", "\(root)/Tests/slurm/reframe_config.py",
                 "-c", "\(root)/slurm/reframe/pimpi_check.py", "-r", "--prefix", prefix, "--keep-stage-files",
                 "-S", "executable=\(Launcher.binary)",
                 "-S", "num_nodes=\(SlurmCluster.nodeCount)", "--nocolor"]
                    + settings.flatMap { ["-S", $0] }),
                timeout: 300)
            let script = FileManager.default.enumerator(atPath: prefix)?.compactMap { $0 as? String }
                .first { $0.hasSuffix("/rfm_job.sh") }
                .flatMap { try? String(contentsOfFile: "\(prefix)/\($0)", encoding: .utf8) }
            return (result, script ?? "")
        }

        /// Passes on a busy machine too: a straggler is a performance figure,
        /// not a sanity failure. By default each rank counts for `seconds`
        /// (pimpi --duration) in a weak sweep, rank 0 alone and then all:
        /// sanity has checked the rank count and pimpi's own check of the rows.
        @Test("pimpi_check.py passes on whole nodes of the test cluster, one task per core, and reports its performance variables")
        func check() throws {
            // Without its CPU's rate as a reference: how fast this machine is
            // (or how busy) decides no verdict here (cpuReference below).
            let (result, jobScript) = try Self.runCheck(["seconds=1", "cpu_reference_fraction=0"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("PASSED") && result.stdout.contains("Ran 1/1 test case(s)"), "\(result.stdout)")
            for variable in ["throws_per_second_per_core", "efficiency", "slowest_rank_ratio", "idle_cores",
                             "parallel_seconds_stddev"] {
                #expect(result.stdout.contains("P: \(variable): "), "\(variable) missing: \(result.stdout)")
            }
            // One task per core of the partition's processor (Tests/slurm/reframe_config.py).
            let tasks = SlurmCluster.nodeCount * SlurmCluster.cpusPerNode
            for line in ["--ntasks=\(tasks)", "--ntasks-per-node=\(SlurmCluster.cpusPerNode)", "--exclusive",
                         "--hint=nomultithread", "--time=0:10:0"] {
                #expect(jobScript.contains("#SBATCH \(line)\n"), "\(line) missing from the job script:\n\(jobScript)")
            }
            let tasksString = String(tasks)
            #expect(jobScript.contains("--duration 1.0 --sweep weak:1,\(tasksString)"), "\(jobScript)")
        }

        /// The slowest rank over the median is at most 1 (the median is the
        /// upper one), so a bound of 1.01 fails every run: what a site's
        /// reference does to a real straggler, and proof that it reaches the
        /// check. With a fixed count, 1e9, whose exact hits sanity checks.
        @Test("a reference on the slowest rank fails the check in its performance stage, not its sanity")
        func referenceFails() throws {
            let result = try Self.runCheck(["throws=1e9", "slowest_rank_ratio_min=1.01",
                                            "cpu_reference_fraction=0"]).result
            #expect(result.status != 0, "\(result.stdout)")
            #expect(result.stdout.contains("FAILED"), "\(result.stdout)")
            #expect(result.stdout.contains("failed during 'performance'"), "\(result.stdout)")
            #expect(result.stdout.contains("slowest_rank_ratio"), "\(result.stdout)")
        }

        /// The check's table of rates by CPU (`rate_by_cpu`), as the file has it.
        static func ratesByCPU() throws -> [String: Double] {
            let source = try String(contentsOfFile: Launcher.packageRoot.path + "/slurm/reframe/pimpi_check.py",
                                    encoding: .utf8)
            var rates: [String: Double] = [:]
            for match in source.matches(of: /\("(AMD|Intel)", (\d+), (\d+)\): ([0-9.e]+),/) {
                rates["\(match.1) \(match.2)/\(match.3)"] = Double(match.4)
            }
            return rates
        }

        /// With a lower bound of 0.1 % of the rate the check passes at any
        /// speed; the report shows which rate it took for this machine's CPU.
        @Test("where the site sets no rate, the check takes its CPU's from its table, by family and model")
        func cpuReference() throws {
            let rates = try Self.ratesByCPU()
            #expect(rates.count >= 3, "no table read: \(rates)")
            let report = try ParsedReport(json: try Launcher.singleton(["1e6", "--format", "json"]).stdout)
            let model = try #require(report.perRank.first?["cpu_model"] as? String)
            let numbers = model.firstMatch(of: /\sfamily (\d+) model (\d+)$/)
            let vendor = ["AMD", "Intel"].first { model.lowercased().contains($0.lowercased()) }
            let expected = numbers.flatMap { found in vendor.flatMap { rates["\($0) \(found.1)/\(found.2)"] } }
            let result = try Self.runCheck(["seconds=1", "cpu_reference_fraction=0.001"]).result
            #expect(result.status == 0 && result.stdout.contains("PASSED"), "\(result.stdout)")
            let line = result.stdout.split(separator: "\n").first { $0.contains("P: throws_per_second_per_core: ") }
            let shown = try #require(line, "\(result.stdout)")
            if let expected {
                #expect(shown.contains("(r:\(String(format: "%.1f", expected)), l:-0.999"), "\(model): \(shown)")
            } else {
                #expect(!shown.contains("(r:"), "\(model) is not in the table, yet: \(shown)")
            }
        }
    }

    /// Bad input and faults under srun, as under mpirun.
    @Suite("Faults under Slurm", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct SlurmFaultTests {
        @Test("bad input under srun -n 2: exit 64, one error line, nothing on stdout",
              arguments: MPIRunTests.badInputs)
        func badInput(arguments: [String]) throws {
            for stack in MPIStack.built {
                let result = try SlurmCluster.srun(SlurmCluster.twoRanks, arguments, stack: stack, timeout: 30)
                #expect(!result.timedOut)
                #expect(result.status == 64, "\(stack): status \(result.status)\n\(result.stderr)")
                #expect(result.errorLines.count == 1, "\(stack) \(arguments):\n\(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
        }

        /// Every rank exits 3 under `--fail-on-warning`, but not at once: the
        /// first task out makes srun (`--kill-on-bad-exit=1`) SIGTERM the rest,
        /// and a rank still on its way out took that for a stop from outside
        /// (srun's status 143, seen in CI). Rank 0 lingers after MPI_Finalize.
        @Test("a status every rank agreed on is srun's, also when srun ends the late ranks",
              arguments: MPIStack.built)
        func agreedStatus(stack: MPIStack) throws {
            let result = try Launcher.run(SlurmCluster.onLogin(["env", "PIMPI_TEST_FAULT=linger:0:5"]
                    + stack.withTestHooks.srunCommand(SlurmCluster.twoRanks,
                                                      ["1e7", "--threads", "2", "--no-serial", "--fail-on-warning"])),
                timeout: 60)
            #expect(result.status == 3, "\(stack): status \(result.status)\n\(result.stderr)")
            #expect(result.stdout.contains("threads_exceed_cpus"), "\(stack): \(result.stdout)")
            #expect(!result.stderr.contains("pimpi:"), "\(stack): \(result.stderr)")
        }

        /// With `--kill-on-bad-exit=1`: without it (or KillOnBadExit=1 in slurm.conf)
        /// Slurm's PMI-2 plugin, and its PMIx plugin across nodes, leave the other
        /// tasks waiting (docs/mpi.md).
        @Test("a task killed with SIGKILL ends the step with a non-zero status", arguments: MPIStack.built)
        func killedTask(stack: MPIStack) throws {
            let marker = "31415003"
            let running = try Launcher.start(
                SlurmCluster.onLogin(stack.srunCommand(SlurmCluster.twoRanks, StopSignalTests.endless + ["--seed", marker])),
                timeout: 60)
            try #require(running.waitForStderr(containing: StopSignalTests.counting),
                         "never started counting: \(running.stderrSoFar)")
            let victims = Launcher.pids(withArgument: marker, environment: "SLURM_PROCID", value: "1")
            try #require(!victims.isEmpty, "task 1 not found")
            for pid in victims { kill(pid, SIGKILL) }
            let result = try running.finish()
            #expect(!result.timedOut, "the step outlived its killed task")
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
        }
    }
}

/// The ReFrame that `make check` installed (PIMPI_REFRAME), if any.
enum ReFrameTool {
    static let path = ProcessInfo.processInfo.environment["PIMPI_REFRAME"].flatMap {
        FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
    }
}
