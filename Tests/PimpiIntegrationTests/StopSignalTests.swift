import Foundation
import Testing

extension IntegrationTests {
    /// However a stop signal arrives, every rank ends within 5 s, stdout stays
    /// empty, and rank 0 never writes its line twice: exactly once wherever the
    /// launcher still forwards it (docs/troubleshooting.md says where it cannot).
    /// Each way is tried `rounds` times in a row, because losing or doubling the
    /// line is a race.
    @Suite("Stop signals", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct StopSignalTests {
        static let rounds = 10
        /// Every rank must be gone this soon after the signal.
        static let deadline = 5.0
        /// A run that cannot end by itself, with the first progress line to wait for.
        static let endless = ["1e19", "--no-serial", "--progress", "always"]
        /// The first progress line: rank 0 is past the start barrier, so every
        /// rank is counting. Signalling after it tests a stop mid-run, whatever
        /// the CPU's speed.
        static let counting = "% of rank 0's share ("

        /// Starts `command`, whose seed is `marker`, waits until every rank
        /// counts, and returns it with the pids of `rank`'s processes.
        static func startCounting(_ command: [String], marker: String, rank: Int, stack: MPIStack,
                                  timeout: Int) throws -> (Launcher.Running, [Int32]) {
            let running = try Launcher.start(command, timeout: timeout)
            try #require(running.waitForStderr(containing: counting), "never started counting: \(running.stderrSoFar)")
            let pids = Launcher.pids(withArgument: marker, environment: stack.rankVariable, value: String(rank))
            try #require(!pids.isEmpty, "rank \(rank) not found")
            return (running, pids)
        }

        static func stopLines(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { $0.hasPrefix("pimpi: stopped") || $0.hasPrefix("pimpi: interrupted") }
        }

        /// Waits for every pimpi process of this round (its seed is `marker`) to
        /// be gone, and returns how long that took after `signalledAt`.
        static func secondsUntilGone(_ marker: String, after signalledAt: Date) -> Double {
            _ = Launcher.waitUntil(seconds: 30) { Launcher.pids(withArgument: marker).isEmpty }
            return Date().timeIntervalSince(signalledAt)
        }

        /// SIGTERM to a running launcher, and what it must give: the launcher
        /// ends, every rank of the run whose seed is `marker` is gone within
        /// `deadline` seconds, no result, and the stop line exactly once.
        static func expectStopsOnSIGTERM(_ running: Launcher.Running, marker: String, stack: MPIStack,
                                         deadline: Double = deadline) throws {
            let signalledAt = Date()
            running.signalCommand(SIGTERM)
            let result = try running.finish()
            let gone = secondsUntilGone(marker, after: signalledAt)
            #expect(!result.timedOut)
            #expect(gone < deadline, "\(stack): ranks ran on for \(gone) s")
            #expect(stack.noResult(in: result.stdout), "\(result.stdout)")
            #expect(stopLines(result.stderr).count == 1, "\(stack):\n\(result.stderr)")
        }

        /// How the stop reaches a job started by mpirun outside Slurm.
        enum MPIRunStop: String, CaseIterable, CustomStringConvertible {
            /// `kill -TERM` of mpirun, as an admin or a script does.
            case sigtermToMpirun
            /// `kill -INT` of mpirun.
            case sigintToMpirun
            /// Ctrl-C: the terminal sends SIGINT to the foreground process group,
            /// which mpirun leads (Open MPI puts each rank in a group of its own).
            case ctrlC
            /// timeout(1): it sends SIGTERM to mpirun and then to its own process
            /// group, so mpirun gets it twice. Signalling timeout does exactly what
            /// its expiry does, without betting on how long the run takes.
            case timeout

            var description: String { rawValue }

            /// Open MPI 4's mpirun takes a second signal during its shutdown as
            /// "terminate now" and exits without forwarding what its ranks still
            /// write, so there the line may be missing; it is never doubled.
            /// Open MPI 5's prterun sends the ranks SIGTERM and then SIGKILL as it
            /// tears down, no longer reading their output: rank 0 writes its line
            /// (seen with strace) but prterun never forwards it, whichever signal
            /// reached it. MPICH's hydra forwards it every time.
            func lineIsForwarded(by stack: MPIStack) -> Bool {
                stack != .openMPI || (self != .timeout && !MPIStack.openMPIHasPRRTE)
            }

            /// Open MPI's mpirun exits 1 for a job it stopped. Hydra's status
            /// after a signal is its own race (143, 130, 9 or 0 seen here, while
            /// every pimpi rank exits 128 + the signal), so it is not judged.
            func statusSaysStopped(under stack: MPIStack) -> Bool { stack == .openMPI }
        }

        @Test("mpirun and mpiexec: every rank ends within 5 s, nothing on stdout, the stop line once",
              arguments: MPIStack.built, MPIRunStop.allCases)
        func mpirun(stack: MPIStack, stop: MPIRunStop) throws {
            // Four busy ranks on two cores: rank 0 may not be running when the
            // signal lands, which is when its line used to get lost.
            let ranks = 4
            let stackNumber = MPIStack.built.firstIndex(of: stack)!
            for round in 0 ..< Self.rounds {
                let marker = "7\(stackNumber)\(MPIRunStop.allCases.firstIndex(of: stop)!)\(round)31415"
                var command = stack.command(ranks: ranks, Self.endless + ["--seed", marker])
                if stop == .ctrlC { command = ["setsid"] + command }
                let running = try Launcher.start(command, timeout: 90)
                try #require(running.waitForStderr(containing: Self.counting),
                             "\(stack), \(stop), round \(round): never started counting: \(running.stderrSoFar)")
                let signalledAt = Date()
                switch stop {
                case .sigtermToMpirun: running.signalCommand(SIGTERM)
                case .sigintToMpirun: running.signalCommand(SIGINT)
                case .ctrlC: if let group = running.commandPid { kill(-group, SIGINT) }
                case .timeout: kill(running.timeoutPid, SIGTERM)
                }
                let result = try running.finish()
                let gone = Self.secondsUntilGone(marker, after: signalledAt)
                let lines = Self.stopLines(result.stderr)
                let what = "\(stack), \(stop), round \(round)"
                #expect(!result.timedOut, "\(what) hung")
                if stop.statusSaysStopped(under: stack) {
                    #expect(result.status != 0, "\(what)")
                }
                #expect(gone < Self.deadline, "\(what): ranks ran on for \(gone) s")
                #expect(stack.noResult(in: result.stdout), "\(what): \(result.stdout)")
                if stop.lineIsForwarded(by: stack) {
                    #expect(lines.count == 1, "\(what):\n\(result.stderr)")
                } else {
                    #expect(lines.count <= 1, "\(what):\n\(result.stderr)")
                }
            }
        }
    }

    /// The same under Slurm: `scancel` (and a time limit, which sends the same
    /// SIGTERM) reaches every task of a step, or every process of a batch job.
    @Suite("Stop signals under Slurm", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct SlurmStopSignalTests {
        typealias Stop = StopSignalTests

        @Test("scancel of an srun step: every task ends within 5 s with one line from rank 0, status 143",
              arguments: MPIStack.built)
        func srunStep(stack: MPIStack) throws {
            for round in 0 ..< Stop.rounds {
                let marker = "81\(MPIStack.built.firstIndex(of: stack)!)\(round)31415"
                let name = "pimpi-stop-\(marker)"
                let running = try Launcher.start(
                    SlurmCluster.onLogin(stack.srunCommand(["-J", name] + SlurmCluster.twoRanks,
                                                           Stop.endless + ["--seed", marker])),
                    timeout: 90)
                try #require(running.waitForStderr(containing: Stop.counting),
                             "\(stack) round \(round): never started counting: \(running.stderrSoFar)")
                let signalledAt = Date()
                let cancel = try Launcher.run(SlurmCluster.onLogin(["scancel", "-n", name]), timeout: 30)
                #expect(cancel.status == 0, "\(cancel.stderr)")
                let result = try running.finish()
                let gone = Stop.secondsUntilGone(marker, after: signalledAt)
                #expect(!result.timedOut, "\(stack) round \(round) hung")
                #expect(result.status == 143, "\(stack) round \(round): status \(result.status)\n\(result.stderr)")
                #expect(gone < Stop.deadline, "\(stack) round \(round): tasks ran on for \(gone) s")
                #expect(stack.noResult(in: result.stdout), "\(stack) round \(round): \(result.stdout)")
                #expect(Stop.stopLines(result.stderr).count == 1, "\(stack) round \(round):\n\(result.stderr)")
            }
        }

        /// A batch job's script starts pimpi with srun (slurm/pimpi.slurm) or with
        /// mpirun (Tests/slurm/mpirun.slurm); scancel signals every process of the job.
        enum BatchLaunch: String, CaseIterable, CustomStringConvertible {
            case srun, mpirun
            var description: String { "sbatch with \(rawValue)" }

            var script: String {
                switch self {
                case .srun: Launcher.packageRoot.appendingPathComponent("slurm/pimpi.slurm").path
                case .mpirun: Launcher.packageRoot.appendingPathComponent("Tests/slurm/mpirun.slurm").path
                }
            }

            /// mpirun is signalled with its ranks, and Open MPI's launcher stops
            /// reading their output while it kills them: the line may be missing.
            var lineIsForwarded: Bool { self == .srun }
        }

        @Test("scancel of a batch job: every rank ends within 5 s, the job is CANCELLED, the stop line once",
              arguments: BatchLaunch.allCases)
        func batchJob(launch: BatchLaunch) throws {
            for round in 0 ..< Stop.rounds {
                let marker = "82\(BatchLaunch.allCases.firstIndex(of: launch)!)\(round)31415"
                let job = try SlurmCluster.submit(script: launch.script, arguments: Stop.endless + ["--seed", marker])
                let counting = Launcher.waitUntil(seconds: 60) { job.outputSoFar.contains(Stop.counting) }
                guard counting else {
                    _ = try? Launcher.run(SlurmCluster.onLogin(["scancel", job.id]), timeout: 30)
                    Issue.record("\(launch) round \(round): job \(job.id) never started counting:\n\(job.outputSoFar)")
                    return
                }
                let signalledAt = Date()
                let cancel = try Launcher.run(SlurmCluster.onLogin(["scancel", job.id]), timeout: 30)
                #expect(cancel.status == 0, "\(cancel.stderr)")
                let gone = Stop.secondsUntilGone(marker, after: signalledAt)
                let state = try SlurmCluster.waitForEnd(of: job, timeout: 60)
                let lines = Stop.stopLines(job.outputSoFar)
                #expect(["CANCELLED", "FINISHED"].contains(state), "\(launch) round \(round): \(state)")
                #expect(!job.outputSoFar.contains("Monte Carlo estimate"), "\(launch) round \(round): a result")
                #expect(gone < Stop.deadline, "\(launch) round \(round): ranks ran on for \(gone) s")
                if launch.lineIsForwarded {
                    #expect(lines.count == 1, "\(launch) round \(round):\n\(job.outputSoFar)")
                } else {
                    #expect(lines.count <= 1, "\(launch) round \(round):\n\(job.outputSoFar)")
                }
            }
        }
    }
}
