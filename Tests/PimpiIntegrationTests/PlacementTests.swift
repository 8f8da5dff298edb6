import Foundation
import Testing

extension IntegrationTests {
    /// The placement check on real bindings: mpirun's and srun's. Verdicts never
    /// rest on the CPU's speed: a straggler is judged against the other ranks of
    /// the same run, and where a test needs a "clean" verdict on a machine that
    /// may be busy, it leaves stragglers out of it (a busy core is one).
    @Suite("Placement check", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct PlacementTests {
        /// What a busy machine makes pimpi say about a rank whose placement is
        /// right: a rank on a CPU that another process shares counts slower than
        /// the others (straggler) and than its own trial (contended).
        static let busyMachineKinds: Set<String> = ["straggler", "contended"]

        /// CPUs this host has online.
        static let cpus = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

        /// Throws per second of one rank here, measured: runs that must last are
        /// sized from it, never from an assumed speed.
        static let measuredRate: Double? = {
            let probe = try? Launcher.singleton(["2e8", "--no-serial", "--format", "json"])
            return probe.flatMap { try? ParsedReport(json: $0.stdout) }?.perRank.first?["throws_per_second"] as? Double
        }()

        static func report(_ result: Launcher.Result) throws -> ParsedReport {
            #expect(result.status == 0, "\(result.stderr)")
            return try ParsedReport(json: result.stdout)
        }

        @Test("more ranks than CPUs under mpirun --oversubscribe: oversubscribed")
        func oversubscribed() throws {
            let ranks = Self.cpus + 2
            let report = try Self.report(try Launcher.mpirun(ranks: ranks, ["1e8", "--no-serial", "--format", "json"]))
            #expect(report.warningKinds.contains("oversubscribed"), "\(report.warnings)")
            let message = try #require(report.warnings.first { $0["kind"] == "oversubscribed" }?["message"])
            #expect(message.contains("ranks 0-\(ranks - 1)") && message.contains("\(ranks) threads"), "\(message)")
        }

        @Test("mpirun -np 2 --bind-to core: each rank on a CPU of its own, no placement warning",
              .enabled(if: cpus >= 2, "needs two CPUs"))
        func boundToCores() throws {
            let report = try Self.report(try Launcher.run(
                ["mpirun.openmpi", "-np", "2", "--bind-to", "core", Launcher.binary, "2e8", "--no-serial",
                 "--format", "json"]))
            let cpus = report.perRank.compactMap { $0["cpus"] as? String }
            #expect(cpus.count == 2 && Set(cpus).count == 2 && cpus.allSatisfy { Int($0) != nil }, "\(cpus)")
            #expect(report.warningKinds.filter { !Self.busyMachineKinds.contains($0) }.isEmpty, "\(report.warnings)")
        }

        @Test("a clean run's summary says so in one line")
        func cleanSummary() throws {
            // One rank: no other rank to straggle behind, so clean on any machine.
            let result = try Launcher.run(
                ["mpirun.openmpi", "-np", "1", "--bind-to", "core", Launcher.binary, "1e8", "--no-serial"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("  placement      1 rank x 1 thread on 1 node, 1 CPU (1 core): no warnings\n"),
                    "\(result.stdout)")
            #expect(!result.stdout.contains("  warning "))
        }

        @Test("mpirun -np 1 --bind-to core --threads 2: threads_exceed_cpus")
        func threadsExceedCPUs() throws {
            let report = try Self.report(try Launcher.run(
                ["mpirun.openmpi", "-np", "1", "--bind-to", "core", Launcher.binary, "1e8", "--threads", "2",
                 "--no-serial", "--format", "json"]))
            #expect(report.warningKinds == ["threads_exceed_cpus"], "\(report.warnings)")
        }

        @Test("two ranks on one CPU (taskset): shared_cpus", .enabled(if: cpus >= 2, "needs two CPUs"))
        func sharedCPUs() throws {
            let report = try Self.report(try Launcher.run(
                ["mpirun.openmpi", "-np", "2", "--bind-to", "none", "taskset", "-c", "0", Launcher.binary, "1e8",
                 "--no-serial", "--format", "json"]))
            #expect(report.warningKinds.contains("shared_cpus"), "\(report.warnings)")
        }

        /// A straggler where rank 0's core is free; where something keeps that
        /// core busy too, both ranks are slow, none is a straggler, and rank 1
        /// is contended instead (as rank 0 may be).
        @Test("a core kept busy by processes pinned to it makes the rank bound there a straggler, or contended",
              .enabled(if: cpus >= 2, "needs two CPUs"))
        func straggler() throws {
            let bound = ["mpirun.openmpi", "-np", "2", "--bind-to", "core", "--map-by", "core", Launcher.binary]
            // Where rank 1 runs, from a first run.
            let probe = try Self.report(try Launcher.run(bound + ["2e8", "--no-serial", "--format", "json"]))
            let rank1CPUs = try #require(probe.perRank.last?["cpus"] as? String)
            let rate = try #require(Self.measuredRate, "no rate measured")
            // Two busy loops pinned to rank 1's CPU leave it a third of that CPU.
            let hogs = try (0 ..< 2).map { _ in
                try Launcher.start(["taskset", "-c", rank1CPUs, "sh", "-c", "while :; do :; done"], timeout: 300)
            }
            defer { for hog in hogs { hog.signalCommand(SIGKILL); _ = try? hog.finish() } }
            // Sized from the measured rate: a second or so of counting for rank 0,
            // however fast this CPU is.
            let throwCount = String(UInt64(2 * rate))
            let report = try Self.report(try Launcher.run(bound + [throwCount, "--no-serial", "--format", "json"]))
            let stragglers = report.warnings.filter { $0["kind"] == "straggler" }
            let flagged = stragglers.isEmpty ? report.warnings.filter { $0["kind"] == "contended" } : stragglers
            #expect(stragglers.count <= 1, "\(report.warnings)")
            let rank1 = flagged.filter { $0["message"]?.hasPrefix("rank 1 on ") == true }
            #expect(rank1.count == 1, "\(report.warnings)")
            #expect(rank1.first?["message"]?.contains("(CPUs \(rank1CPUs))") == true, "\(rank1)")
        }

        @Test("the dynamic schedule reports each rank's own rate: a slowed rank's is lower, and a straggler")
        func dynamicRates() throws {
            // About a second of one rank's counting, in 100 chunks, at any speed.
            let total = UInt64(try #require(Self.measuredRate, "no rate measured"))
            let report = try Self.report(try Launcher.mpirun(
                ranks: 2, [String(total), "--schedule", "dynamic", "--chunk", String(total / 100), "--no-serial",
                           "--format", "json"],
                stack: .openMPI.withTestHooks, environment: ["PIMPI_TEST_FAULT": "slow-rank:1:8"]))
            let throwsByRank = report.perRank.compactMap { ($0["throws"] as? NSNumber)?.uint64Value }
            #expect(throwsByRank.reduce(0, +) == total)
            #expect(throwsByRank == (report.results["rank_throws"] as? [NSNumber])?.map(\.uint64Value))
            for rank in report.perRank {
                let rankThrows = try #require((rank["throws"] as? NSNumber)?.doubleValue)
                let seconds = try #require(rank["seconds"] as? Double)
                let rate = try #require(rank["throws_per_second"] as? Double)
                #expect(abs(rate - rankThrows / seconds) <= 1e-6 * rate)
            }
            let rates = report.perRank.compactMap { $0["throws_per_second"] as? Double }
            // The one rate ratio the tests assert (docs/testing.md). Rank 1 sleeps
            // seven times its counting time, so its rate is an eighth of its own
            // counting speed whatever the CPU; it stays below half of rank 0's
            // unless rank 0 counts at under a quarter of rank 1's speed.
            #expect(rates.count == 2 && rates[1] < rates[0] / 2, "\(rates)")
            #expect(report.warnings.contains { $0["kind"] == "straggler" && $0["message"]!.hasPrefix("rank 1 ") },
                    "\(report.warnings)")
        }

        @Test("--fail-on-warning: the result is printed, and every rank exits 3; a clean run exits 0")
        func failOnWarning() throws {
            let warned = try Launcher.mpirun(
                ranks: Self.cpus + 2, ["1e7", "--no-serial", "--fail-on-warning", "--format", "json"])
            #expect(warned.status == 3, "\(warned.stderr)")
            let report = try ParsedReport(json: warned.stdout)
            #expect(report.warningKinds.contains("oversubscribed"))
            let clean = try Launcher.run(
                ["mpirun.openmpi", "-np", "1", "--bind-to", "core", Launcher.binary, "1e7", "--fail-on-warning"])
            #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        }
    }

    /// srun's bindings, on the test cluster, whose TaskPlugin=task/affinity binds
    /// each task to its CPUs as sites do.
    @Suite("Placement check under Slurm", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct SlurmPlacementTests {
        typealias Placement = PlacementTests

        @Test("srun --cpu-bind=cores -n 2: a CPU each, no placement warning",
              .enabled(if: Placement.cpus >= 2, "needs two CPUs"))
        func cpuBindCores() throws {
            let report = try Placement.report(try SlurmCluster.srun(
                SlurmCluster.twoRanks + ["--cpu-bind=cores"], ["2e8", "--no-serial", "--format", "json"]))
            let cpus = report.perRank.compactMap { $0["cpus"] as? String }
            #expect(cpus.count == 2 && Set(cpus).count == 2, "\(cpus)")
            #expect(report.warningKinds.filter { !PlacementTests.busyMachineKinds.contains($0) }.isEmpty,
                    "\(report.warnings)")
        }

        @Test("srun -c 2 --threads 2: two CPUs for two threads, no warning",
              .enabled(if: SlurmCluster.cpusPerNode >= 2, "the test cluster's nodes have one CPU each"))
        func cpusPerTask() throws {
            let given = try Placement.report(try SlurmCluster.srun(
                ["-N", "1", "-n", "1", "-c", "2"], ["2e8", "--threads", "2", "--no-serial", "--format", "json"]))
            #expect((given.perRank.first?["cpus"] as? String).map(ParsedReport.cpuCount) == 2, "\(given.perRank)")
            #expect(given.warningKinds.filter { !PlacementTests.busyMachineKinds.contains($0) }.isEmpty,
                    "\(given.warnings)")
        }

        @Test("srun -n 1 --threads 2 without -c 2: threads_exceed_cpus, with the fix")
        func cpusPerTaskForgotten() throws {
            let forgotten = try Placement.report(try SlurmCluster.srun(
                ["-N", "1", "-n", "1"], ["2e8", "--threads", "2", "--no-serial", "--format", "json"]))
            #expect(forgotten.warningKinds == ["threads_exceed_cpus"], "\(forgotten.warnings)")
            #expect(forgotten.warnings.first?["message"]?.contains("srun -c 2") == true)
        }

        @Test("--fail-on-warning under srun: status 3 from the step")
        func failOnWarning() throws {
            let result = try SlurmCluster.srun(["-N", "1", "-n", "1"], ["1e7", "--threads", "2", "--fail-on-warning"])
            #expect(result.status == 3, "\(result.stderr)")
            #expect(result.stdout.contains("threads_exceed_cpus"))
        }
    }
}
