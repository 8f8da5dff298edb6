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

        static func stopLines(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { $0.hasPrefix("pimpi: stopped") || $0.hasPrefix("pimpi: interrupted") }
        }

        /// Waits for every pimpi process of this round (its seed is `marker`) to
        /// be gone, and returns how long that took after `signalledAt`.
        static func secondsUntilGone(_ marker: String, after signalledAt: Date) -> Double {
            _ = Launcher.waitUntil(seconds: 30) { Launcher.pids(withArgument: marker).isEmpty }
            return Date().timeIntervalSince(signalledAt)
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

            /// Open MPI's mpirun takes a second signal during its shutdown as
            /// "terminate now" and exits without forwarding what its ranks still
            /// write, so there the line may be missing; it is never doubled.
            var lineIsForwarded: Bool { self != .timeout }
        }

        @Test("mpirun: every rank ends within 5 s, nothing on stdout, the stop line once",
              arguments: MPIRunStop.allCases)
        func mpirun(stop: MPIRunStop) throws {
            // Four busy ranks on two cores: rank 0 may not be running when the
            // signal lands, which is when its line used to get lost.
            let ranks = 4
            for round in 0 ..< Self.rounds {
                let marker = "7\(MPIRunStop.allCases.firstIndex(of: stop)!)\(round)31415"
                var command = Launcher.mpirunCommand(ranks: ranks, Self.endless + ["--seed", marker])
                if stop == .ctrlC { command = ["setsid"] + command }
                let running = try Launcher.start(command, timeout: 90)
                try #require(running.waitForStderr(containing: Self.counting),
                             "\(stop) round \(round): never started counting: \(running.stderrSoFar)")
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
                #expect(!result.timedOut, "\(stop) round \(round) hung")
                #expect(result.status != 0, "\(stop) round \(round)")
                #expect(gone < Self.deadline, "\(stop) round \(round): ranks ran on for \(gone) s")
                #expect(result.stdout.isEmpty, "\(stop) round \(round): \(result.stdout)")
                if stop.lineIsForwarded {
                    #expect(lines.count == 1, "\(stop) round \(round):\n\(result.stderr)")
                } else {
                    #expect(lines.count <= 1, "\(stop) round \(round):\n\(result.stderr)")
                }
            }
        }
    }

    /// The same under Slurm: `scancel` (and a time limit, which sends the same
    /// SIGTERM) reaches every task of a step, or every process of a batch job.
    @Suite("Stop signals under Slurm", .serialized,
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make test`"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct SlurmStopSignalTests {
        typealias Stop = StopSignalTests

        @Test("scancel of an srun step: every task ends within 5 s with one line from rank 0, status 143")
        func srunStep() throws {
            for round in 0 ..< Stop.rounds {
                let marker = "81\(round)31415"
                let name = "pimpi-stop-\(marker)"
                let running = try Launcher.start(
                    ["srun", "-J", name, "-N", "1", "-n", "2", Launcher.binary] + Stop.endless + ["--seed", marker],
                    timeout: 90)
                try #require(running.waitForStderr(containing: Stop.counting),
                             "round \(round): never started counting: \(running.stderrSoFar)")
                let signalledAt = Date()
                let cancel = try Launcher.run(["scancel", "-n", name], timeout: 30)
                #expect(cancel.status == 0, "\(cancel.stderr)")
                let result = try running.finish()
                let gone = Stop.secondsUntilGone(marker, after: signalledAt)
                #expect(!result.timedOut, "round \(round) hung")
                #expect(result.status == 143, "round \(round): status \(result.status)\n\(result.stderr)")
                #expect(gone < Stop.deadline, "round \(round): tasks ran on for \(gone) s")
                #expect(result.stdout.isEmpty, "round \(round): \(result.stdout)")
                #expect(Stop.stopLines(result.stderr).count == 1, "round \(round):\n\(result.stderr)")
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
                    _ = try? Launcher.run(["scancel", job.id], timeout: 30)
                    Issue.record("\(launch) round \(round): job \(job.id) never started counting:\n\(job.outputSoFar)")
                    return
                }
                let signalledAt = Date()
                let cancel = try Launcher.run(["scancel", job.id], timeout: 30)
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
