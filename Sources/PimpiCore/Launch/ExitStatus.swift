/// pimpi's exit statuses, mostly from sysexits.h.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// Not from sysexits.h: the run succeeded and printed its result, but
    /// --fail-on-warning was given and the placement check warned.
    static let placementWarning: Int32 = 3
    /// Not from sysexits.h: a node check (`--screen`) judged this node bad: a
    /// core counted wrong, throttled, or the node is below its reference.
    /// The verdict is printed; a health check drains the node on it.
    public static let nodeJudgedBad: Int32 = 4
    /// EX_USAGE: the command line was wrong; nothing ran.
    public static let usage: Int32 = 64
    /// EX_SOFTWARE: the serial rerun disagreed with the parallel run.
    static let resultMismatch: Int32 = 70
    /// EX_SOFTWARE too: a rank failed after MPI_Init and ended the job.
    static let internalFailure: Int32 = 70
    /// EX_UNAVAILABLE: a rank did not report its result in time (a lost node
    /// or network); rank 0 named it and ended the job.
    static let rankLost: Int32 = 69
    /// EX_CANTCREAT: the report was printed, but `--append-to`'s file could
    /// not be written.
    static let cannotAppend: Int32 = 73
    /// EX_CONFIG: the launcher did not connect the tasks into one MPI job.
    static let launchMisconfigured: Int32 = 78
    /// EX_CONFIG too: --threads asked for more thread support than MPI provides.
    static let threadsUnsupported: Int32 = 78
}
