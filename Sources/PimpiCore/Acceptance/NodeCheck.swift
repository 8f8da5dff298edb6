import Foundation

/// The acceptance check: each node's rate per core against what healthy
/// nodes of its CPU model counted (`--reference`). The placement check
/// compares ranks with each other and with their own trials, so a rack that
/// came back from maintenance slowed alike (a power cap, a power profile)
/// passes it; this compares with the past.
enum NodeCheck {
    /// Where both clocks are known, cycles per throw within this fraction of
    /// its reference's mean the core does the same work per cycle, so a slow
    /// node is slow by its clock; more cycles per throw mean the core lost
    /// time (another process, a CPU quota, a hypervisor) or counts slower.
    static let cyclesTolerance = 0.1

    /// Each host's count, in order of its first rank, matched with the
    /// reference where one is given.
    static func nodes(_ ranks: [RankPlacement], reference: Reference?) -> [NodeRate] {
        PlacementCheck.byHost(ranks).map { host, onHost in
            let first = onHost[0]
            let node = NodeRate(
                host: host, ranks: onHost.map(\.rank), cpuModel: first.cpuModel, kernel: first.kernel,
                threads: onHost.reduce(0) { $0 + $1.threads },
                throwsCounted: onHost.reduce(0) { $0 + $1.throwsCounted },
                threadSeconds: onHost.reduce(0) { $0 + $1.seconds * Double($1.threads) },
                clockHz: onHost.compactMap(\.clockHz).median)
            return reference.map { matched(node, reference: $0) } ?? node
        }
    }

    /// `node` with its entry in `reference`, or why it has none.
    static func matched(_ node: NodeRate, reference: Reference) -> NodeRate {
        var node = node
        node.reference = reference.entry(cpuModel: node.cpuModel, kernel: node.kernel.name)
        if node.reference == nil {
            let kernels = reference.entries(cpuModel: node.cpuModel).map(\.kernel)
            node.unmatched = kernels.isEmpty ? "no reference for its CPU model (\(node.cpuModel))"
                : "its CPU model's reference ran kernel \(kernels.joined(separator: " or ")), "
                    + "this node \(node.kernel.name)"
        }
        return node
    }

    /// A warning for each node below `fraction` of its reference, and for
    /// each node that has none to compare with.
    static func warnings(_ nodes: [NodeRate], reference: Reference?, fraction: Double) -> [PlacementWarning] {
        guard let reference else { return [] }
        return nodes.compactMap { node in
            if let unmatched = node.unmatched {
                return PlacementWarning(kind: .noReference, message: "host \(node.host): \(unmatched) in "
                    + "\(reference.path), so it is not checked; record one on a healthy node of that model",
                    ranks: node.ranks, hosts: [node.host])
            }
            guard let ratio = node.referenceRatio, let entry = node.reference, ratio < fraction,
                  node.threadSeconds >= PlacementCheck.shortestComparedSeconds else { return nil }
            let rate = node.throwsPerSecondPerCore ?? 0
            return PlacementWarning(kind: .belowReference, message: String(
                format: "host %@ counted %.3g throws/s per core, %.0f %% of its reference (%.3g, %@, kernel %@)%@",
                node.host, rate, 100 * ratio, entry.throwsPerSecondPerCore, node.cpuModel, node.kernel.name,
                diagnosis(node)), ranks: node.ranks, hosts: [node.host], share: ratio)
        }
    }

    /// Slow clock or slow core, where both clocks are known.
    static func diagnosis(_ node: NodeRate) -> String {
        guard let clockRatio = node.clockRatio, let cyclesRatio = node.cyclesRatio,
              let clock = node.clockHz, let cycles = node.cyclesPerThrow,
              let referenceClock = node.reference?.clockHz, let referenceCycles = node.reference?.cyclesPerThrow
        else { return ": look at its power profile and clocks, and at what else runs there" }
        let figures = String(format: "clock %.2f GHz against %.2f, %.2f cycles per throw against %.2f",
                             clock / 1e9, referenceClock / 1e9, cycles, referenceCycles)
        if abs(cyclesRatio - 1) <= cyclesTolerance {
            return ": a slow clock (\(figures)): look at its power profile, power cap and BIOS settings"
        }
        if clockRatio >= 1 - cyclesTolerance {
            return ": a slow core at full clock (\(figures)): its time goes elsewhere (other processes, "
                + "a CPU quota, a hypervisor), or the core counts slower (firmware, microcode)"
        }
        return ": a slow clock and more cycles per throw (\(figures)): look at its power settings and at "
            + "what else runs there"
    }

    /// The hosts below their reference, as Slurm writes a host list ("" for none).
    static func drainHostlist(_ warnings: [PlacementWarning]) -> String {
        Hostlist.compressed(warnings.filter { $0.kind == .belowReference }.flatMap(\.hosts))
    }

    /// The command an admin would run to drain them: printed, never run.
    static func drainCommand(_ warnings: [PlacementWarning]) -> String? {
        let shares = warnings.filter { $0.kind == .belowReference }.compactMap(\.share)
        guard let low = shares.min(), let high = shares.max() else { return nil }
        let percent = Int((100 * low).rounded()) == Int((100 * high).rounded())
            ? String(format: "%.0f", 100 * low) : String(format: "%.0f-%.0f", 100 * low, 100 * high)
        return "scontrol update NodeName=\(drainHostlist(warnings)) State=DRAIN "
            + "Reason=\"pimpi: \(percent) % of reference\""
    }
}
