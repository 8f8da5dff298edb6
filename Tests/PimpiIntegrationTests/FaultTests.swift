import Foundation
import Testing

extension IntegrationTests {
    /// Failures mid-run end the whole job promptly and say so; nothing hangs.
    @Suite("Faults under mpirun", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct FaultTests {
        /// Long enough (minutes) that the run is surely still computing when hit.
        static let longRun = ["1e12", "--no-serial"]

        @Test("a rank killed with SIGKILL ends the job with a non-zero status within 10 s")
        func killedRank() throws {
            let marker = "31415001"
            let running = try Launcher.start(
                ["mpirun", "-np", "2", Launcher.binary] + Self.longRun + ["--seed", marker], timeout: 60)
            var victims: [Int32] = []
            let found = Launcher.waitUntil(seconds: 15) {
                victims = Launcher.pids(withArgument: marker, environment: "OMPI_COMM_WORLD_RANK", value: "1")
                return !victims.isEmpty
            }
            try #require(found, "rank 1 never appeared")
            Thread.sleep(forTimeInterval: 1)  // let it get into the kernel
            let killedAt = Date()
            for pid in victims { kill(pid, SIGKILL) }
            let result = try running.finish()
            #expect(!result.timedOut)
            #expect(result.status != 0)
            #expect(Date().timeIntervalSince(killedAt) < 10, "took \(Date().timeIntervalSince(killedAt)) s")
            #expect(result.stdout.isEmpty, "a result was printed: \(result.stdout)")
        }

        @Test("SIGTERM and SIGINT to mpirun stop every rank within 5 s with one line, on a busy node",
              arguments: [SIGTERM, SIGINT])
        func stopSignal(signal: Int32) throws {
            // Four busy ranks on two cores: rank 0 may not be scheduled the moment
            // the signal lands, which is when its line used to get lost. Three
            // rounds, because that loss was a race (about one stop in three).
            let ranks = 4
            let rankNumbers = (0 ..< ranks).map(String.init)
            for round in 0 ..< 3 {
                let marker = "314150\(signal)\(round)"
                let running = try Launcher.start(
                    ["mpirun", "-np", String(ranks), "--oversubscribe", Launcher.binary] + Self.longRun
                        + ["--seed", marker], timeout: 60)
                func runningRanks() -> [Int32] {
                    rankNumbers.flatMap {
                        Launcher.pids(withArgument: marker, environment: "OMPI_COMM_WORLD_RANK", value: $0)
                    }
                }
                let started = Launcher.waitUntil(seconds: 15) { runningRanks().count == ranks }
                try #require(started, "round \(round): the ranks never all appeared")
                Thread.sleep(forTimeInterval: 1)
                let signalledAt = Date()
                running.signalLaunchedCommand(signal)
                let result = try running.finish()
                #expect(!result.timedOut)
                #expect(result.status != 0)
                #expect(Date().timeIntervalSince(signalledAt) < 5, "round \(round): took \(Date().timeIntervalSince(signalledAt)) s")
                let stopLines = result.stderrLines.filter { $0.hasPrefix("pimpi: stopped") || $0.hasPrefix("pimpi: interrupted") }
                #expect(stopLines.count == 1, "round \(round): \(result.stderr)")
                #expect(result.stdout.isEmpty)
                // mpirun may return while its ranks are still being reaped.
                var leftovers: [Int32] = []
                let allGone = Launcher.waitUntil(seconds: 3) {
                    leftovers = runningRanks()
                    return leftovers.isEmpty
                }
                #expect(allGone, "round \(round): ranks still running: \(leftovers)")
            }
        }

        @Test("a failure on one rank after MPI_Init aborts the job instead of leaving peers waiting")
        func failureAfterInit() throws {
            let result = try Launcher.run(
                ["mpirun", "-np", "3", "--oversubscribe", Launcher.binary, "1e12", "--no-serial"],
                timeout: 60, environment: ["PIMPI_TEST_FAULT": "fail-after-init:2"])
            #expect(!result.timedOut)
            #expect(result.status == 70)
            #expect(result.errorLines.count == 1, "\(result.stderr)")
            #expect(result.errorLines.first?.contains("rank 2:") == true)
            #expect(result.stdout.isEmpty)
            #expect(result.seconds < 10)
        }

        @Test("a serial rerun that disagrees makes the run fail, after printing what was measured")
        func serialMismatch() throws {
            let result = try Launcher.run(
                ["mpirun", "-np", "2", Launcher.binary, "1e7", "--format", "json"],
                timeout: 60, environment: ["PIMPI_TEST_FAULT": "serial-mismatch"])
            #expect(result.status == 70)
            #expect(result.errorLines.count == 1, "\(result.stderr)")
            #expect(result.errorLines.first?.contains("serial rerun counted") == true)
            let report = try ParsedReport(json: result.stdout)
            #expect(report.serialMatched == false)
        }

        @Test("32 and 64 oversubscribed ranks give the same hits as 1", arguments: [32, 64])
        func manyRanks(ranks: Int) throws {
            let arguments = ["1e7", "--seed", "20201117", "--no-serial", "--format", "json"]
            let many = try Launcher.mpirun(ranks: ranks, arguments, timeout: 180)
            #expect(many.status == 0, "\(many.stderr)")
            let report = try ParsedReport(json: many.stdout)
            #expect(report.ranks == ranks)
            let one = try ParsedReport(json: try Launcher.singleton(arguments).stdout)
            #expect(report.hits == one.hits)
        }
    }
}
