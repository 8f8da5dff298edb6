import PimpiKernel

/// What one run of pimpi is asked to do: the command line's options as they
/// are, and what this host and launch make of them. Every option is read
/// through it by name (`configuration.seed`), so none is restated here.
@dynamicMemberLookup
public struct RunConfiguration: Sendable {
    /// How many throws: a fixed count, or rounds until a precision is reached.
    public enum Amount: Equatable, Sendable {
        case throwCount(UInt64)
        case precision(PrecisionTarget)
    }

    /// How many times the parallel count runs.
    public struct Repetitions: Equatable, Sendable {
        public var timed: Int
        public var warmup: Int

        public init(timed: Int = 1, warmup: Int = 0) {
            self.timed = timed
            self.warmup = warmup
        }
    }

    public var options: RunOptions
    /// The throw count or precision target (a sweep's row sets its own).
    public var amount: Amount
    /// What `KernelTrial.resolve` made of `--kernel`.
    public let kernel: Kernel
    /// `--threads`, with auto resolved for this rank.
    public let threads: Int
    /// How rank 0 shows progress on stderr; nil for not at all.
    public let progress: ProgressDisplay?

    /// The run `options` ask for on this host, launched this way, with `kernel`.
    public init(_ options: RunOptions, launch: LaunchEnvironment, host: HostFacts, kernel: Kernel) {
        self.options = options
        amount = options.targetError.map {
            .precision(PrecisionTarget(targetError: $0, maxThrows: options.maxThrows ?? PrecisionTarget.defaultMaxThrows))
        } ?? .throwCount(options.throwCount ?? RunOptions.defaultThrowCount)
        self.kernel = kernel
        threads = options.threads.resolved(environment: launch.variables, affinityCPUCount: host.affinityCPUCount)
        progress = options.progress.display(stderrIsTerminal: host.stderrIsTerminal, interval: options.progressInterval)
    }

    /// Any option as the command line gave it: `configuration.schedule`.
    public subscript<Value>(dynamicMember option: WritableKeyPath<RunOptions, Value>) -> Value {
        get { options[keyPath: option] }
        set { options[keyPath: option] = newValue }
    }

    /// `--warmup`, then `--repeat`.
    public var repetitions: Repetitions { Repetitions(timed: options.repeatCount, warmup: options.warmupCount) }
}
