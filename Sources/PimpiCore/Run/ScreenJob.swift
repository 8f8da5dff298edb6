import Foundation

/// `pimpi --screen DURATION`: one node judges itself, with no MPI job around
/// it, so that a node whose MPI start or fabric is broken cannot take other
/// nodes' verdicts with it. It runs as a plain process (a health check under
/// slurmd, where no PMI is set) or as one task per node of `srun --mpi=none`,
/// and never calls MPI_Init. In order: the reference (a bad one ends it,
/// 64), the kernel (with a reference, the one the reference ran), the
/// screen, the verdict (one line, or JSON), and the status: 0 healthy, 4
/// bad, 69 a CPU that never finished its block. `pimpi --collect` merges
/// the verdicts of many nodes.
public enum ScreenJob {
    public static func run(_ options: RunOptions, launch: LaunchEnvironment) -> Int32 {
        if !options.collect.isEmpty { return collect(options) }
        guard let seconds = options.screen else { preconditionFailure("ScreenJob runs --screen or --collect") }
        let provenance = RunProvenance.current(launch: launch)
        // Each node speaks for itself: a stop signal gets its one line here too.
        StopSignals.install(speaks: true)
        let host = HostFacts.current()
        let hooks = TestHooks(environment: launch.variables)
        hooks.stop(at: .initialization, rank: launch.launchRank ?? 0)

        var reference: Reference?
        if let path = options.reference {
            switch Reference.load(path: path) {
            case .failure(let problem):
                Diagnostics.error(problem.message)
                return ExitStatus.usage
            case .success(let loaded):
                if let problem = loaded.problem(cpuModels: [host.cpuModel]) {
                    Diagnostics.error(problem)
                    return ExitStatus.usage
                }
                reference = loaded
            }
        }
        let decided = KernelTrial.resolve(options.kernel, best: host.bestKernel).kernel
        let kernel = reference?.kernel(cpuModel: host.cpuModel, decided: decided, best: host.bestKernel) ?? decided
        let seed = options.givenSeed ?? UInt64.random(in: .min ... .max)
        let plan = ScreenPlan.plan(affinity: host.affinity, onlineCPUCount: host.onlineCPUCount,
                                   topology: host.topology)
        let name = launch.slurmNodeName ?? shortHostName()

        let end = Screener.run(plan: plan, kernel: kernel, seed: seed, seconds: seconds,
                               endBound: options.rankTimeout ?? RunOptions.defaultRankTimeout,
                               faults: hooks.screenFaults())
        guard case .finished(let outcome) = end else {
            if case .hung(let cpu, let stuck) = end {
                Diagnostics.error(String(format: "%@: CPU %d has not finished its block of %@ throws in %.0f s "
                    + "(a block takes milliseconds): the core is hung or the thread cannot run there; no verdict",
                    name, cpu, TextLayout.grouped(plan.blockThrows), stuck))
            }
            return ExitStatus.rankLost
        }
        let verdict = ScreenVerdict(
            host: name, cpuModel: host.cpuModel, outcome: outcome,
            throttleFraction: options.throttleFraction ?? RunOptions.defaultThrottleFraction,
            reference: reference, referenceFraction: options.referenceFraction ?? RunOptions.defaultReferenceFraction)
        let json = ScreenReport(verdict, reference: options.reference, version: PimpiVersion.current,
                                provenance: provenance).json
        FileHandle.standardOutput.write(Data(((options.format == .json ? json : verdict.line) + "\n").utf8))
        if let path = options.appendTo, let problem = ReportArchive.append(json, to: path) {
            Diagnostics.error(problem)
            return ExitStatus.cannotAppend
        }
        return verdict.status
    }

    /// `--collect`: the verdicts merged, on stdout.
    private static func collect(_ options: RunOptions) -> Int32 {
        let collection = VerdictCollection.read(options.collect)
        FileHandle.standardOutput.write(Data((options.format == .json ? collection.json : collection.text).utf8))
        return collection.status
    }

    /// This host's name up to its first dot, as Slurm names nodes.
    private static func shortHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.split(separator: ".").first.map(String.init) ?? name
    }
}
