import Foundation
import Testing

extension IntegrationTests {
    /// pimpi across simulated hosts (Tests/cluster/hosts.sh), launched from a
    /// login host through an ssh stand-in, as on a cluster without Slurm: the
    /// ranks' traffic crosses a network, and a node can drop off it. Each test
    /// makes its own hosts and removes them however it ends.
    @Suite("Across simulated hosts", .serialized,
           .enabled(if: SimulatedHosts.canMake, "needs root: run through `make check` as root"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct HostsTests {
        static let seed = "2718281"

        /// The CPU that host number `index` (from 0) gets: one of its own where
        /// the machine has enough.
        static func cpu(_ index: Int) -> String { String(index % PlacementTests.cpus) }

        /// A login host and n1, n2 with a CPU each.
        static func twoNodes() throws -> SimulatedHosts {
            try SimulatedHosts(["login:all", "n1:\(cpu(0))", "n2:\(cpu(1))"])
        }

        /// Removes the hosts and checks that nothing of them is left.
        static func remove(_ hosts: SimulatedHosts) {
            hosts.down()
            #expect(hosts.leftovers.isEmpty, "left behind: \(hosts.leftovers)")
        }

        @Test("mpirun and mpiexec over ssh: a rank on each host, the same hits as one rank, MPI's traffic on the link",
              arguments: MPIStack.built)
        func acrossHosts(stack: MPIStack) throws {
            let hosts = try Self.twoNodes()
            defer { Self.remove(hosts) }
            // Each rank counts for about 2 s: long enough to see its connections.
            let arguments = [try SimulatedHosts.throwsLasting(seconds: 4), "--seed", Self.seed, "--no-serial",
                             "--format", "json"]
            let (result, connections) = try hosts.whileRunning(
                hosts.on("login", stack.commandAcross(["n1", "n2"], ssh: hosts.ssh, arguments)), watch: "n2", peer: "n1")
            // Or MPICH's UCX 1.13 hang in MPI_Finalize, which pimpi ends after 10 s;
            // hydra then may report a rank gone in its PMI barrier and exit 255,
            // or die of SIGPIPE writing to it (docs/cluster-tests.md).
            #expect(result.status == 0 || stack == .mpich
                        && (result.stderr.contains("fn_barrier_") || result.status == 128 + SIGPIPE),
                    "status \(result.status): \(result.stderr)")
            let report = try ParsedReport(json: result.stdout)
            #expect(report.context["hosts"] as? [String] == ["n1", "n2"])
            #expect(report.perRank.map { $0["host"] as? String } == ["n1", "n2"])
            #expect(!connections.isEmpty, "pimpi on n2 never had a TCP connection of its own to n1")

            let single = try Launcher.singleton(arguments, stack: stack)
            #expect(single.status == 0, "\(single.stderr)")
            #expect(try ParsedReport(json: single.stdout).hits == report.hits)

            let text = try Launcher.run(hosts.on("login", stack.commandAcross(["n1", "n2"], ssh: hosts.ssh, ["1e7"])))
            #expect(text.stdout.contains("  ranks          2 on 2 nodes (n1, n2)\n"), "\(text.stdout)")

            // The dynamic schedule across the link: MPICH's UCX does one-sided
            // atomics over TCP; Open MPI 4.1 has no one-sided transport there by
            // default, so rank 0 hands out the chunks. The same hits either way.
            let dynamicArguments = ["3e7", "--seed", Self.seed, "--schedule", "dynamic", "--chunk", "1e6", "--format", "json"]
            let dynamic = try Launcher.run(hosts.on("login", stack.commandAcross(["n1", "n2"], ssh: hosts.ssh,
                                                                                 dynamicArguments)))
            let dynamicReport = try ParsedReport(json: dynamic.stdout)
            #expect(dynamicReport.serialMatched == true, "\(dynamic.stdout)")
            #expect(dynamicReport.context["chunk_taking"] as? String == (stack == .openMPI ? "rank 0" : "atomics"))
            let dynamicSingle = try Launcher.singleton(dynamicArguments + ["--no-serial"], stack: stack)
            #expect(try ParsedReport(json: dynamicSingle.stdout).hits == dynamicReport.hits)
        }

        /// The link goes down while both ranks count: rank 0 finishes its share,
        /// waits --rank-timeout, names rank 1 in one line and ends the job, and
        /// the launcher follows within seconds (the hosts' TCP gives up on the
        /// lost node after its retransmissions, docs/cluster-tests.md).
        @Test("a host cut off mid-run: rank 0 names the missing rank in one line, and the job ends soon after",
              arguments: MPIStack.built)
        func cutLink(stack: MPIStack) throws {
            let hosts = try Self.twoNodes()
            defer { Self.remove(hosts) }
            let wait = 3.0
            let shareSeconds = 3.0
            let running = try Launcher.start(hosts.on("login", stack.commandAcross(
                ["n1", "n2"], ssh: hosts.ssh,
                [try SimulatedHosts.throwsLasting(seconds: 2 * shareSeconds), "--no-serial", "--progress", "always",
                 "--rank-timeout", String(wait)])), timeout: 90)
            try #require(running.waitForStderr(containing: StopSignalTests.counting),
                         "never started counting: \(running.stderrSoFar)")
            // Cut while nothing is in flight: a start barrier's message still
            // unacknowledged would have TCP give up on it 3 s later, and Open
            // MPI end the job on its own before pimpi's wait is over.
            try #require(hosts.waitUntilQuiet("n2"), "n2's connections never went quiet")
            try hosts.setLink(of: "n2", up: false)
            let cut = Date()
            _ = Launcher.waitUntil(seconds: 90) { running.hasEnded }
            let afterCut = Date().timeIntervalSince(cut)
            // What runs on n2 outlives the job, cut off from it as a real node
            // would be until rebooted; it goes now, so that the launch can be reaped.
            for pid in hosts.pids(on: "n2") { kill(pid, SIGKILL) }
            let result = try running.finish()

            #expect(!result.timedOut, "the job outlived its lost node: \(result.stderr)")
            #expect(result.status == 69, "\(result.stderr)")  // ExitStatus.rankLost (EX_UNAVAILABLE)
            #expect(result.errorLines.count == 1, "\(result.stderr)")
            #expect(result.errorLines.first?.contains("rank 1 on n2 has not reported its result") == true,
                    "\(result.stderr)")
            #expect(stack.noResult(in: result.stdout), "\(result.stdout)")
            // Rank 0's share (up to twice as slow on a busy machine), the wait, and
            // the launcher's own bounded give-up.
            #expect(afterCut < 2 * shareSeconds + wait + 15, "ended \(afterCut) s after the cut")
        }

        @Test("a rank killed on the second host ends the job with no result", arguments: MPIStack.built)
        func killedRank(stack: MPIStack) throws {
            let hosts = try Self.twoNodes()
            defer { Self.remove(hosts) }
            let running = try Launcher.start(hosts.on("login", stack.commandAcross(
                ["n1", "n2"], ssh: hosts.ssh, StopSignalTests.endless)), timeout: 60)
            try #require(running.waitForStderr(containing: StopSignalTests.counting),
                         "never started counting: \(running.stderrSoFar)")
            let victims = hosts.pids(on: "n2").filter {
                (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "pimpi\n"
            }
            try #require(!victims.isEmpty, "no pimpi on n2")
            for pid in victims { kill(pid, SIGKILL) }
            let result = try running.finish()
            #expect(!result.timedOut, "the job outlived its killed rank")
            // Hydra 4.2 can exit 0 after a killed rank (docs/troubleshooting.md).
            #expect(result.status != 0 || stack == .mpich, "\(result.stderr)")
            #expect(stack.noResult(in: result.stdout), "\(result.stdout)")
        }

        /// Both hosts on one CPU: neither rank is slower than the other, so no
        /// straggler; each counts at about half of what its own trial measured.
        @Test("two hosts on one CPU: contended, naming the rank and its trial's rate")
        func sharedCPU() throws {
            let hosts = try SimulatedHosts(["login:all", "a:\(Self.cpu(0))", "b:\(Self.cpu(0))"])
            defer { Self.remove(hosts) }
            let result = try Launcher.run(hosts.on("login", MPIStack.openMPI.commandAcross(
                ["a", "b"], ssh: hosts.ssh,
                [try SimulatedHosts.throwsLasting(seconds: 1), "--no-serial", "--format", "json"])))
            #expect(result.status == 0, "\(result.stderr)")
            let report = try ParsedReport(json: result.stdout)
            let contended = report.warnings.filter { $0["kind"] == "contended" }
            #expect(!contended.isEmpty, "\(report.warnings)")
            #expect(contended.allSatisfy { $0["message"]?.contains("of the rate its own trial measured") == true })
        }
    }
}
