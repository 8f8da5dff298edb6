import Foundation

/// `pimpi --collect FILE…`: the verdicts that nodes screened on their own
/// wrote (`--screen --format json`), merged into what an admin acts on: the
/// bad nodes, their Slurm host list, and the `scontrol` lines that would
/// drain them (printed, never run). A file may hold one verdict, or one per
/// line as `srun … --format json > verdicts.jsonl` gathers them; a file
/// that holds none (a node whose screen never finished) is named.
struct VerdictCollection: Equatable {
    var verdicts: [ScreenReport.Verdict]
    /// Files with no verdict in them, and why.
    var withoutVerdict: [(file: String, reason: String)]

    static func == (a: Self, b: Self) -> Bool {
        a.verdicts == b.verdicts && a.withoutVerdict.map(\.file) == b.withoutVerdict.map(\.file)
    }

    /// Every verdict the files hold, in the order given.
    static func read(_ paths: [String]) -> VerdictCollection {
        var collection = VerdictCollection(verdicts: [], withoutVerdict: [])
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                collection.withoutVerdict.append((path, "cannot be read"))
                continue
            }
            let found = verdicts(in: data)
            if found.isEmpty {
                collection.withoutVerdict.append((path, data.isEmpty ? "is empty" : "holds no pimpi verdict"))
            }
            collection.verdicts += found
        }
        return collection
    }

    /// The verdicts in one file: the whole of it, or each line.
    static func verdicts(in data: Data) -> [ScreenReport.Verdict] {
        struct Document: Decodable { var verdict: ScreenReport.Verdict }
        let decoder = JSONDecoder()
        if let whole = try? decoder.decode(Document.self, from: data) { return [whole.verdict] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? decoder.decode(Document.self, from: Data($0)).verdict
        }
    }

    var bad: [ScreenReport.Verdict] { verdicts.filter { !$0.healthy } }

    /// The bad nodes as Slurm writes a host list ("" for none).
    var drainHostlist: String { Hostlist.compressed(bad.map(\.host)) }

    /// One drain line per kind of fault, with its nodes: "wrong counts",
    /// "throttled", "below reference", or the reasons a node gave as they are.
    var drainCommands: [String] {
        bad.grouped(by: { Self.kind(of: $0.reasons) }).map { kind, nodes in
            "scontrol update NodeName=\(Hostlist.compressed(nodes.map(\.host))) State=DRAIN Reason=\"pimpi: \(kind)\""
        }
    }

    /// A verdict's reasons without their CPU numbers and figures, so that
    /// nodes with the same kind of fault share one line.
    static func kind(of reasons: [String]) -> String {
        let kinds = reasons.map { reason -> String in
            if reason.hasPrefix("wrong counts") { return "wrong counts" }
            if reason.hasSuffix("throttled") { return "throttled" }
            if reason.hasSuffix("of reference") { return "below reference" }
            return reason
        }
        var seen = Set<String>()
        return kinds.filter { seen.insert($0).inserted }.joined(separator: ", ")
    }

    /// 0 when every file held verdicts and every node is healthy; else the
    /// status of a node judged bad.
    var status: Int32 { bad.isEmpty && withoutVerdict.isEmpty ? ExitStatus.success : ExitStatus.nodeJudgedBad }

    /// The text report: a summary line, each bad node's line, each file
    /// without a verdict, the drain host list and the drain lines.
    var text: String {
        var lines = ["pimpi: \(TextLayout.plural(verdicts.count, "node verdict")): "
            + "\(verdicts.count - bad.count) healthy, \(bad.count) bad"
            + (withoutVerdict.isEmpty ? "" : ", \(TextLayout.plural(withoutVerdict.count, "file")) without one")]
        lines += bad.map(\.line)
        lines += withoutVerdict.map { "no verdict: \($0.file) \($0.reason)" }
        if !bad.isEmpty {
            lines.append("drain: \(drainHostlist)")
            lines += drainCommands
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same as one JSON object.
    var json: String {
        struct Output: Encodable {
            var verdicts: Int
            var healthy: Int
            var bad: [ScreenReport.Verdict]
            var withoutVerdict: [String]
            var drainHostlist: String
            var drainCommands: [String]

            enum CodingKeys: String, CodingKey {
                case verdicts, healthy, bad, withoutVerdict = "without_verdict", drainHostlist = "drain_hostlist"
                case drainCommands = "drain_commands"
            }
        }
        let output = Output(verdicts: verdicts.count, healthy: verdicts.count - bad.count, bad: bad,
                            withoutVerdict: withoutVerdict.map(\.file), drainHostlist: drainHostlist,
                            drainCommands: drainCommands)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(output)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}
