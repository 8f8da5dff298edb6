/// What one run of pimpi is asked to do: the command line's options as they
/// are (`options`), and what this host and launch make of them, each under a
/// name of its own. The kernel is not here: the ranks agree on it after their
/// trials (`Job.prepare`).
struct RunConfiguration: Sendable {
    /// How many throws: a fixed count, rounds until a precision is reached,
    /// or as many as count for about this many seconds (`--duration`), which
    /// `Job.prepare` turns into a fixed count before any row is made.
    enum Amount: Equatable, Sendable {
        case throwCount(UInt64)
        case precision(PrecisionTarget)
        case duration(seconds: Double)
    }

    /// How many times the parallel count runs.
    struct Repetitions: Equatable, Sendable {
        var timed: Int
        var warmup: Int

        var total: Int { warmup + timed }
    }

    let options: RunOptions
    /// The throw count or precision target of the whole job (a sweep row's
    /// own is `Row.amount`).
    let amount: Amount
    /// `--threads`, with auto resolved for this rank.
    let threads: Int
    /// How rank 0 shows progress on stderr; nil for not at all.
    let progress: ProgressDisplay?
    /// When and how this run started, and in which Slurm job: for the report.
    let provenance: RunProvenance

    /// The run `options` ask for on this host, launched this way.
    init(_ options: RunOptions, launch: LaunchEnvironment, host: HostFacts) {
        self.options = options
        amount = if let targetError = options.targetError {
            .precision(PrecisionTarget(targetError: targetError,
                                       maxThrows: options.maxThrows ?? PrecisionTarget.defaultMaxThrows,
                                       confidence: options.confidence))
        } else if let seconds = options.duration {
            .duration(seconds: seconds)
        } else {
            .throwCount(options.throwCount ?? RunOptions.defaultThrowCount)
        }
        threads = options.threads.resolved(environment: launch.variables, affinityCoreCount: host.affinityCoreCount)
        progress = options.progress.display(stderrIsTerminal: host.stderrIsTerminal, interval: options.progressInterval)
        provenance = RunProvenance.current(launch: launch)
    }

    /// `--warmup`, then `--repeat`.
    var repetitions: Repetitions { Repetitions(timed: options.repeatCount, warmup: options.warmupCount) }

    /// `--reference-fraction`, or its default.
    var referenceFraction: Double { options.referenceFraction ?? RunOptions.defaultReferenceFraction }

    /// How long a rank waits for the others before it asks whether they are
    /// still there (`--rank-timeout`; `WaitPolicy`).
    var waitBound: Double { options.rankTimeout ?? RunOptions.defaultRankTimeout }
}
