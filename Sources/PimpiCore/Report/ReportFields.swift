/// The report as named fields, in print order: the one list that both JSON and
/// CSV are written from, so the two carry the same names and values (JSON adds
/// the few details that do not fit a CSV line). docs/output.md documents every
/// field.
extension RunReport {
    public var contextFields: [(name: String, value: ReportValue)] {
        [
            ("pimpi_version", .string(context.pimpiVersion)),
            ("mpi_library", .string(context.mpiLibrary.name)),
            ("ranks", .integer(UInt64(context.ranks))),
            ("nodes", .integer(UInt64(context.nodes))),
            ("hosts", .list(context.hosts)),
            ("generator", .string(context.generator)),
            ("seed", .integer(context.seed)),
            ("kernel", .string(context.kernel.rawValue)),
            ("threads_per_rank", .integer(UInt64(context.threadsPerRank))),
            ("schedule", .string(context.schedule.rawValue)),
            ("chunk", context.chunk.map(ReportValue.integer) ?? .null),
            ("mpi_thread_level", .string(context.mpiThreadLevel.name)),
        ]
    }

    /// Context that only JSON carries: multi-line text would break CSV's one
    /// line per run.
    public var contextDetailFields: [(name: String, value: ReportValue)] {
        [("mpi_library_version", .string(context.mpiLibrary.versionString))]
    }

    public var resultFields: [(name: String, value: ReportValue)] {
        [
            ("throws", .integer(estimate.throwCount)),
            ("hits", .integer(estimate.hits)),
            ("pi", .number(estimate.pi)),
            ("abs_error", .number(estimate.absoluteError)),
            ("std_error", .number(estimate.standardError)),
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
        ]
    }

    /// One JSON object: {"context": {...}, "results": {...}}.
    public var json: String {
        func object(_ fields: [(name: String, value: ReportValue)]) -> String {
            fields.map { "    \(ReportValue.jsonString($0.name)): \($0.value.json)" }
                .joined(separator: ",\n")
        }
        return "{\n  \"context\": {\n\(object(contextFields + contextDetailFields))\n  },\n"
            + "  \"results\": {\n\(object(resultFields))\n  }\n}\n"
    }

    /// A header line and one data line.
    public var csv: String {
        let fields = contextFields + resultFields
        return fields.map(\.name).joined(separator: ",") + "\n"
            + fields.map(\.value.csv).joined(separator: ",") + "\n"
    }
}
