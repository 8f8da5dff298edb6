import Foundation

/// Runs the built pimpi binary as a real subprocess: alone, under mpirun, or under
/// srun. Every run is bounded by coreutils' `timeout`, so a hang fails the test
/// instead of stalling the suite.
enum Launcher {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Wall-clock time from launch to exit.
        var seconds: Double = 0
        /// The limit `timeout` enforced.
        var limit: Int = 0
        /// Whether `timeout` had to stop the command: it exits 124 after its
        /// signal, or 137 when it needed SIGKILL (`-k`). Either status can also
        /// come from the command itself (a launcher whose rank was killed exits
        /// 137), so the limit must also have passed.
        var timedOut: Bool { (status == 124 || status == 137) && seconds >= Double(limit) }
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
        var errorLines: [Substring] { stderrLines.filter { $0.hasPrefix("pimpi: error:") } }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Open MPI build: $PIMPI_BIN (set by `make check`) or the release build.
    static var binary: String { MPIStack.openMPI.binary }

    static var binaryExists: Bool { MPIStack.openMPI.isBuilt }

    /// The environment for launches: OpenMPI refuses to run as root unless told
    /// it may, and pimpi's tests run as root in CI.
    static let environment: [String: String] = {
        var variables = ProcessInfo.processInfo.environment
        if getuid() == 0 {
            variables["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
            variables["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        }
        // Open MPI 5.0's TCP transport prints "Unable to find reachable pairing
        // between local and remote interfaces" on hosts with IPv4 and IPv6
        // (open-mpi/ompi#14079), once per rank, into the stderr the tests read;
        // the Makefile sets the same (docs/troubleshooting.md).
        if variables["OMPI_MCA_btl_tcp_disable_family"] == nil {
            variables["OMPI_MCA_btl_tcp_disable_family"] = "6"
        }
        return variables
    }()

    /// A launched command that the test can signal while it runs.
    final class Running {
        let process: Process
        let directory: URL
        let limit: Int
        let started = Date()

        init(process: Process, directory: URL, limit: Int) {
            self.process = process
            self.directory = directory
            self.limit = limit
        }

        /// The pid of `timeout` (env execs it).
        var timeoutPid: Int32 { process.processIdentifier }

        /// The pid of the launched command (mpirun, srun, pimpi), timeout's child.
        var commandPid: Int32? { Launcher.children(of: timeoutPid).first }

        /// Sends `signal` once to the launched command itself, as `kill` does.
        func signalCommand(_ signal: Int32) {
            if let pid = commandPid { kill(pid, signal) }
        }

        /// What has reached stderr so far.
        var stderrSoFar: String {
            (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
        }

        /// Waits until stderr holds `text`, or the command ended, or `seconds` passed.
        func waitForStderr(containing text: String, seconds: Double = 60) -> Bool {
            Launcher.waitUntil(seconds: seconds) { stderrSoFar.contains(text) || !process.isRunning }
                && stderrSoFar.contains(text)
        }

        /// Whether the launch has ended (`timeout` exited), read from /proc: a
        /// process it left behind on a lost node keeps Foundation's exit watch
        /// open, so `process.isRunning` would say it still runs.
        var hasEnded: Bool {
            guard let fields = Launcher.statFields(of: timeoutPid) else { return true }
            return fields.first == "Z"
        }

        /// Waits for the end and collects the output.
        func finish() throws -> Result {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: directory) }
            return Result(
                status: process.terminationStatus,
                stdout: try String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8),
                stderr: try String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8),
                seconds: Date().timeIntervalSince(started), limit: limit)
        }
    }

    /// Starts `command` under `timeout` and returns at once.
    static func start(_ command: [String], timeout seconds: Int = 120,
                      environment extra: [String: String] = [:]) throws -> Running {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pimpi-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        // The test runner's threads block most signals and children inherit the
        // mask; `env --default-signal` gives the launch the defaults a shell would.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal", "timeout", "-k", "5", String(seconds)] + command
        process.environment = environment.merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        return Running(process: process, directory: directory, limit: seconds)
    }

    static func run(_ command: [String], timeout seconds: Int = 120,
                    environment extra: [String: String] = [:]) throws -> Result {
        try start(command, timeout: seconds, environment: extra).finish()
    }

    /// Pids of running pimpi processes whose command line holds `marker` and whose
    /// environment sets `variable=value` (e.g. the rank a launcher gave them).
    static func pids(withArgument marker: String, environment variable: String, value: String) -> [Int32] {
        pids(withArgument: marker).filter { pid in
            guard let environ = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")) else { return false }
            return environ.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "\(variable)=\(value)" }
        }
    }

    /// Pids whose parent is `parent` (from /proc/PID/stat's fourth field).
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let fields = statFields(of: pid) else { return false }
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// The fields of /proc/PID/stat after "pid (comm)": state, parent pid, ...;
    /// nil once the process is gone.
    static func statFields(of pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: end)...].split(separator: " ")
    }

    /// Pids of running pimpi processes whose command line holds `marker`.
    static func pids(withArgument marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
            let arguments = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.first?.hasSuffix("pimpi") == true && arguments.contains(marker)
                && !isZombie(pid)
        }
    }

    /// A process that has ended but was not yet reaped by its parent.
    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: end)...].split(separator: " ").first == "Z"
    }

    /// Polls `condition` every 0.05 s for up to `seconds`.
    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    /// pimpi on its own: an MPI singleton.
    static func singleton(_ arguments: [String], stack: MPIStack = .openMPI, timeout: Int = 120) throws -> Result {
        try run([stack.binary] + arguments, timeout: timeout)
    }

    /// `mpirun -np ranks pimpi ARGUMENTS` with that MPI's launcher; Open MPI's
    /// oversubscribed, since a runner may have fewer cores than a test uses
    /// ranks (even one).
    static func mpirun(ranks: Int, _ arguments: [String], stack: MPIStack = .openMPI, timeout: Int = 120,
                       environment extra: [String: String] = [:]) throws -> Result {
        try run(stack.command(ranks: ranks, arguments), timeout: timeout, environment: extra)
    }
}
