import Foundation

/// The human-readable summary, in the spirit of MPICH's `cpi`.
extension RunReport {
    var text: String {
        let hostList = context.hosts.count <= 4
            ? context.hosts.joined(separator: ", ")
            : context.hosts.prefix(4).joined(separator: ", ") + ", ..."
        var lines = [
            "pimpi \(context.pimpiVersion): Monte Carlo estimate of pi over MPI",
            row("throws", TextLayout.grouped(estimate.throwCount) + durationNote),
            row("ranks", "\(context.ranks) on \(TextLayout.plural(context.nodes, "node")) (\(hostList))"),
            row("MPI library", context.mpiLibrary.name),
            row("generator", "\(context.generator), seed \(context.seed)"),
        ]
        lines += kernelDescriptions.map { row("kernel", $0) }
        lines += [
            row("work", workDescription),
            "",
            row("pi", String(format: "%.12f", estimate.pi) + intervalDescription),
            row("|pi - PI|", String(format: "%.3e", estimate.absoluteError)),
            row("std error", String(format: "%.3e", estimate.standardError)
                + (estimate.standardError > 0
                    ? String(format: "   (error is %.2f standard errors)",
                             estimate.absoluteError / estimate.standardError)
                    : "   (too few throws to estimate it)")),
            row("hits", "\(TextLayout.grouped(estimate.hits)) of \(TextLayout.grouped(estimate.throwCount))"),
        ]
        if let target {
            let verdict = target.reached
                ? "reached after \(TextLayout.plural(target.rounds, "round"))"
                : "NOT reached: stopped at --max-throws \(TextLayout.grouped(target.target.maxThrows)) "
                    + "after \(TextLayout.plural(target.rounds, "round"))"
            lines.append(row("target error", String(format: "%.3e", target.target.targetError)
                + "   (half-width at \(Self.percent(target.target.confidence)); \(verdict))"))
        }
        lines += [
            "",
            row("parallel time", String(format: "%.6f s", parallelSeconds)
                + (repetitions == nil ? "" : " median")
                + String(format: "   (kernel per rank: min %.6f s, max %.6f s)", rankSecondsMin, rankSecondsMax)),
        ]
        if let repetitions {
            lines.append(row("repetitions", repetitionsDescription(repetitions)))
        }
        lines += [
            row("MPI start-up", String(format: "%.6f s", mpiInitSeconds)
                + "   (MPI_Init on rank 0, not part of any time here)"),
        ]
        if let rate = throwsPerSecondPerRank {
            let perCore = context.threadsPerRank > 1
                ? String(format: " (%.3e per core)", rate / Double(context.threadsPerRank)) : ""
            lines.append(row("throughput", String(format: "%.3e throws/s per rank", rate) + perCore))
        }
        if context.schedule == .dynamic || context.ranks > 1 {
            lines.append(row("rank throws", rankThrowsDescription))
        }
        if let serial, let matched = serialMatched {
            let verdict = matched
                ? "serial rerun matched: \(TextLayout.grouped(serial.hits)) hits"
                : "SERIAL RERUN DID NOT MATCH: \(TextLayout.grouped(serial.hits)) hits"
            let reruns = serial.secondsSamples.count
            lines.append(row("serial time", String(format: "%.6f s", serial.seconds)
                + (reruns == 1 ? "" : " median of \(reruns)") + "   (rank 0 alone, the other ranks asleep)"))
            if let speedup, let efficiency {
                lines.append(row("speedup", String(format: "%.2f", speedup)
                    + (repetitions == nil ? "" : "   (median serial time over median parallel time)")))
                lines.append(row("efficiency", String(format: "%.1f %%", efficiency * 100)))
            }
            lines.append(row("check", verdict))
        } else {
            lines.append(row("serial time", "skipped (--no-serial)"))
        }
        lines.append(row("placement", placementSummary))
        if let referenceSummary { lines.append(row("reference", referenceSummary)) }
        lines += WarningDigest.lines(warnings).map { row("warning", $0) }
        if let drain = NodeCheck.drainCommand(warnings) { lines.append(row("to drain", drain)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// After the throw count, with `--duration`: the time it was sized for.
    var durationNote: String {
        context.durationSeconds.map { " (sized for about \(String(format: "%g", $0)) s per rank: --duration)" } ?? ""
    }

    /// " ± 0.000032 (95 %)": Wilson's interval as π̂ ± its half-width, where
    /// its centre is π̂ to 1 % of that; else its bounds (few throws).
    var intervalDescription: String {
        let (low, high) = interval
        let half = (high - low) / 2
        guard half > 0 else { return "" }
        let level = Self.percent(confidence)
        let decimals = max(0, 1 - Int(log10(half).rounded(.down)))
        if abs((low + high) / 2 - estimate.pi) <= 0.01 * half {
            return " ± " + String(format: "%.\(decimals)f", half) + " (\(level))"
        }
        return String(format: " (%@ interval %.\(decimals)f to %.\(decimals)f)", level, low, high)
    }

    /// "95 %", "99.9 %".
    static func percent(_ level: Double) -> String {
        let value = 100 * level
        return (value == value.rounded() ? String(format: "%.0f", value) : String(format: "%g", value)) + " %"
    }

    /// "5 timed after 1 warm-up: min 0.1 s, max 0.2 s, mean 0.15 s, sd 0.01 s
    /// (2.1 %); kernel per rank above, throughput and speedup from the median".
    func repetitionsDescription(_ repetitions: Repetitions) -> String {
        let summary = repetitions.summary
        let warmups = repetitions.warmupSeconds.isEmpty ? ""
            : " after " + TextLayout.plural(repetitions.warmupSeconds.count, "warm-up") + " (not counted: "
                + repetitions.warmupSeconds.map { String(format: "%.6f s", $0) }.joined(separator: ", ") + ")"
        let spread = summary.median > 0 ? String(format: " (%.1f %%)", 100 * summary.standardDeviation / summary.median) : ""
        return "\(summary.count) timed\(warmups): "
            + String(format: "min %.6f s, max %.6f s, mean %.6f s, sd %.6f s", summary.min, summary.max, summary.mean,
                     summary.standardDeviation) + spread + "; every figure here is from the median"
    }

    /// "2 ranks x 1 thread on 1 node, 2 CPUs (2 cores): no warnings" (one
    /// line for a clean run).
    private var placementSummary: String {
        let hosts = PlacementCheck.byHost(perRank)
        let cpus = hosts.reduce(0) { $0 + PlacementCheck.availableCPUs($1.1).count }
        let cores = hosts.reduce(0 as Int?) { total, host in
            PlacementCheck.availableCores(host.1).flatMap { count in total.map { $0 + count } }
        }
        let threads = Set(perRank.map(\.threads))
        let threadText = threads.count == 1
            ? TextLayout.plural(threads.first!, "thread") : "\(threads.min()!)-\(threads.max()!) threads"
        let verdict = warnings.isEmpty ? "no warnings" : TextLayout.plural(warnings.count, "warning") + " below"
        return "\(TextLayout.plural(perRank.count, "rank")) x \(threadText) on \(TextLayout.plural(hosts.count, "node")), "
            + "\(TextLayout.plural(cpus, "CPU"))\(cores.map { " (\(TextLayout.plural($0, "core")))" } ?? ""): \(verdict)"
    }

    /// `--per-rank`: where each rank ran and how fast it counted, as xthi
    /// and hello_jobstep show it: a line per rank with its CPUs and the cores,
    /// NUMA nodes and sockets they reach, then, where it pinned its threads,
    /// a line per thread with its CPU and that CPU's core, NUMA node and socket.
    var rankTable: String {
        let header = ["rank", "host", "thread", "cpus", "cores", "numa", "socket", "throws", "seconds", "throws/s"]
        func place(_ value: Int?) -> String { value.map(String.init) ?? "?" }
        func rankRow(_ rank: RankPlacement) -> [String] {
            let threads = rank.threads == 1 ? "0" : "0-\(rank.threads - 1)"
            let rate = rank.throwsPerSecond.map { String(format: "%.3e", $0) } ?? "-"
            return ["\(rank.rank)", rank.host, threads, rank.cpus?.list ?? "?", rank.reach?.cores.list ?? "?",
                    rank.reach?.numaNodes.list ?? "?", rank.reach?.sockets.list ?? "?",
                    TextLayout.grouped(rank.throwsCounted), String(format: "%.6f", rank.seconds), rate]
        }
        func threadRow(_ rank: RankPlacement, _ thread: ThreadPlace) -> [String] {
            ["\(rank.rank)", rank.host, "\(thread.thread)", "\(thread.cpu)", place(thread.place.core),
             place(thread.place.numaNode), place(thread.place.socket), "", "", ""]
        }
        // A thread line says something the rank's does not where the rank has
        // threads, or CPUs, to choose from.
        let rows = perRank.flatMap { rank in
            [rankRow(rank)] + (rank.threads > 1 || (rank.cpus?.count ?? 0) > 1
                ? rank.threadPlaces.map { threadRow(rank, $0) } : [])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let rightAligned: Set<Int> = [0, 7, 8, 9]
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        let pinned = rows.count > perRank.count
        return "\n" + ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
            + (pinned ? "  (a line per thread where the rank pinned its threads, one per core; cores are hwloc's "
                + "logical numbers, CPUs, NUMA nodes and sockets Linux's)\n" : "")
    }

    /// One line per CPU model: "x86-64-v4, loop 8x6-popcount-pipelined on AMD
    /// EPYC (2 ranks; fastest in 2 of their trials of 3 shapes before the
    /// start, rank 0's took 0.005 s)". The first line is rank 0's model.
    var kernelDescriptions: [String] {
        context.kernels.enumerated().map { index, choice in
            let trial = kernelTrial.map {
                "fastest in \(choice.wins) of their trials of "
                    + "\(KernelTrial.candidates(for: choice.kernel.level).count) shapes before the start"
                    + (index == 0 ? String(format: ", rank 0's took %.3f s", $0.seconds) : "")
            } ?? "as asked"
            // With --reference, a model it has runs the kernel it ran (`Reference.kernel`).
            let referenced = nodes.contains { $0.cpuModel == choice.cpuModel && $0.reference != nil }
            return "\(choice.kernel.level.rawValue), loop \(choice.kernel.shape.name) on \(choice.cpuModel) "
                + "(\(TextLayout.plural(choice.ranks, "rank")); \(trial)\(referenced ? "; the reference's kernel" : ""))"
        }
    }

    /// "static schedule, 1 thread per rank" or
    /// "dynamic schedule, chunks of 1,048,576, 2 threads per rank".
    var workDescription: String {
        let taking = switch context.chunkTaking {
        case .atomics: " taken with one-sided atomics"
        case .rankZero: " handed out by rank 0 (no one-sided atomics between these ranks)"
        case nil: ""
        }
        let chunks = context.chunk.map { ", chunks of \(TextLayout.grouped($0))\(taking)" } ?? ""
        return "\(context.schedule.rawValue) schedule\(chunks), \(TextLayout.plural(context.threadsPerRank, "thread")) per rank"
    }

    /// Every rank's count for a few ranks, else the spread.
    private var rankThrowsDescription: String {
        if throwsByRank.count <= 8 {
            return throwsByRank.map(TextLayout.grouped).joined(separator: ", ")
        }
        let low = throwsByRank.min() ?? 0
        let high = throwsByRank.max() ?? 0
        return "min \(TextLayout.grouped(low)), max \(TextLayout.grouped(high)) over \(throwsByRank.count) ranks"
    }

    func row(_ label: String, _ value: String) -> String {
        "  " + label.padding(toLength: 15, withPad: " ", startingAt: 0) + value
    }
}
