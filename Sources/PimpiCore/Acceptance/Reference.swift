import Foundation

/// What healthy nodes counted, by CPU model and kernel: the yardstick of
/// `--reference`. It comes from one of pimpi's own JSON reports of a healthy
/// run (its `per_rank`, one node or a whole job), a healthy node's `--screen`
/// report (its `screen`), or from the small reference file `make bench`
/// writes (its `references`). A node is compared only with
/// its own CPU model running the same kernel; anything else is said, not
/// guessed.
struct Reference: Equatable, Sendable {
    /// One CPU model and kernel: the median node's rate per core among the
    /// nodes recorded, and its clock and cycles per throw where known.
    struct Entry: Equatable, Sendable, Codable {
        var cpuModel: String
        var kernel: String
        var throwsPerSecondPerCore: Double
        var clockHz: Double?
        var cyclesPerThrow: Double?
        var nodes: Int

        enum CodingKeys: String, CodingKey {
            case cpuModel = "cpu_model", kernel, throwsPerSecondPerCore = "throws_per_second_per_core"
            case clockHz = "clock_hz", cyclesPerThrow = "cycles_per_throw", nodes
        }
    }

    /// The file as given on the command line, for messages.
    var path: String
    var entries: [Entry]

    /// The reference file's own format (`format` 1).
    struct File: Codable {
        var format: Int
        var recorded: String?
        var source: String?
        var references: [Entry]

        static let currentFormat = 1
    }

    /// The parts of a pimpi JSON report a reference needs.
    private struct Report: Decodable {
        struct Rank: Decodable {
            var host: String
            var cpuModel: String
            var kernel: String
            var threads: Int
            var throwsCounted: UInt64
            var seconds: Double
            var clockHz: Double?

            enum CodingKeys: String, CodingKey {
                case host, cpuModel = "cpu_model", kernel, threads, throwsCounted = "throws", seconds
                case clockHz = "clock_hz"
            }
        }
        var perRank: [Rank]

        enum CodingKeys: String, CodingKey { case perRank = "per_rank" }
    }

    /// The parts of a node's `--screen` report a reference needs: one node,
    /// its rate per core with every CPU counting.
    private struct Screened: Decodable {
        struct Context: Decodable {
            var cpuModel: String
            var kernel: String

            enum CodingKeys: String, CodingKey { case cpuModel = "cpu_model", kernel }
        }
        struct Screen: Decodable {
            var throwsPerSecondPerCore: Double?
            var clockHz: Double?

            enum CodingKeys: String, CodingKey {
                case throwsPerSecondPerCore = "throws_per_second_per_core", clockHz = "clock_hz"
            }
        }
        var context: Context
        var screen: Screen
    }

    /// Why a file cannot be a reference, in one line.
    struct Problem: Error, Equatable {
        var message: String
    }

    /// Reads `path`: a reference file, or a pimpi JSON report of one run.
    static func load(path: String) -> Result<Reference, Problem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            return .failure(Problem(message: "--reference \(path) \(reason)"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(Problem(message: "--reference \(path) is not a JSON object: give a pimpi --format json "
                + "report of a healthy run, or a reference file from make bench"))
        }
        let decoder = JSONDecoder()
        let entries: [Entry]
        if object["references"] != nil {
            guard let file = try? decoder.decode(File.self, from: data) else {
                return .failure(Problem(message: "--reference \(path): its references are not pimpi's (each needs "
                    + "cpu_model, kernel, throws_per_second_per_core and nodes)"))
            }
            guard file.format == File.currentFormat else {
                return .failure(Problem(message: "--reference \(path) is in format \(file.format); this pimpi reads "
                    + "format \(File.currentFormat)"))
            }
            entries = file.references
        } else if object["per_rank"] != nil {
            guard let report = try? decoder.decode(Report.self, from: data) else {
                return .failure(Problem(message: "--reference \(path): its per_rank is not a pimpi report's"))
            }
            entries = Self.entries(report.perRank)
        } else if object["screen"] != nil {
            guard let screened = try? decoder.decode(Screened.self, from: data),
                  let rate = screened.screen.throwsPerSecondPerCore else {
                return .failure(Problem(message: "--reference \(path): its screen is not a pimpi --screen report's"))
            }
            entries = [Entry(cpuModel: screened.context.cpuModel, kernel: screened.context.kernel,
                             throwsPerSecondPerCore: rate, clockHz: screened.screen.clockHz,
                             cyclesPerThrow: screened.screen.clockHz.map { $0 / rate }, nodes: 1)]
        } else {
            return .failure(Problem(message: "--reference \(path) is neither a pimpi report (per_rank or a --screen "
                + "report) nor a reference file (references); a --sweep report is not a reference: record one "
                + "plain run"))
        }
        let usable = entries.filter { $0.throwsPerSecondPerCore > 0 && $0.throwsPerSecondPerCore.isFinite }
        guard !usable.isEmpty else {
            return .failure(Problem(message: "--reference \(path) holds no rate to compare with"))
        }
        return .success(Reference(path: path, entries: usable))
    }

    /// A report's ranks as entries: node by node (a node's rate per core is
    /// its throws over its ranks' seconds times threads), then the median
    /// node of each CPU model and kernel, so that one slow node of the
    /// reference run does not become the yardstick.
    private static func entries(_ ranks: [Report.Rank]) -> [Entry] {
        var keys: [String] = []
        var nodes: [String: [RecordedNode]] = [:]
        for (_, onHost) in ranks.grouped(by: \.host) {
            for (key, group) in onHost.grouped(by: { "\($0.cpuModel)\u{0}\($0.kernel)" }) {
                let throwsCounted = group.reduce(0.0) { $0 + Double($1.throwsCounted) }
                let threadSeconds = group.reduce(0.0) { $0 + $1.seconds * Double($1.threads) }
                guard threadSeconds > 0 else { continue }
                if nodes[key] == nil { keys.append(key) }
                nodes[key, default: []].append(RecordedNode(cpuModel: group[0].cpuModel, kernel: group[0].kernel,
                    rate: throwsCounted / threadSeconds, clockHz: group.compactMap(\.clockHz).median))
            }
        }
        return keys.map { key in
            let group = nodes[key]!
            let clock = group.compactMap(\.clockHz).median
            let rate = group.map(\.rate).median!
            let cycles = group.compactMap { node in node.clockHz.map { $0 / node.rate } }.median
            return Entry(cpuModel: group[0].cpuModel, kernel: group[0].kernel, throwsPerSecondPerCore: rate,
                         clockHz: clock, cyclesPerThrow: cycles, nodes: group.count)
        }
    }

    /// One node of the reference run, for one CPU model and kernel.
    private struct RecordedNode {
        var cpuModel: String
        var kernel: String
        var rate: Double
        var clockHz: Double?
    }

    /// The entries for a CPU model, in the file's order.
    func entries(cpuModel: String) -> [Entry] { entries.filter { $0.cpuModel == cpuModel } }

    /// The entry for a CPU model running a kernel; nil where there is none.
    func entry(cpuModel: String, kernel: String) -> Entry? {
        entries.first { $0.cpuModel == cpuModel && $0.kernel == kernel }
    }

    /// The CPU models it has rates for, each once, in the file's order.
    var cpuModels: [String] {
        var seen = Set<String>()
        return entries.map(\.cpuModel).filter { seen.insert($0).inserted }
    }
}

extension Reference {
    /// Why this reference cannot check a job on these CPU models: none of
    /// them is in it.
    func problem(cpuModels: [String]) -> String? {
        var seen = Set<String>()
        let jobModels = cpuModels.filter { seen.insert($0).inserted }
        guard !jobModels.contains(where: { self.cpuModels.contains($0) }) else { return nil }
        return "--reference \(path) has rates for \(self.cpuModels.joined(separator: "; ")), and this job runs on "
            + "\(jobModels.joined(separator: "; ")): record a reference on that CPU model (make bench, or a "
            + "pimpi --format json run on healthy nodes)"
    }

    /// The kernel a rank on `cpuModel` runs, so that it is compared with
    /// what its reference ran: `decided` where the reference has it, else
    /// the reference's own kernel for that model where this CPU has its
    /// level (`best`); a trial's pick of loop shape can differ between nodes
    /// by a few percent of noise, and a comparison must not. Else `decided`,
    /// and the node is said to have no reference for its kernel.
    func kernel(cpuModel: String, decided: Kernel, best: KernelLevel) -> Kernel {
        let candidates = entries(cpuModel: cpuModel).compactMap { Kernel(name: $0.kernel) }
        if candidates.isEmpty || candidates.contains(decided) { return decided }
        let levels = KernelLevel.allCases
        return candidates.first { levels.firstIndex(of: $0.level)! <= levels.firstIndex(of: best)! } ?? decided
    }
}
