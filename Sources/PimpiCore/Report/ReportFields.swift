/// The report as named fields, in print order: the one list that both JSON and
/// CSV are written from, so the two carry the same names and values (JSON adds
/// what does not fit one CSV line: the library's whole text, each rank, each
/// warning). docs/output.md documents every field.
extension RunReport {
    var contextFields: [(name: String, value: ReportValue)] {
        [
            ("pimpi_version", .string(context.pimpiVersion)),
            ("mpi_library", .string(context.mpiLibrary.name)),
            ("ranks", .integer(UInt64(context.ranks))),
            ("nodes", .integer(UInt64(context.nodes))),
            ("hosts", .list(context.hosts)),
            ("generator", .string(context.generator)),
            ("seed", .integer(context.seed)),
            ("kernel", .string(context.kernel.level.rawValue)),
            ("threads_per_rank", .integer(UInt64(context.threadsPerRank))),
            ("schedule", .string(context.schedule.rawValue)),
            ("chunk", context.chunk.map(ReportValue.integer) ?? .null),
            ("mpi_thread_level", .string(context.mpiThreadLevel.name)),
            ("kernel_shape", .string(context.kernel.shape.name)),
            ("sweep", scalingBase.map { .string($0.mode.rawValue) } ?? .null),
            ("chunk_taking", context.chunkTaking.map { .string($0.rawValue) } ?? .null),
            ("cpu_models", .list(context.kernels.map(\.cpuModel))),
            ("kernels", .list(context.kernels.map(\.kernel.name))),
            ("reference", reference.map { .string($0.path) } ?? .null),
            ("reference_fraction", reference.map { .number($0.fraction) } ?? .null),
            ("duration_seconds", context.durationSeconds.map(ReportValue.number) ?? .null),
            ("started_at", context.provenance.map { .string($0.startedAtText) } ?? .null),
            ("command_line", context.provenance.map { .string($0.commandLine) } ?? .null),
            ("pimpi_commit", context.provenance.map { .string($0.commit) } ?? .null),
            ("slurm_job_id", context.provenance?.slurm.map { .string($0.jobID) } ?? .null),
            ("slurm_step_id", context.provenance?.slurm?.stepID.map(ReportValue.string) ?? .null),
            ("slurm_partition", context.provenance?.slurm?.partition.map(ReportValue.string) ?? .null),
            ("slurm_nodelist", context.provenance?.slurm?.nodeList.map(ReportValue.string) ?? .null),
            ("slurm_cluster", context.provenance?.slurm?.cluster.map(ReportValue.string) ?? .null),
        ]
    }

    /// Context that only JSON carries: multi-line text would break CSV's one
    /// line per run.
    var contextDetailFields: [(name: String, value: ReportValue)] {
        [("mpi_library_version", .string(context.mpiLibrary.versionString))]
    }

    var resultFields: [(name: String, value: ReportValue)] {
        [
            ("throws", .integer(estimate.throwCount)),
            ("hits", .integer(estimate.hits)),
            ("pi", .number(estimate.pi)),
            ("abs_error", .number(estimate.absoluteError)),
            ("std_error", .number(estimate.standardError)),
            ("confidence", .number(confidence)),
            ("ci_low", .number(interval.low)),
            ("ci_high", .number(interval.high)),
            ("parallel_seconds", .number(parallelSeconds)),
            ("rank_seconds_min", .number(rankSecondsMin)),
            ("rank_seconds_max", .number(rankSecondsMax)),
            ("rank_throws", .integers(throwsByRank)),
            ("throws_per_second_per_rank", throwsPerSecondPerRank.map(ReportValue.number) ?? .null),
            ("throws_per_second_per_core", throwsPerSecondPerCore.map(ReportValue.number) ?? .null),
            ("serial_seconds", serial.map { .number($0.seconds) } ?? .null),
            ("serial_hits", serial.map { .integer($0.hits) } ?? .null),
            ("serial_matched", serialMatched.map(ReportValue.boolean) ?? .null),
            ("speedup", speedup.map(ReportValue.number) ?? .null),
            ("efficiency", efficiency.map(ReportValue.number) ?? .null),
            ("mpi_init_seconds", .number(mpiInitSeconds)),
            ("target_error", target.map { .number($0.target.targetError) } ?? .null),
            ("max_throws", target.map { .integer($0.target.maxThrows) } ?? .null),
            ("rounds", target.map { .integer(UInt64($0.rounds)) } ?? .null),
            ("target_reached", target.map { .boolean($0.reached) } ?? .null),
            ("warning_kinds", .list(warnings.map(\.kind.rawValue))),
            ("slowest_rank_ratio", PlacementCheck.slowestRankRatio(perRank).map(ReportValue.number) ?? .null),
            ("idle_cores", .integer(UInt64(PlacementCheck.idleCoreCount(perRank)))),
            ("kernel_trial_seconds", kernelTrial.map { .number($0.seconds) } ?? .null),
            ("repetitions", .integer(UInt64(timedSamples.count))),
            ("warmup", .integer(UInt64(repetitions?.warmupSeconds.count ?? 0))),
            ("parallel_seconds_min", .number(timedSummary.min)),
            ("parallel_seconds_max", .number(timedSummary.max)),
            ("parallel_seconds_mean", .number(timedSummary.mean)),
            ("parallel_seconds_stddev", .number(timedSummary.standardDeviation)),
            ("parallel_seconds_samples", .numbers(timedSamples)),
            ("warmup_seconds_samples", .numbers(repetitions?.warmupSeconds ?? [])),
            ("speedup_base", scalingBase.map { .string($0.source.rawValue) }
                ?? serial.map { _ in .string(ScalingBase.Source.serialRerun.rawValue) } ?? .null),
            ("serial_seconds_samples", .numbers(serial?.secondsSamples ?? [])),
            ("nodes_below_reference", reference.map { _ in
                .integer(UInt64(warnings.filter { $0.kind == .belowReference }.count)) } ?? .null),
            ("nodes_without_reference", reference.map { _ in
                .integer(UInt64(warnings.filter { $0.kind == .noReference }.count)) } ?? .null),
            ("drain_hostlist", drainHostlist.map(ReportValue.string) ?? .null),
        ]
    }

    /// The parallel time of each timed repetition (one without `--repeat`).
    var timedSamples: [Double] { repetitions?.seconds ?? [parallelSeconds] }
    var timedSummary: SampleSummary { SampleSummary(timedSamples)! }

    /// One rank's entry in JSON's top-level `per_rank`.
    func rankFields(_ rank: RankPlacement) -> [(name: String, value: ReportValue)] {
        let samples = repetitions?.rankKernelSeconds.map { ReportValue.numbers($0[rank.rank]) } ?? .null
        return [
            ("rank", .integer(UInt64(rank.rank))),
            ("host", .string(rank.host)),
            ("cpu_model", .string(rank.cpuModel)),
            ("cpus", rank.cpus.map { .string($0.list) } ?? .null),
            ("host_cpus", .integer(UInt64(rank.hostCPUCount))),
            ("cores", rank.reach.map { .string($0.cores.list) } ?? .null),
            ("numa_nodes", rank.reach.map { .string($0.numaNodes.list) } ?? .null),
            ("sockets", rank.reach.map { .string($0.sockets.list) } ?? .null),
            ("host_cores", rank.hostSize.map { .integer(UInt64($0.cores)) } ?? .null),
            ("host_numa_nodes", rank.hostSize.map { .integer(UInt64($0.numaNodes)) } ?? .null),
            ("host_sockets", rank.hostSize.map { .integer(UInt64($0.sockets)) } ?? .null),
            ("threads", .integer(UInt64(rank.threads))),
            ("threads_auto", .boolean(rank.threadsAuto)),
            ("thread_places", rank.threadPlaces.isEmpty ? .null : .records(
                keys: ["thread", "cpu", "core", "numa_node", "socket"], rows: rank.threadPlaces.map(Self.placeRow))),
            ("kernel", .string(rank.kernel.name)),
            ("throws", .integer(rank.throwsCounted)),
            ("seconds", .number(rank.seconds)),
            ("throws_per_second", rank.throwsPerSecond.map(ReportValue.number) ?? .null),
            ("trial_throws_per_second", rank.trialThrowsPerSecond.map(ReportValue.number) ?? .null),
            ("clock_hz", rank.clockHz.map(ReportValue.number) ?? .null),
            ("hits", .integer(rank.hits)),
            ("seconds_samples", samples),
        ]
    }

    /// A pinned thread's record in `thread_places`: thread, CPU, core, NUMA node, socket.
    static func placeRow(_ thread: ThreadPlace) -> [UInt64?] {
        let levels: [Int?] = [thread.place.core, thread.place.numaNode, thread.place.socket]
        return [UInt64(thread.thread), UInt64(thread.cpu)] + levels.map { $0.map(UInt64.init) }
    }

    /// One host's entry in JSON's top-level `nodes`.
    static func nodeFields(_ node: NodeRate) -> [(name: String, value: ReportValue)] {
        func number(_ value: Double?) -> ReportValue { value.map(ReportValue.number) ?? .null }
        return [
            ("host", .string(node.host)),
            ("ranks", .integer(UInt64(node.ranks.count))),
            ("first_rank", .integer(UInt64(node.ranks[0]))),
            ("cpu_model", .string(node.cpuModel)),
            ("kernel", .string(node.kernel.name)),
            ("threads", .integer(UInt64(node.threads))),
            ("throws", .integer(node.throwsCounted)),
            ("throws_per_second_per_core", number(node.throwsPerSecondPerCore)),
            ("clock_hz", number(node.clockHz)),
            ("cycles_per_throw", number(node.cyclesPerThrow)),
            ("reference_throws_per_second_per_core", number(node.reference?.throwsPerSecondPerCore)),
            ("reference_clock_hz", number(node.reference?.clockHz)),
            ("reference_cycles_per_throw", number(node.reference?.cyclesPerThrow)),
            ("reference_ratio", number(node.referenceRatio)),
            ("reference_missing", node.unmatched.map(ReportValue.string) ?? .null),
        ]
    }

    /// One warning in JSON's top-level `warnings`.
    static func warningFields(_ warning: PlacementWarning) -> [(name: String, value: ReportValue)] {
        [("kind", .string(warning.kind.rawValue)), ("message", .string(warning.message)),
         ("ranks", .integers(warning.ranks.map { UInt64($0) })), ("hosts", .list(warning.hosts)),
         ("explained_by", warning.explainedBy.map { .string($0.rawValue) } ?? .null)]
    }

    /// One JSON object: {"context": {...}, "results": {...}, "per_rank": [...], "nodes": [...],
    /// "warnings": [...]}.
    var json: String {
        func members(_ fields: [(name: String, value: ReportValue)], indent: String) -> String {
            fields.map { "\(indent)\(ReportValue.jsonString($0.name)): \($0.value.json)" }.joined(separator: ",\n")
        }
        func list(_ objects: [[(name: String, value: ReportValue)]]) -> String {
            objects.isEmpty ? "[]"
                : "[\n" + objects.map { "    {" + $0.map { "\(ReportValue.jsonString($0.name)): \($0.value.json)" }
                    .joined(separator: ", ") + "}" }.joined(separator: ",\n") + "\n  ]"
        }
        return "{\n  \"context\": {\n\(members(contextFields + contextDetailFields, indent: "    "))\n  },\n"
            + "  \"results\": {\n\(members(resultFields, indent: "    "))\n  },\n"
            + "  \"per_rank\": \(list(perRank.map(rankFields))),\n"
            + "  \"nodes\": \(list(nodes.map(Self.nodeFields))),\n"
            + "  \"warnings\": \(list(warnings.map(Self.warningFields)))\n}\n"
    }

    /// A header line and one data line.
    var csv: String {
        let fields = contextFields + resultFields
        return fields.map(\.name).joined(separator: ",") + "\n"
            + fields.map(\.value.csv).joined(separator: ",") + "\n"
    }
}
