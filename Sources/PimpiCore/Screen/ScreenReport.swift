import Foundation

/// A node's screen as `--format json` writes it: one line (so that the
/// verdicts of many nodes can share one file, as `srun ... > verdicts.jsonl`
/// writes them), keys sorted so that two reports compare line by line: the
/// verdict, the context, the screen's figures per PU and every wrong count
/// and throttling, and with `--reference` the node against it. `--collect`
/// reads `verdict` back.
struct ScreenReport: Codable, Equatable {
    struct Verdict: Codable, Equatable {
        var host: String
        var healthy: Bool
        var status: Int32
        var reasons: [String]
        var line: String
    }

    struct Context: Codable, Equatable {
        var pimpi: String
        var mode = "screen"
        var host: String
        var cpuModel: String
        var kernel: String
        var seed: UInt64
        var seconds: Double
        var drainSeconds: Double
        var blockThrows: UInt64
        var pus: Int
        var cores: Int
        var sockets: Int
        var pairing: String
        var sampleIntervalSeconds: Double
        var throttleFraction: Double
        var reference: String?
        var referenceFraction: Double?
        var startedAt: String
        var commandLine: String
        var pimpiCommit: String
        var slurmJobID: String?
        var slurmStepID: String?
        var slurmPartition: String?
        var slurmNodeList: String?
        var slurmCluster: String?

        enum CodingKeys: String, CodingKey {
            case pimpi, mode, host, cpuModel = "cpu_model", kernel, seed, seconds, drainSeconds = "drain_seconds"
            case blockThrows = "block_throws", pus, cores, sockets, pairing
            case sampleIntervalSeconds = "sample_interval_seconds", throttleFraction = "throttle_fraction"
            case reference, referenceFraction = "reference_fraction", startedAt = "started_at"
            case commandLine = "command_line", pimpiCommit = "pimpi_commit", slurmJobID = "slurm_job_id"
            case slurmStepID = "slurm_step_id", slurmPartition = "slurm_partition", slurmNodeList = "slurm_nodelist"
            case slurmCluster = "slurm_cluster"
        }
    }

    struct Sample: Codable, Equatable {
        var seconds: Double
        var clockHz: Double?
        var throwsPerCPUSecond: Double

        enum CodingKeys: String, CodingKey {
            case seconds, clockHz = "clock_hz", throwsPerCPUSecond = "throws_per_cpu_second"
        }
    }

    struct PU: Codable, Equatable {
        var host: String
        var socket: Int
        var core: Int
        var pu: Int
        var pinned: Bool
        var blocks: Int
        var firstCounts: Int
        var checkCounts: Int
        var settleCounts: Int
        var throwsCounted: UInt64
        var samples: [Sample]

        enum CodingKeys: String, CodingKey {
            case host, socket, core, pu, pinned, blocks, firstCounts = "first_counts", checkCounts = "check_counts"
            case settleCounts = "settle_counts", throwsCounted = "throws", samples
        }
    }

    struct Wrong: Codable, Equatable {
        var host: String
        var socket: Int
        var core: Int
        var pu: Int
        var kernel: String
        var seed: UInt64
        var first: UInt64
        var count: UInt64
        var rightHits: UInt64
        var countedHits: UInt64
        var settledOn: Int

        enum CodingKeys: String, CodingKey {
            case host, socket, core, pu, kernel, seed, first, count, rightHits = "right_hits"
            case countedHits = "counted_hits", settledOn = "settled_on_pu"
        }
    }

    struct Throttled: Codable, Equatable {
        var host: String
        var socket: Int
        var core: Int?
        var pu: Int?
        var clockFirstHz: Double?
        var clockLastHz: Double?
        var clockFell: Double?
        var rateFirst: Double
        var rateLast: Double
        var rateFell: Double

        enum CodingKeys: String, CodingKey {
            case host, socket, core, pu, clockFirstHz = "clock_first_hz", clockLastHz = "clock_last_hz"
            case clockFell = "clock_fell", rateFirst = "rate_first", rateLast = "rate_last", rateFell = "rate_fell"
        }
    }

    struct Screen: Codable, Equatable {
        var blocks: UInt64
        var blocksChecked: Int
        var throwsCounted: UInt64
        var throwsPerSecondPerCore: Double?
        var clockHz: Double?
        var pusScreened: [PU]
        var wrongCounts: [Wrong]
        var throttled: [Throttled]

        enum CodingKeys: String, CodingKey {
            case blocks, blocksChecked = "blocks_checked", throwsCounted = "throws"
            case throwsPerSecondPerCore = "throws_per_second_per_core", clockHz = "clock_hz"
            case pusScreened = "pus_screened", wrongCounts = "wrong_counts", throttled
        }
    }

    /// The node against its reference, as `--per-node` gives it in a count.
    struct Node: Codable, Equatable {
        var referenceThrowsPerSecondPerCore: Double?
        var referenceRatio: Double?
        var referenceClockHz: Double?
        var cyclesPerThrow: Double?
        var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case referenceThrowsPerSecondPerCore = "reference_throws_per_second_per_core"
            case referenceRatio = "reference_ratio", referenceClockHz = "reference_clock_hz"
            case cyclesPerThrow = "cycles_per_throw", warnings
        }
    }

    var verdict: Verdict
    var context: Context?
    var screen: Screen?
    var node: Node?

    /// `version`: pimpi's, for the context, with where the run came from.
    init(_ verdict: ScreenVerdict, reference: String?, version: String, provenance: RunProvenance) {
        let outcome = verdict.outcome
        let plan = outcome.plan
        let host = verdict.host
        self.verdict = Verdict(host: host, healthy: verdict.healthy, status: verdict.status,
                               reasons: verdict.reasons, line: verdict.line)
        context = Context(
            pimpi: version, host: host, cpuModel: verdict.cpuModel, kernel: outcome.kernel.name,
            seed: outcome.seed, seconds: outcome.seconds, drainSeconds: outcome.drainSeconds,
            blockThrows: plan.blockThrows, pus: plan.pus.count, cores: plan.cores, sockets: plan.sockets,
            pairing: plan.pairing.rawValue, sampleIntervalSeconds: Screener.sampleInterval(seconds: outcome.seconds),
            throttleFraction: verdict.throttleFraction, reference: reference, referenceFraction: verdict.referenceFraction,
            startedAt: provenance.startedAtText, commandLine: provenance.commandLine, pimpiCommit: provenance.commit,
            slurmJobID: provenance.slurm?.jobID, slurmStepID: provenance.slurm?.stepID,
            slurmPartition: provenance.slurm?.partition, slurmNodeList: provenance.slurm?.nodeList,
            slurmCluster: provenance.slurm?.cluster)
        screen = Screen(
            blocks: outcome.blocks, blocksChecked: outcome.blocksChecked, throwsCounted: outcome.throwsCounted,
            throwsPerSecondPerCore: outcome.throwsPerSecondPerCore, clockHz: outcome.clockHz,
            pusScreened: outcome.pus.map { result in
                PU(host: host, socket: result.pu.socket, core: result.pu.core, pu: result.pu.cpu, pinned: result.pinned,
                   blocks: result.blocks, firstCounts: result.firstCounts, checkCounts: result.checkCounts,
                   settleCounts: result.settleCounts, throwsCounted: result.throwsCounted,
                   samples: result.samples.map {
                       Sample(seconds: $0.seconds, clockHz: $0.clockHz, throwsPerCPUSecond: $0.throwsPerCPUSecond)
                   })
            },
            wrongCounts: verdict.wrongCounts.map { wrong in
                Wrong(host: host, socket: wrong.pu.socket, core: wrong.pu.core, pu: wrong.pu.cpu,
                      kernel: wrong.kernel.name, seed: wrong.seed, first: wrong.first, count: wrong.count,
                      rightHits: wrong.rightHits, countedHits: wrong.countedHits, settledOn: wrong.settledOn)
            },
            throttled: verdict.throttled.map {
                Throttled(host: host, socket: $0.socket, core: $0.core, pu: $0.pu, clockFirstHz: $0.clockFirstHz,
                          clockLastHz: $0.clockLastHz, clockFell: $0.clockFell, rateFirst: $0.rateFirst,
                          rateLast: $0.rateLast, rateFell: $0.rateFell)
            })
        node = verdict.node.map { node in
            Node(referenceThrowsPerSecondPerCore: node.reference?.throwsPerSecondPerCore,
                 referenceRatio: node.referenceRatio, referenceClockHz: node.reference?.clockHz,
                 cyclesPerThrow: node.cyclesPerThrow, warnings: verdict.referenceWarnings.map(\.message))
        }
    }

    /// The report on one line.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
