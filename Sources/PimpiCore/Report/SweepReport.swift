import Foundation

/// What `--sweep` measured: one `RunReport` per rank count, each carrying the
/// speedup base, and the serial rerun where the base is one.
struct SweepReport: Equatable, Sendable {
    var mode: ScalingSweep.Mode
    /// The ranks the job was launched with (the rows use the first k of them).
    var jobRanks: Int
    /// One run per rank count, in increasing order.
    var rows: [RunReport]
    /// Rank 0's serial rerun, when the sweep has no 1-rank row to be its base.
    var serial: RunReport.SerialRerun?

    init(mode: ScalingSweep.Mode, jobRanks: Int, rows: [RunReport], serial: RunReport.SerialRerun? = nil) {
        precondition(!rows.isEmpty)
        self.mode = mode
        self.jobRanks = jobRanks
        self.rows = rows
        self.serial = serial
    }

    /// Any row's warnings (a sweep with warnings on any row warns).
    var warnings: [PlacementWarning] { rows.flatMap(\.warnings) }

    private var largest: RunReport { rows[rows.count - 1] }

    // MARK: Text

    /// The course's table, with what every row shares above it and the checks below.
    var text: String {
        let first = rows[0]
        let throwsLine = mode == .strong
            ? "\(TextLayout.grouped(first.estimate.throwCount)) on every row"
            : "\(TextLayout.grouped(first.throwsByRank[0])) per rank on every row" + first.durationNote
        var lines = [
            "pimpi \(first.context.pimpiVersion): \(mode.rawValue) scaling of the Monte Carlo estimate of pi, one launch",
            first.row("throws", throwsLine),
            first.row("ranks", rows.map { "\($0.context.ranks)" }.joined(separator: ", ")
                + " of the job's \(jobRanks): each row runs on ranks 0 to k-1"),
            first.row("MPI library", first.context.mpiLibrary.name),
            first.row("generator", "\(first.context.generator), seed \(first.context.seed)"),
        ]
        lines += largest.kernelDescriptions.map { first.row("kernel", $0) }
        lines += [first.row("work", first.workDescription)]
        if let repetitions = first.repetitions {
            lines.append(first.row("repetitions", "\(repetitions.seconds.count) timed per row"
                + (repetitions.warmupSeconds.isEmpty ? ""
                    : " after " + TextLayout.plural(repetitions.warmupSeconds.count, "warm-up"))
                + "; time is the median, sd the standard deviation"))
        }
        lines += ["", table, ""]
        lines.append(largest.row("pi", String(format: "%.12f", largest.estimate.pi)
            + String(format: "   (%@-rank row: |pi - PI| %.3e, std error %.3e)",
                     "\(largest.context.ranks)", largest.estimate.absoluteError, largest.estimate.standardError)))
        lines.append(largest.row("check", checkDescription))
        lines.append(largest.row("speedup base", baseDescription))
        lines.append(largest.row("nodes", "rows fill the job's ranks in order: under a block distribution "
            + "(Slurm's default) the smaller rows run on the first nodes only"))
        lines.append(largest.row("MPI start-up", String(format: "%.6f s", largest.mpiInitSeconds)
            + "   (MPI_Init on rank 0, once for every row)"))
        for row in rows {
            lines += WarningDigest.lines(row.warnings).map {
                largest.row("warning", "\(row.context.ranks)-rank row: \($0)")
            }
        }
        if warnings.isEmpty { lines.append(largest.row("placement", "no warnings on any row")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// ranks, nodes, time, (sd,) speedup, efficiency, throws/s per rank, hits.
    private var table: String {
        let repeated = rows[0].repetitions != nil
        var header = ["ranks", "nodes", "time (s)"]
        if repeated { header.append("sd (s)") }
        header += ["speedup", "efficiency", "throws/s/rank", mode == .strong ? "hits" : "throws", "hits"]
        if mode == .strong { header.removeLast() }
        let cells = rows.map { row -> [String] in
            var cells = ["\(row.context.ranks)", "\(row.context.nodes)", String(format: "%.6f", row.parallelSeconds)]
            if repeated { cells.append(String(format: "%.6f", row.timedSummary.standardDeviation)) }
            cells += [row.speedup.map { String(format: "%.2f", $0) } ?? "-",
                      row.efficiency.map { String(format: "%.1f %%", $0 * 100) } ?? "-",
                      row.throwsPerSecondPerRank.map { String(format: "%.3e", $0) } ?? "-"]
            if mode == .weak { cells.append(TextLayout.grouped(row.estimate.throwCount)) }
            cells.append(TextLayout.grouped(row.estimate.hits))
            return cells
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { column, cell in
                String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return ([line(header)] + cells.map(line)).joined(separator: "\n")
    }

    private var checkDescription: String {
        let serialCheck = serial.map { ", and so did the serial rerun (\(TextLayout.grouped($0.hits)) hits)" } ?? ""
        switch mode {
        case .strong:
            return "every row counted \(TextLayout.grouped(rows[0].estimate.hits)) hits" + serialCheck
        case .weak:
            return "every rank counted the same hits on its share in every row" + serialCheck
        }
    }

    private var baseDescription: String {
        guard let base = rows[0].scalingBase else {
            return "none: no 1-rank row, and --no-serial skipped the serial rerun"
        }
        let formula = mode == .strong ? "speedup = base time / row time"
            : "speedup = ranks x base time / row time (weak: each row does ranks x the base's throws)"
        let reruns = serial.map { $0.secondsSamples.count > 1 ? ", median of \($0.secondsSamples.count)" : "" } ?? ""
        let what = base.source == .oneRankRow ? "the 1-rank row"
            : "rank 0's serial rerun of " + (mode == .strong ? "all the throws" : "one rank's share")
                + " (the other ranks asleep\(reruns))"
        return what + String(format: ", %.6f s; ", base.seconds) + formula
            + ", efficiency = speedup / cores"
    }

    // MARK: JSON and CSV

    /// {"context": {...}, "rows": [one run's report per rank count]}: each row
    /// reads as a run of its own (docs/output.md).
    var json: String {
        let context: [(name: String, value: ReportValue)] = [
            ("sweep", .string(mode.rawValue)),
            ("sweep_ranks", .integers(rows.map { UInt64($0.context.ranks) })),
            ("job_ranks", .integer(UInt64(jobRanks))),
            ("speedup_base", rows[0].scalingBase.map { .string($0.source.rawValue) } ?? .null),
            ("serial_seconds", serial.map { .number($0.seconds) } ?? .null),
            ("serial_hits", serial.map { .integer($0.hits) } ?? .null),
            ("serial_seconds_samples", .numbers(serial?.secondsSamples ?? [])),
        ]
        let members = context.map { "    \(ReportValue.jsonString($0.name)): \($0.value.json)" }
            .joined(separator: ",\n")
        let rowObjects = rows.map { row in
            row.json.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .map { "    " + $0 }.joined(separator: "\n")
        }
        return "{\n  \"sweep\": {\n\(members)\n  },\n  \"rows\": [\n"
            + rowObjects.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// One header and one line per row, in a single run's columns (`sweep` says
    /// which kind of row; speedup and efficiency are against the sweep's base).
    var csv: String {
        let lines = rows.map { row in row.csv.split(separator: "\n").map(String.init) }
        return ([lines[0][0]] + lines.map { $0[1] }).joined(separator: "\n") + "\n"
    }
}
