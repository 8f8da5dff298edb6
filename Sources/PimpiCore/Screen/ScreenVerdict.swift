import Foundation

/// A block a PU counted wrong: the hits it reported against the right ones,
/// which the third count (the scalar reference kernel, on another core where
/// there is one) settled.
struct WrongCount: Equatable, Sendable {
    var pu: ScreenedPU
    var kernel: Kernel
    var seed: UInt64
    var first: UInt64
    var count: UInt64
    var rightHits: UInt64
    var countedHits: UInt64
    /// The CPU that counted the settling third count.
    var settledOn: Int
}

/// One node's verdict from its screen: every wrong count, every throttled
/// core or socket, and with `--reference` its rate per core against its CPU
/// model's. Healthy only where there is none of them.
struct ScreenVerdict: Equatable, Sendable {
    var host: String
    var cpuModel: String
    var outcome: ScreenOutcome
    var throttleFraction: Double
    var wrongCounts: [WrongCount]
    var throttled: [Throttling]
    /// With `--reference`: the node's rate per core and its reference, and
    /// the warning it earned (below_reference, or no_reference for a kernel
    /// its reference did not run).
    var node: NodeRate?
    var referenceFraction: Double?
    var referenceWarnings: [PlacementWarning]

    init(host: String, cpuModel: String, outcome: ScreenOutcome, throttleFraction: Double,
         reference: Reference?, referenceFraction: Double) {
        self.host = host
        self.cpuModel = cpuModel
        self.outcome = outcome
        self.throttleFraction = throttleFraction
        wrongCounts = outcome.settled.flatMap { settled -> [WrongCount] in
            let dispute = settled.dispute
            return [dispute.first, dispute.second].filter { $0.hits != settled.settler.hits }.map { count in
                WrongCount(pu: outcome.plan.pus[count.pu], kernel: outcome.kernel, seed: outcome.seed,
                           first: dispute.block &* outcome.plan.blockThrows, count: outcome.plan.blockThrows,
                           rightHits: settled.settler.hits, countedHits: count.hits,
                           settledOn: outcome.plan.pus[settled.settler.pu].cpu)
            }
        }
        throttled = ThrottleCheck.throttled(outcome.pus.map { ($0.pu, $0.samples) }, fraction: throttleFraction)
        if let reference {
            let node = NodeCheck.matched(NodeRate(
                host: host, ranks: [0], cpuModel: cpuModel, kernel: outcome.kernel, threads: outcome.pus.count,
                throwsCounted: outcome.throwsCounted, threadSeconds: outcome.coreSeconds, clockHz: outcome.clockHz),
                reference: reference)
            self.node = node
            self.referenceFraction = referenceFraction
            referenceWarnings = NodeCheck.warnings([node], reference: reference, fraction: referenceFraction)
        } else {
            referenceWarnings = []
        }
    }

    var belowReference: Bool { referenceWarnings.contains { $0.kind == .belowReference } }
    var healthy: Bool { wrongCounts.isEmpty && throttled.isEmpty && !belowReference }
    var status: Int32 { healthy ? ExitStatus.success : ExitStatus.nodeJudgedBad }

    /// Why the node is bad, shortest first as a drain reason reads them:
    /// "wrong counts on CPU 3", "CPU 5 throttled", "61 % of reference".
    var reasons: [String] {
        var reasons: [String] = []
        let wrongCPUs = NumberSet(wrongCounts.map(\.pu.cpu))
        if wrongCPUs.count > 0 {
            reasons.append("wrong counts on CPU \(wrongCPUs.list)")
        }
        for throttling in throttled {
            reasons.append((throttling.pu.map { "CPU \($0)" } ?? "socket \(throttling.socket)") + " throttled")
        }
        if belowReference, let ratio = node?.referenceRatio {
            reasons.append(String(format: "%.0f %% of reference", 100 * ratio))
        }
        return reasons
    }

    /// The node's verdict in one line, as a health check logs it and
    /// `--collect` lists it.
    var line: String {
        let plan = outcome.plan
        var parts = ["\(TextLayout.plural(plan.pus.count, "CPU")) (\(TextLayout.plural(plan.cores, "core")), "
            + "\(TextLayout.plural(plan.sockets, "socket"))) screened " + String(format: "%.1f s", outcome.seconds)
            + ", \(TextLayout.grouped(outcome.blocks)) blocks, \(plan.pairing.words)"]
        if wrongCounts.isEmpty { parts.append("no wrong count") }
        for (cpu, wrong) in wrongCounts.grouped(by: \.pu.cpu) {
            let example = wrong[0]
            parts.append("CPU \(cpu) (socket \(example.pu.socket), core \(example.pu.core)) counted "
                + "\(TextLayout.plural(wrong.count, "block")) wrong, e.g. throws \(example.first)+\(example.count): "
                + "\(example.countedHits) hits, right \(example.rightHits)")
        }
        if throttled.isEmpty {
            parts.append(throttleFraction > 0 ? String(format: "none throttled (%.0f %%)", 100 * throttleFraction)
                         : "throttling not checked")
        }
        parts += throttled.map(\.words)
        if let node, let rate = node.throwsPerSecondPerCore {
            if let ratio = node.referenceRatio, let entry = node.reference {
                parts.append(String(format: "%.3g throws/s per core, %.0f %% of reference (%.3g)", rate,
                                    100 * ratio, entry.throwsPerSecondPerCore))
            } else if let unmatched = node.unmatched {
                parts.append(String(format: "%.3g throws/s per core; ", rate) + unmatched)
            }
        }
        parts.append("kernel \(outcome.kernel.name), seed \(outcome.seed)")
        let verdict = healthy ? "healthy" : "bad: " + reasons.joined(separator: ", ")
        return "pimpi: \(host) \(verdict); " + parts.joined(separator: "; ")
    }
}
