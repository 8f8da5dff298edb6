import Foundation

/// Messages to the user on stderr; results go to stdout only.
public enum Diagnostics {
    /// Writes one `pimpi: error: …` line.
    public static func error(_ message: String) {
        FileHandle.standardError.write(Data("pimpi: error: \(oneLine(message))\n".utf8))
    }

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

/// pimpi's exit statuses, from sysexits.h.
public enum ExitStatus {
    /// EX_USAGE: the command line was wrong; nothing ran.
    public static let usage: Int32 = 64
    /// EX_SOFTWARE: the serial rerun disagreed with the parallel run.
    public static let resultMismatch: Int32 = 70
    /// EX_SOFTWARE too: a rank failed after MPI_Init and ended the job.
    public static let internalFailure: Int32 = 70
    /// EX_CONFIG: the launcher did not connect the tasks into one MPI job.
    public static let launchMisconfigured: Int32 = 78
    /// EX_CONFIG too: --threads asked for more thread support than MPI provides.
    public static let threadsUnsupported: Int32 = 78
}
