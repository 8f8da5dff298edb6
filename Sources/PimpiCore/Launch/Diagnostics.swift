import Foundation

/// Messages to the user on stderr; results go to stdout only.
public enum Diagnostics {
    /// Writes one `pimpi: error: …` line.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("pimpi: error: \(oneLine(message))\n".utf8))
    }

    /// A failure that every process meets alike, before MPI_Init (a bad command
    /// line, srun without the PMI this MPI needs) or after it in a check every
    /// rank makes: the first process writes the one line and every process
    /// exits with `status`. Launchers end the whole
    /// job at the first non-zero exit (Open MPI 5's prterun kills the rest at
    /// once), which on a loaded node can come before the speaker has written;
    /// so the silent processes give it a second, as the stop-signal handler's
    /// silent ranks do. The speaker, too, waits a moment after writing: srun
    /// ships a task's output from its node separately from its exit status,
    /// and with --kill-on-bad-exit it ended the step on the status while the
    /// line from the other node was still on its way (3 of 18 bad-input runs
    /// under MPICH across two simulated hosts lost it; none of 12 with the wait).
    ///
    /// Both waits grow with the processes the launcher starts on this node
    /// (`localProcesses`): Open MPI 4.1's mpirun hangs for good when a process
    /// exits with an error while it is still starting the others (6 of 8
    /// bad-input runs of 128 ranks on 2 cores; `sh -c 'exit 64'` does the
    /// same; none of 8 once the exit waited for the launch to be done), and
    /// starting takes longer the more processes share a node.
    public static func failAlike(_ message: String, speaks: Bool, status: Int32, localProcesses: Int = 1) -> Int32 {
        // The launcher ends the late ranks at the first one's exit: they exit
        // with the same status.
        StopSignals.settle(status: status)
        let launching = launchAllowance * Double(max(localProcesses, 1))
        if speaks {
            error(message)
            Thread.sleep(forTimeInterval: speakerExitDelay + launching)
        } else {
            Thread.sleep(forTimeInterval: silentExitDelay + launching)
        }
        return status
    }

    /// How long a silent process waits before a failing exit: mpirun's own
    /// SIGTERM-to-SIGKILL wait, as in `CPimpiSignals`.
    static let silentExitDelay = 1.0
    /// How long the speaker waits after its line: well under the silent delay.
    static let speakerExitDelay = 0.3
    /// Added to both per process started on the node: 1.3 s for 128.
    static let launchAllowance = 0.01

    /// Folds a message onto one line, so a failure is always exactly one line.
    public static func oneLine(_ message: String) -> String {
        var text = message
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
