import Foundation
@testable import PimpiCore
import Testing

@Suite("Reports of repeated runs and of sweeps")
struct RepeatedReportTests {
    static let kernel = Kernel(name: "baseline:16x1-lanes")!

    /// A run on `ranks` ranks of one host, each counting `throwsPerRank` with `hitsPerRank[r]` hits.
    static func run(ranks: Int, seconds: Double, throwsPerRank: UInt64, hitsPerRank: [UInt64],
                    repetitions: RunReport.Repetitions? = nil, serial: RunReport.SerialRerun? = nil) -> RunReport {
        RunReport(
            context: .init(mpiLibrary: MPILibrary(versionString: "MPICH Version: 4.0.2"), ranks: ranks,
                           hosts: ["n1"], seed: 7, kernel: kernel, kernels: []),
            estimate: PiEstimate(throwCount: throwsPerRank * UInt64(ranks), hits: hitsPerRank.prefix(ranks).reduce(0, +)),
            parallelSeconds: seconds,
            perRank: (0 ..< ranks).map {
                RankPlacement.fixture(rank: $0, host: "n1", cpus: NumberSet([$0]), hostCPUCount: 8, threads: 1,
                              throwsCounted: throwsPerRank, hits: hitsPerRank[$0], seconds: seconds * 0.9)
            },
            serial: serial, mpiInitSeconds: 0.1, repetitions: repetitions)
    }

    static let repeated = run(
        ranks: 2, seconds: 2.0, throwsPerRank: 1000, hitsPerRank: [785, 786],
        repetitions: .init(seconds: [2.2, 2.0, 1.9], warmupSeconds: [3.0], rankKernelSeconds: [[2, 1.8, 1.7], [2.1, 1.8, 1.8]]),
        serial: .init(hits: [1571], seconds: [4.0]))

    @Test("repetitions: every sample and the summary in JSON, figures from the median")
    func repeatedJSON() throws {
        let report = Self.repeated
        #expect(report.speedup == 2.0)
        let object = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any]
        let results = try #require(object?["results"] as? [String: Any])
        #expect(results["repetitions"] as? Int == 3)
        #expect(results["warmup"] as? Int == 1)
        #expect(results["parallel_seconds_samples"] as? [Double] == [2.2, 2.0, 1.9])
        #expect(results["warmup_seconds_samples"] as? [Double] == [3.0])
        #expect(results["parallel_seconds_min"] as? Double == 1.9)
        #expect(results["parallel_seconds_max"] as? Double == 2.2)
        #expect(abs((results["parallel_seconds_stddev"] as? Double ?? 0) - 0.152752523) < 1e-6)
        #expect(results["speedup_base"] as? String == "serial rerun")
        let ranks = try #require(object?["per_rank"] as? [[String: Any]])
        #expect(ranks.map { $0["seconds_samples"] as? [Double] } == [[2, 1.8, 1.7], [2.1, 1.8, 1.8]])
        #expect(ranks.map { $0["hits"] as? Int } == [785, 786])
    }

    @Test("repetitions: one CSV line, the samples in one column joined by ';'")
    func repeatedCSV() throws {
        let lines = Self.repeated.csv.split(separator: "\n")
        #expect(lines.count == 2)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let values = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(header.count == values.count)
        let column = try #require(header.firstIndex(of: "parallel_seconds_samples"))
        #expect(values[column] == "2.2;2.0;1.9")
    }

    @Test("repetitions: the text gives the spread and says what the figures are from")
    func repeatedText() {
        let text = Self.repeated.text
        #expect(text.contains("2.000000 s median"))
        #expect(text.contains("3 timed after 1 warm-up"))
        #expect(text.contains("min 1.900000 s, max 2.200000 s"))
    }

    @Test("a single run still reports one sample, with no spread")
    func single() throws {
        let report = Self.run(ranks: 1, seconds: 1.5, throwsPerRank: 10, hitsPerRank: [8])
        let object = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any]
        let results = try #require(object?["results"] as? [String: Any])
        #expect(results["repetitions"] as? Int == 1)
        #expect(results["parallel_seconds_samples"] as? [Double] == [1.5])
        #expect(results["parallel_seconds_stddev"] as? Double == 0)
        #expect(!report.text.contains("repetitions"))
    }

    static func strongSweep(hits: [UInt64] = [1571, 1571]) -> SweepReport {
        let base = RunReport.ScalingBase(mode: .strong, source: .oneRankRow, seconds: 4.0, cores: 1)
        var one = run(ranks: 1, seconds: 4.0, throwsPerRank: 2000, hitsPerRank: [hits[0]])
        var two = run(ranks: 2, seconds: 2.5, throwsPerRank: 1000, hitsPerRank: [785, hits[1] - 785])
        one.scalingBase = base
        two.scalingBase = base
        return SweepReport(mode: .strong, jobRanks: 2, rows: [one, two])
    }

    @Test("strong sweep: speedup and efficiency against the 1-rank row, the table, a row per CSV line")
    func strong() throws {
        let sweep = Self.strongSweep()
        #expect(sweep.rows[1].speedup == 1.6)
        #expect(sweep.rows[1].efficiency == 0.8)
        let text = sweep.text
        #expect(text.contains("strong scaling"))
        #expect(text.contains("every row counted 1,571 hits"))
        let tableRows = text.split(separator: "\n").filter { $0.hasSuffix("1,571") }
        #expect(tableRows.count == 2, "\(text)")
        #expect(tableRows[1].contains("1.60") && tableRows[1].contains("80.0 %"), "\(text)")
        let csv = sweep.csv.split(separator: "\n")
        #expect(csv.count == 3)
        #expect(csv[1].contains(",strong,") && csv[2].contains(",strong,"))
        let object = try JSONSerialization.jsonObject(with: Data(sweep.json.utf8)) as? [String: Any]
        let rows = try #require(object?["rows"] as? [[String: Any]])
        #expect(rows.compactMap { ($0["context"] as? [String: Any])?["ranks"] as? Int } == [1, 2])
        #expect(((object?["sweep"] as? [String: Any])?["sweep_ranks"] as? [Int]) == [1, 2])
    }

    @Test("weak sweep: scaled speedup")
    func weak() throws {
        let base = RunReport.ScalingBase(mode: .weak, source: .oneRankRow, seconds: 1.0, cores: 1)
        var one = Self.run(ranks: 1, seconds: 1.0, throwsPerRank: 1000, hitsPerRank: [785])
        var two = Self.run(ranks: 2, seconds: 1.25, throwsPerRank: 1000, hitsPerRank: [785, 790])
        one.scalingBase = base
        two.scalingBase = base
        let sweep = SweepReport(mode: .weak, jobRanks: 2, rows: [one, two])
        #expect(two.speedup == 1.6)
        #expect(two.efficiency == 0.8)
        #expect(sweep.text.contains("1,000 per rank on every row"))
    }
}
