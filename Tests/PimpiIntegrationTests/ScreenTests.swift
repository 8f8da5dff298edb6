import Foundation
import Testing

extension IntegrationTests {
    /// What the screen tests share: a screen run as a plain process (no
    /// mpirun, no srun step, no PMI in its environment), and its JSON.
    enum Screening {
        /// The launchers' variables removed: the screen must need none.
        static let noLauncher: [String: String] = {
            var variables = Launcher.environment
            for name in variables.keys where name.hasPrefix("OMPI_") || name.hasPrefix("PMI") || name.hasPrefix("SLURM_") {
                variables.removeValue(forKey: name)
            }
            return variables
        }()

        /// What the tests judge throttling by: the test VMs' own noise moves a
        /// healthy core's rate by up to 30 % (docs/acceptance.md), and the
        /// throttle fault takes two thirds of it.
        static let throttleFraction = ["--throttle-fraction", "0.5"]

        static func screen(_ arguments: [String], binary: String = Launcher.binary, fault: String? = nil,
                           timeout: Int = 120) throws -> Launcher.Result {
            var environment = noLauncher
            if let fault { environment["PIMPI_TEST_FAULT"] = fault }
            let command = ["env", "-i"] + environment.map { "\($0)=\($1)" } + [binary] + arguments
            return try Launcher.run(command, timeout: timeout)
        }

        static func json(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }

        static func section(_ report: [String: Any], _ name: String) throws -> [String: Any] {
            try #require(report[name] as? [String: Any])
        }

        /// The CPUs this process may run on, as the screen will find them
        /// (Linux's list form in /proc/self/status: "0-3,8").
        static var cpus: [Int] {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let list = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }?
                .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? ""
            return list.split(separator: ",").flatMap { part -> [Int] in
                let ends = part.split(separator: "-").compactMap { Int($0) }
                return ends.count == 2 ? Array(ends[0] ... ends[1]) : ends
            }
        }
    }

    @Suite("The node screen (--screen), on this machine", .serialized,
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct ScreenTests {
        @Test("healthy cores: every block counted twice and agreeing, nothing named, exit 0, one line; again and again")
        func healthy() throws {
            for _ in 0 ..< 3 {
                let result = try Screening.screen(["--screen", "1s", "--format", "json"] + Screening.throttleFraction)
                #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
                #expect(result.stdout.split(separator: "\n").count == 1)
                let report = try Screening.json(result.stdout)
                let screen = try Screening.section(report, "screen")
                let pus = try #require(screen["pus_screened"] as? [[String: Any]])
                #expect(pus.compactMap { $0["pu"] as? Int } == Screening.cpus, "\(pus)")
                #expect(pus.allSatisfy { ($0["blocks"] as? Int ?? 0) > 0 && ($0["samples"] as? [Any])?.isEmpty == false })
                #expect((screen["wrong_counts"] as? [Any])?.isEmpty == true && (screen["throttled"] as? [Any])?.isEmpty == true,
                        "\(screen["throttled"] ?? "")")
                #expect(screen["blocks"] as? Int == screen["blocks_checked"] as? Int)
                #expect(try Screening.section(report, "verdict")["healthy"] as? Bool == true)
            }
            let text = try Screening.screen(["--screen", "1"] + Screening.throttleFraction)
            #expect(text.status == 0 && text.stdout.split(separator: "\n").count == 1, "\(text.stdout)")
            #expect(text.stdout.contains(/^pimpi: \S+ healthy; \d+ CPUs? \(/), "\(text.stdout)")
        }

        @Test("the shipped binary has no screen fault: with one set, its screen names nothing")
        func shippedHasNoFault() throws {
            let faulty = try #require(Screening.cpus.last)
            let result = try Screening.screen(["--screen", "1s", "--format", "json"] + Screening.throttleFraction,
                                              fault: "miscount:\(faulty)")
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let screen = try Screening.section(try Screening.json(result.stdout), "screen")
            #expect((screen["wrong_counts"] as? [Any])?.isEmpty == true)
        }

        @Test("a core that miscounts now and then is named, it alone, with every wrong block; exit 4")
        func miscount() throws {
            let faulty = try #require(Screening.cpus.last)
            let result = try Screening.screen(["--screen", "2s", "--format", "json", "--throttle-fraction", "0"],
                                              binary: MPIStack.openMPI.withTestHooks.binary, fault: "miscount:\(faulty)")
            #expect(result.status == 4 && result.stderr.isEmpty, "\(result.stderr)")
            let report = try Screening.json(result.stdout)
            let wrong = try #require(try Screening.section(report, "screen")["wrong_counts"] as? [[String: Any]])
            #expect(!wrong.isEmpty && wrong.allSatisfy { $0["pu"] as? Int == faulty }, "\(wrong)")
            #expect(wrong.allSatisfy { ($0["counted_hits"] as? Int) == ($0["right_hits"] as? Int).map { $0 + 1 } })
            let seed = try #require(try Screening.section(report, "context")["seed"] as? UInt64)
            #expect(wrong.allSatisfy { $0["seed"] as? UInt64 == seed && $0["count"] as? Int == 1 << 24 })
            let verdict = try Screening.section(report, "verdict")
            #expect(verdict["reasons"] as? [String] == ["wrong counts on CPU \(faulty)"], "\(verdict)")
        }

        @Test("a core that slows down in the second half is throttled, with its figures; exit 4")
        func throttled() throws {
            let faulty = try #require(Screening.cpus.first)
            let result = try Screening.screen(["--screen", "3s", "--format", "json"] + Screening.throttleFraction,
                                              binary: MPIStack.openMPI.withTestHooks.binary, fault: "throttle:\(faulty):3")
            #expect(result.status == 4, "\(result.stderr)")
            let screen = try Screening.section(try Screening.json(result.stdout), "screen")
            let throttled = try #require(screen["throttled"] as? [[String: Any]])
            let named = throttled.filter { $0["pu"] != nil }
            #expect(named.count == 1 && named.first?["pu"] as? Int == faulty, "\(throttled)")
            #expect((named.first?["rate_fell"] as? Double).map { $0 > 0.5 } == true, "\(throttled)")
            #expect((screen["wrong_counts"] as? [Any])?.isEmpty == true)
        }

        @Test("a reference: the node's rate per core against it; a faster one judges it bad, a bad file is refused (64)")
        func reference() throws {
            let healthy = try Screening.screen(["--screen", "1s", "--format", "json", "--throttle-fraction", "0"])
            #expect(healthy.status == 0)
            let report = try Screening.json(healthy.stdout)
            let context = try Screening.section(report, "context")
            let rate = try #require(try Screening.section(report, "screen")["throws_per_second_per_core"] as? Double)
            let faster = try Acceptance.write(try JSONSerialization.data(withJSONObject: [
                "format": 1, "references": [["cpu_model": context["cpu_model"] as Any, "kernel": context["kernel"] as Any,
                                             "throws_per_second_per_core": rate * 3, "nodes": 1]]]))
            defer { try? FileManager.default.removeItem(atPath: faster) }
            let slow = try Screening.screen(["--screen", "1s", "--reference", faster, "--throttle-fraction", "0"])
            #expect(slow.status == 4, "\(slow.stdout)\(slow.stderr)")
            #expect(slow.stdout.contains(" % of reference; ") && slow.stdout.contains(" bad: "), "\(slow.stdout)")
            let missing = try Screening.screen(["--screen", "1s", "--reference", "/nonexistent/ref.json"])
            #expect(missing.status == 64 && missing.stdout.isEmpty && missing.errorLines.count == 1, "\(missing.stderr)")
        }

        @Test("--collect merges verdict files: the bad node, its drain line, and a file without a verdict; exit 4")
        func collect() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-verdicts-\(UUID())").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let good = try Screening.screen(["--screen", "1s", "--format", "json", "--throttle-fraction", "0"])
            let bad = try Screening.screen(["--screen", "1s", "--format", "json", "--throttle-fraction", "0"],
                                           binary: MPIStack.openMPI.withTestHooks.binary,
                                           fault: "miscount:\(try #require(Screening.cpus.first))")
            let host = try #require(try Screening.section(try Screening.json(good.stdout), "verdict")["host"] as? String)
            try good.stdout.write(toFile: "\(directory)/good.json", atomically: true, encoding: .utf8)
            try bad.stdout.write(toFile: "\(directory)/bad.json", atomically: true, encoding: .utf8)
            try "".write(toFile: "\(directory)/lost.json", atomically: true, encoding: .utf8)
            let merged = try Launcher.run([Launcher.binary, "--collect", "\(directory)/good.json", "\(directory)/bad.json",
                                           "\(directory)/lost.json"])
            #expect(merged.status == 4, "\(merged.stderr)")
            #expect(merged.stdout.hasPrefix("pimpi: 2 node verdicts: 1 healthy, 1 bad, 1 file without one\n"), "\(merged.stdout)")
            #expect(merged.stdout.contains("scontrol update NodeName=\(host) State=DRAIN Reason=\"pimpi: wrong counts\""),
                    "\(merged.stdout)")
            #expect(merged.stdout.contains("no verdict: \(directory)/lost.json is empty"), "\(merged.stdout)")
        }
    }
}

extension IntegrationTests {
    /// The screen where admins run it: one task per node under
    /// `srun --mpi=none`, where each node judges itself, and slurmd's own
    /// HealthCheckProgram (slurm/healthcheck.sh), which drains a bad node.
    @Suite("The node screen on the test Slurm cluster", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"),
           .enabled(if: SlurmCluster.nodeCount >= 2, "needs two nodes"))
    struct ScreenSlurmTests {
        static var directory: String { SlurmCluster.directory ?? "" }
        static var hosts: SimulatedHosts { SimulatedHosts(existing: "\(directory)/hosts") }

        static func sinfo() throws -> [String: (state: String, reason: String)] {
            let shown = try Launcher.run(SlurmCluster.onLogin(["sinfo", "-h", "-N", "-o", "%N|%T|%E"]), timeout: 15)
            var nodes: [String: (String, String)] = [:]
            for line in shown.stdout.split(separator: "\n") {
                let fields = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                if fields.count == 3 { nodes[fields[0]] = (fields[1], fields[2]) }
            }
            return nodes
        }

        /// Runs `body` with slurmd running slurm/healthcheck.sh every 5 s
        /// (the cluster's HealthCheckProgram runs DIR/healthcheck.d/check
        /// where there is one), through a wrapper that sets its environment
        /// (`settings`: shell lines that may use $node and $cpu, the node's
        /// first CPU); then removes it, waits for a check under way to end,
        /// resumes the nodes and waits until they are idle.
        static func withHealthCheck(_ settings: String, _ body: () throws -> Void) throws {
            let check = "\(directory)/healthcheck.d/check"
            for node in ["n1", "n2"] { try? FileManager.default.removeItem(atPath: "\(directory)/log/healthcheck.\(node).log") }
            let script = Launcher.packageRoot.appendingPathComponent("slurm/healthcheck.sh").path
            try """
                #!/bin/bash
                # slurmd runs this with an environment of its own: the test's settings, then the shipped script.
                export SLURM_CONF=\(directory)/slurm.conf PATH=/usr/sbin:/usr/bin:/sbin:/bin
                node=${SLURMD_NODENAME:-$(hostname -s)}
                cpu=$(awk '/^Cpus_allowed_list/ { print $2 }' /proc/self/status | cut -d, -f1 | cut -d- -f1)
                \(settings)
                exec bash \(script) >>\(directory)/log/healthcheck.$node.log 2>&1

                """.write(toFile: check + ".new", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: check + ".new")
            try FileManager.default.moveItem(atPath: check + ".new", toPath: check)
            defer {
                try? FileManager.default.removeItem(atPath: check)
                _ = Launcher.waitUntil(seconds: 60) { !runningHealthCheck }
                _ = try? Launcher.run(SlurmCluster.onLogin(["scontrol", "update", "NodeName=n[1-2]", "State=RESUME"]),
                                      timeout: 15)
                _ = Launcher.waitUntil(seconds: 30) {
                    (try? sinfo().values.allSatisfy { $0.state == "idle" }) ?? false
                }
            }
            try body()
        }

        /// Whether a health check's script still runs on some node.
        static var runningHealthCheck: Bool {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap(Int32.init).contains { pid in
                guard let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
                return String(decoding: command, as: UTF8.self).contains("slurm/healthcheck.sh") && !Launcher.isZombie(pid)
            }
        }

        /// Waits until `node` is drained (or `seconds` pass) and returns its state and reason.
        static func waitForDrain(of node: String, seconds: Double = 90) throws -> (state: String, reason: String)? {
            _ = Launcher.waitUntil(seconds: seconds) {
                (try? sinfo()[node]?.state.hasPrefix("drain")) ?? false
            }
            return try sinfo()[node]
        }

        /// Whether `node`'s health check has logged a healthy verdict.
        static func checkedHealthy(_ node: String) -> Bool {
            let log = (try? String(contentsOfFile: "\(directory)/log/healthcheck.\(node).log", encoding: .utf8)) ?? ""
            return log.contains("pimpi healthcheck: pimpi: \(node) healthy; ")
        }

        static var logs: String {
            ["n1", "n2"].map { node in
                "\(node): " + ((try? String(contentsOfFile: "\(directory)/log/healthcheck.\(node).log", encoding: .utf8)) ?? "")
            }.joined(separator: "\n")
        }

        @Test("HealthCheckProgram: the node whose core miscounts is drained with pimpi's reason; the healthy one stays idle")
        func healthCheckMiscount() throws {
            let hooked = MPIStack.openMPI.withTestHooks.binary
            try Self.withHealthCheck("""
                export PIMPI=\(hooked) PIMPI_SCREEN=2s PIMPI_HEALTHCHECK_ARGS="--throttle-fraction 0"
                [ "$node" != n2 ] || export PIMPI_TEST_FAULT=miscount:$cpu
                """) {
                let drained = try Self.waitForDrain(of: "n2")
                #expect(drained?.state.hasPrefix("drain") == true, "\(String(describing: drained))\n\(Self.logs)")
                #expect(drained?.reason.hasPrefix("pimpi: wrong counts on CPU ") == true, "\(String(describing: drained))")
                // n1 is checked every 5 s as well, and passes.
                #expect(Launcher.waitUntil(seconds: 30) { Self.checkedHealthy("n1") }, "\(Self.logs)")
                let nodes = try Self.sinfo()
                #expect(nodes["n1"]?.state == "idle", "\(nodes)\n\(Self.logs)")
            }
        }

        @Test("HealthCheckProgram with a reference: the host under a CPU quota is drained below it; the other stays idle")
        func healthCheckQuota() throws {
            // A healthy reference: n1's own screen, alone.
            let recorded = try Launcher.run(Self.hosts.on("n1", [Launcher.binary, "--screen", "2s", "--format", "json",
                                                                 "--throttle-fraction", "0"]), timeout: 60)
            #expect(recorded.status == 0, "\(recorded.stdout)\(recorded.stderr)")
            let reference = "\(Self.directory)/screen-reference.json"
            try recorded.stdout.write(toFile: reference, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: reference) }
            defer { try? AcceptanceHostsTests.setQuota(Self.hosts, "n2", "max") }
            try AcceptanceHostsTests.setQuota(Self.hosts, "n2", "25")
            // A host capped at 25 % counts at most a quarter of the reference
            // (three eighths where this machine's load slowed the reference);
            // a healthy one about two thirds or more with a core kept busy.
            try Self.withHealthCheck("""
                export PIMPI=\(Launcher.binary) PIMPI_SCREEN=2s PIMPI_REFERENCE=\(reference)
                export PIMPI_REFERENCE_FRACTION=0.45 PIMPI_HEALTHCHECK_ARGS="--throttle-fraction 0"
                """) {
                let drained = try Self.waitForDrain(of: "n2")
                #expect(drained?.state.hasPrefix("drain") == true, "\(String(describing: drained))\n\(Self.logs)")
                #expect(drained?.reason.contains(/^pimpi: \d+ % of reference$/) == true, "\(String(describing: drained))")
                #expect(Launcher.waitUntil(seconds: 30) { Self.checkedHealthy("n1") }, "\(Self.logs)")
                let nodes = try Self.sinfo()
                #expect(nodes["n1"]?.state == "idle", "\(nodes)\n\(Self.logs)")
            }
        }

        @Test("srun --mpi=none, one task per node: a node stopped before its screen leaves the other's verdict")
        func srunEachNodeAlone() throws {
            let output = "\(Self.directory)/verdict-%N.json"
            defer { for node in ["n1", "n2"] { try? FileManager.default.removeItem(atPath: "\(Self.directory)/verdict-\(node).json") } }
            // Task 1 (on n2) stops itself before its screen, as a node hung on
            // its file system would; srun ends it 10 s after n1's task ended.
            let run = try Launcher.run(SlurmCluster.onLogin([
                "srun", "--mpi=none", "-N", "2", "--ntasks-per-node=1", "-W", "10", "-o", output,
                MPIStack.openMPI.withTestHooks.binary, "--screen", "2s", "--format", "json", "--throttle-fraction", "0",
            ]), timeout: 90, environment: ["PIMPI_TEST_FAULT": "stop:1:init"])
            #expect(run.status != 0 && !run.timedOut, "\(run.stderr)")
            let n1 = try Screening.json(try String(contentsOfFile: "\(Self.directory)/verdict-n1.json", encoding: .utf8))
            #expect(try Screening.section(n1, "verdict")["healthy"] as? Bool == true, "\(n1)")
            #expect(try Screening.section(n1, "verdict")["host"] as? String == "n1")
            let merged = try Launcher.run([Launcher.binary, "--collect", "\(Self.directory)/verdict-n1.json",
                                           "\(Self.directory)/verdict-n2.json"])
            #expect(merged.status == 4 && merged.stdout.hasPrefix("pimpi: 1 node verdict: 1 healthy, 0 bad, 1 file without one"),
                    "\(merged.stdout)")
            #expect(merged.stdout.contains("no verdict: \(Self.directory)/verdict-n2.json"), "\(merged.stdout)")
        }

        @Test("srun --mpi=none on both nodes: two verdicts, each node's own; merged, nothing to drain")
        func srunBothHealthy() throws {
            let run = try Launcher.run(SlurmCluster.onLogin([
                "srun", "--mpi=none", "-N", "2", "--ntasks-per-node=1", Launcher.binary, "--screen", "2s",
                "--throttle-fraction", "0",
            ]), timeout: 90)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 2 && Set(lines.compactMap { $0.split(separator: " ").dropFirst().first }) == ["n1", "n2"],
                    "\(run.stdout)")
            #expect(lines.allSatisfy { $0.contains(" healthy; 1 CPU (1 core, 1 socket) ") }, "\(run.stdout)")
        }
    }
}
