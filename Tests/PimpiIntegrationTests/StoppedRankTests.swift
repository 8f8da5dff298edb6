import Foundation
import Testing

extension IntegrationTests {
    /// A rank that stops (SIGSTOP: a node hung on a file system, a paging
    /// storm) at any moment from MPI_Init to MPI_Finalize ends the job within
    /// --rank-timeout plus a few seconds, with one pimpi line that names it.
    /// The test builds' hook has the rank stop itself at the moment named
    /// (`stop:RANK:MOMENT`), exactly as SIGSTOP from outside would; one test
    /// sends the real SIGSTOP while every rank counts.
    @Suite("A stopped rank", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct StoppedRankTests {
        /// `--rank-timeout` in these runs.
        static let bound = 3.0
        /// What the job may take beyond the bound and the roll call: start-up,
        /// the little counting, and the launcher's teardown, on a busy machine.
        static let slack = 12.0
        /// 10⁸ throws: a few hundredths of a second on any CPU, so the moments
        /// come at once. Counting needs more: a rank stops after its first
        /// slice (`RankCounter.sliceThrows`), so each rank gets three.
        static func throwCount(_ moment: String) -> String { moment == "counting" ? "1.7e9" : "1e8" }

        static let moments = ["init", "start", "counting", "collection", "serial", "end"]

        /// Who the line names: the stopped rank, or, before MPI_Init has
        /// returned, the watchdog's own rank.
        static func named(_ moment: String, stopped: Int) -> String {
            moment == "init" ? "MPI_Init has not returned on rank \(1 - stopped)" : "rank \(stopped) on "
        }

        /// What the line says it has not done.
        static func what(_ moment: String, stopped: Int) -> String {
            switch (moment, stopped) {
            case ("init", _): "MPI_Init has not returned"
            case ("start", _): "has not reached the start"
            case ("counting", 1), ("collection", 1): "has not reported its result"
            // The others have sent their parts, and wait for rank 0 to end the run.
            case (_, 0): "has not finished the run (the sums, the serial rerun, the report)"
            default: "has not reached the end of the run"
            }
        }

        /// The one pimpi line, the status, the output: everything a stopped
        /// rank's run must show. `printed`: whether rank 0 had printed its
        /// result before it found the rank gone.
        static func expectEnded(_ result: Launcher.Result, stack: MPIStack, stopped: Int, moment: String,
                                within seconds: Double, printed: Bool, _ what: String) throws {
            #expect(!result.timedOut, "\(what): hung\n\(result.stderr)")
            #expect(result.seconds < seconds, "\(what): ended after \(result.seconds) s, bound \(seconds) s")
            // Every pimpi line but progress.
            let lines = result.stderrLines.filter { $0.hasPrefix("pimpi:") && !$0.contains("% of rank 0's share") }
            #expect(lines.count == 1, "\(what): \(lines.count) pimpi lines:\n\(result.stderr)")
            let line = String(lines.first ?? "")
            #expect(line.hasPrefix("pimpi: error: "), "\(what): \(line)")
            #expect(line.contains(Self.named(moment, stopped: stopped)) && line.contains(Self.what(moment, stopped: stopped)),
                    "\(what): \(line)")
            // Hydra reports the status of a rank it killed as often as pimpi's.
            #expect(stack == .mpich ? result.status != 0 : result.status == 69, "\(what): status \(result.status)")
            if printed {
                let report = try ParsedReport(json: result.stdout)
                #expect(report.serialMatched == true, "\(what)")
            } else {
                #expect(stack.noResult(in: result.stdout), "\(what): \(result.stdout)")
            }
        }

        /// No process of the run whose seed is `marker` outlives it: the
        /// launcher kills the stopped one too.
        static func expectNoneLeft(_ marker: String, _ what: String) {
            let gone = Launcher.waitUntil(seconds: 10) { Launcher.pids(withArgument: marker).isEmpty }
            let left = Launcher.pids(withArgument: marker)
            for pid in left { kill(pid, SIGKILL) }
            #expect(gone, "\(what): left running: \(left)")
        }

        /// Three ranks under `stack`'s launcher, `rank` stopping itself at
        /// `moment`: the job ends within `within` seconds as it must, and
        /// leaves nothing behind.
        static func stop(_ rank: Int, at moment: String, stack: MPIStack, within: Double, printed: Bool) throws {
            let marker = "5\(MPIStack.built.firstIndex(of: stack)!)\(Self.moments.firstIndex(of: moment)!)\(rank)271"
            let result = try Launcher.mpirun(
                ranks: 3, [Self.throwCount(moment), "--rank-timeout", "3", "--seed", marker, "--format", "json"],
                stack: stack.withTestHooks, timeout: 90, environment: ["PIMPI_TEST_FAULT": "stop:\(rank):\(moment)"])
            let what = "\(stack), rank \(rank) stopped at \(moment)"
            try Self.expectEnded(result, stack: stack, stopped: rank, moment: moment, within: within, printed: printed, what)
            Self.expectNoneLeft(marker, what)
        }

        @Test("rank 1 stopped at any moment: rank 0 names it in one line, within the bound",
              arguments: MPIStack.built, moments)
        func rankOne(stack: MPIStack, moment: String) throws {
            try Self.stop(1, at: moment, stack: stack, within: Self.bound + 2 + Self.slack,
                          printed: ["serial", "end"].contains(moment))
        }

        @Test("rank 0 stopped: rank 1 names it in one line, one gap later", arguments: MPIStack.built,
              ["init", "collection", "serial"])
        func rankZero(stack: MPIStack, moment: String) throws {
            try Self.stop(0, at: moment, stack: stack, within: Self.bound + 5 + 2 + Self.slack, printed: false)
        }

        /// The real thing: SIGSTOP from outside, once every rank counts. Rank
        /// 0 finishes its share (two seconds of counting, from a measured
        /// rate) before it waits, so the bound runs from there.
        @Test("SIGSTOP from outside while every rank counts", arguments: MPIStack.built)
        func signalWhileCounting(stack: MPIStack) throws {
            let marker = "5\(MPIStack.built.firstIndex(of: stack)!)9271"
            let share = 2.0
            let (running, victims) = try StopSignalTests.startCounting(stack.command(ranks: 2, [
                try SimulatedHosts.throwsLasting(seconds: 2 * share), "--no-serial", "--progress", "always",
                "--rank-timeout", "3", "--seed", marker, "--format", "json",
            ]), marker: marker, rank: 1, stack: stack, timeout: 90)
            for pid in victims { kill(pid, SIGSTOP) }
            let result = try running.finish()
            let what = "\(stack), SIGSTOP to rank 1 while counting"
            // Rank 0's share, twice as long on a busy machine, then the bound.
            try Self.expectEnded(result, stack: stack, stopped: 1, moment: "counting",
                                 within: 2 * share + Self.bound + 2 + Self.slack, printed: false, what)
            Self.expectNoneLeft(marker, what)
        }

        /// While rank 0 reruns the count alone, the other ranks sleep in their
        /// wait for its verdict. The run is sized from a measured rate so
        /// that the rerun lasts about four seconds; the test waits for its
        /// first progress line and reads rank 1's CPU time over 1.5 s of it.
        @Test("the other ranks take no CPU while rank 0 reruns the count", arguments: MPIStack.built)
        func asleepDuringRerun(stack: MPIStack) throws {
            let marker = "5\(MPIStack.built.firstIndex(of: stack)!)8271"
            let running = try Launcher.start(stack.command(ranks: 2, [
                try SimulatedHosts.throwsLasting(seconds: 4), "--progress", "always", "--seed", marker,
                "--format", "json",
            ]), timeout: 120)
            try #require(running.waitForStderr(containing: "of the serial rerun ("),
                         "the rerun never started: \(running.stderrSoFar)")
            let rank1 = try #require(Launcher.pids(withArgument: marker, environment: stack.rankVariable, value: "1").first)
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            func cpuSeconds() -> Double? {
                guard let fields = Launcher.statFields(of: rank1), fields.count > 12,
                      let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
                return (user + system) / ticks
            }
            let before = try #require(cpuSeconds())
            let started = Date()
            Thread.sleep(forTimeInterval: 1.5)
            let after = try #require(cpuSeconds())
            let wall = Date().timeIntervalSince(started)
            #expect(!running.stderrSoFar.contains("of the serial rerun in"), "the rerun ended before the reading")
            let result = try running.finish()
            #expect(result.status == 0, "\(result.stderr)")
            #expect((after - before) / wall < 0.05,
                    "\(stack): rank 1 used \(after - before) s of CPU in \(wall) s of rank 0's rerun")
            #expect(try ParsedReport(json: result.stdout).serialMatched == true)
        }
    }

    /// The same under Slurm's srun, which ends the step when a task exits
    /// non-zero (`--kill-on-bad-exit=1`), and whose own status for that is
    /// srun's: 69 from the task, or 137 or 143 for the ones it killed.
    @Suite("A stopped rank under srun", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct SlurmStoppedRankTests {
        typealias Stopped = StoppedRankTests

        @Test("srun: rank 1 stopped before MPI_Init returns, while counting, during the serial rerun",
              arguments: MPIStack.built, ["init", "collection", "serial"])
        func rankOne(stack: MPIStack, moment: String) throws {
            let marker = "6\(MPIStack.built.firstIndex(of: stack)!)\(Stopped.moments.firstIndex(of: moment)!)1271"
            let result = try Launcher.run(SlurmCluster.onLogin(["env", "PIMPI_TEST_FAULT=stop:1:\(moment)"]
                    + stack.withTestHooks.srunCommand(SlurmCluster.twoRanks,
                                                      ["1e8", "--rank-timeout", "3", "--seed", marker, "--format", "json"])),
                timeout: 90)
            let what = "srun, \(stack), rank 1 stopped at \(moment)"
            let lines = result.stderrLines.filter { $0.hasPrefix("pimpi:") }
            #expect(!result.timedOut, "\(what): hung\n\(result.stderr)")
            #expect(result.seconds < Stopped.bound + 2 + Stopped.slack, "\(what): \(result.seconds) s")
            #expect(lines.count == 1 && lines[0].contains(Stopped.what(moment, stopped: 1)), "\(what):\n\(result.stderr)")
            #expect([69, 137, 143].contains(result.status), "\(what): status \(result.status)")
            if moment == "serial" {
                #expect(try ParsedReport(json: result.stdout).serialMatched == true, "\(what)")
            } else {
                #expect(result.stdout.isEmpty, "\(what): \(result.stdout)")
            }
            Stopped.expectNoneLeft(marker, what)
        }
    }
}
