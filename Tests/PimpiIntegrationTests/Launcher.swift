import Foundation

/// Runs the built pimpi binary as a real subprocess: alone, under mpirun, or under
/// srun. Every run is bounded by coreutils' `timeout`, so a hang fails the test
/// instead of stalling the suite.
enum Launcher {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// `timeout` exits 124 when it had to stop the command.
        var timedOut: Bool { status == 124 }
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
        var errorLines: [Substring] { stderrLines.filter { $0.hasPrefix("pimpi: error:") } }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary under test: $PIMPI_BIN (set by `make test`) or the release build.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["PIMPI_BIN"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/release/pimpi").path
    }()

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// The environment for launches: OpenMPI refuses to run as root unless told
    /// it may, and pimpi's tests run as root in CI.
    static let environment: [String: String] = {
        var variables = ProcessInfo.processInfo.environment
        if getuid() == 0 {
            variables["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
            variables["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        }
        return variables
    }()

    static func run(_ command: [String], timeout seconds: Int = 120,
                    environment extra: [String: String] = [:]) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pimpi-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", String(seconds)] + command
        process.environment = environment.merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// pimpi on its own: an MPI singleton.
    static func singleton(_ arguments: [String], timeout: Int = 120) throws -> Result {
        try run([binary] + arguments, timeout: timeout)
    }

    /// pimpi under `mpirun -np ranks`; oversubscribed, since the test machines
    /// have fewer cores than some tests use ranks.
    static func mpirun(ranks: Int, _ arguments: [String], timeout: Int = 120) throws -> Result {
        try run(["mpirun", "--oversubscribe", "-np", String(ranks), binary] + arguments, timeout: timeout)
    }
}
