import Foundation
@testable import PimpiCore
import Testing

@Suite("Report formats")
struct ReportTests {
    static func report(serial: RunReport.SerialRerun?) -> RunReport {
        RunReport(
            context: .init(
                mpiLibrary: MPILibrary(versionString: "Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4"),
                ranks: 4, hosts: ["node1", "node\"2"], seed: 42, kernel: Kernel(name: "baseline:16x1-lanes")!,
                kernels: []),
            estimate: PiEstimate(throwCount: 10_000_000_000, hits: 7_853_981_634),
            parallelSeconds: 2.0,
            perRank: [1.5, 1.9, 1.6, 1.7].enumerated().map {
                RankPlacement.fixture(rank: $0.offset, host: $0.offset < 2 ? "node1" : "node\"2", cpus: NumberSet([$0.offset % 2]),
                              hostCPUCount: 2, threads: 1, throwsCounted: 2_500_000_000, seconds: $0.element)
            },
            serial: serial, mpiInitSeconds: 0.25)
    }

    static let withSerial = report(serial: .init(hits: [7_853_981_634], seconds: [7.0]))
    static let withoutSerial = report(serial: nil)

    @Test("derived figures come from the measurements")
    func derived() {
        let report = Self.withSerial
        #expect(report.speedup == 3.5)
        #expect(report.efficiency == 0.875)
        #expect(report.serialMatched == true)
        #expect(report.throwsPerSecondPerRank == 1.25e9)
        #expect(Self.withoutSerial.speedup == nil)
        #expect(Self.report(serial: .init(hits: [1], seconds: [1])).serialMatched == false)
    }

    @Test("JSON is one object with context and results", arguments: [withSerial, withoutSerial])
    func json(report: RunReport) throws {
        let object = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any]
        let context = try #require(object?["context"] as? [String: Any])
        let results = try #require(object?["results"] as? [String: Any])
        #expect(context["ranks"] as? Int == 4)
        #expect(context["hosts"] as? [String] == ["node1", "node\"2"])
        #expect(context["generator"] as? String == "SplitMix64")
        #expect(context["seed"] as? Int == 42)
        #expect(context["mpi_library"] as? String == "Open MPI 4.1.4")
        #expect(context["mpi_library_version"] as? String == report.context.mpiLibrary.versionString)
        #expect(context["threads_per_rank"] as? Int == 1)
        #expect(context["schedule"] as? String == "static")
        #expect(context["chunk"] is NSNull)
        #expect(context["mpi_thread_level"] as? String == "funneled")
        #expect(results["rank_throws"] as? [Int] == [2_500_000_000, 2_500_000_000, 2_500_000_000, 2_500_000_000])
        #expect(results["hits"] as? Int == 7_853_981_634)
        #expect(results["throws"] as? Int == 10_000_000_000)
        #expect(results["pi"] as? Double == report.estimate.pi)
        for name in ["abs_error", "std_error", "parallel_seconds", "rank_seconds_min", "rank_seconds_max",
                     "serial_seconds", "speedup", "efficiency", "serial_matched", "mpi_init_seconds",
                     "rank_throws", "throws_per_second_per_core", "target_error", "rounds", "target_reached"] {
            #expect(results.keys.contains(name), "missing \(name)")
        }
        if report.serial == nil {
            #expect(results["speedup"] is NSNull)
        }
    }

    @Test("CSV has a header and one row of the same width", arguments: [withSerial, withoutSerial])
    func csv(report: RunReport) {
        let lines = report.csv.split(separator: "\n")
        #expect(lines.count == 2)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        #expect(Self.csvFields(String(lines[1])).count == header.count)
        #expect(header.contains("hits") && header.contains("mpi_library"))
        #expect(Self.csvFields(String(lines[1]))[header.firstIndex(of: "hosts")!] == "node1;node\"2")
    }

    @Test("a precision-target run reports its rounds and whether the target was reached")
    func target() throws {
        var report = Self.withSerial
        report.target = .init(target: PrecisionTarget(targetError: 1e-5, maxThrows: 10_000_000_000),
                              rounds: 3, reached: false)
        #expect(report.text.contains("NOT reached: stopped at --max-throws 10,000,000,000 after 3 rounds"))
        let results = try #require(
            (try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])?["results"]
                as? [String: Any])
        #expect(results["target_reached"] as? Bool == false)
        #expect(results["rounds"] as? Int == 3)
        #expect(results["target_error"] as? Double == 1e-5)
    }

    @Test("text summary names every figure")
    func text() {
        let text = Self.withSerial.text
        for fragment in ["10,000,000,000", "4 on 2 nodes", "MPI library    Open MPI 4.1.4\n", "SplitMix64, seed 42",
                         "3.141592653600", "parallel time", "2.000000 s", "speedup", "3.50",
                         "87.5 %", "serial rerun matched", "MPI start-up   0.250000 s",
                         "static schedule, 1 thread per rank", "rank throws    2,500,000,000, 2,500,000,000"] {
            #expect(text.contains(fragment), "missing '\(fragment)'")
        }
        #expect(Self.withoutSerial.text.contains("skipped (--no-serial)"))
        var tiny = Self.withoutSerial
        tiny.estimate = PiEstimate(throwCount: 1, hits: 0)
        #expect(tiny.text.contains("(too few throws to estimate it)"))
        #expect(!tiny.text.contains("inf") && !tiny.text.contains("nan"))
        #expect(Self.report(serial: .init(hits: [1], seconds: [1])).text.contains("DID NOT MATCH"))
        var dynamic = Self.withSerial
        dynamic.context.schedule = .dynamic
        dynamic.context.chunk = 15_625_000
        dynamic.context.threadsPerRank = 2
        #expect(dynamic.text.contains("work           dynamic schedule, chunks of 15,625,000, 2 threads per rank"))
    }

    @Test("per_rank and warnings are top-level JSON arrays; CSV names the warning kinds")
    func placementFields() throws {
        var report = Self.withSerial
        report.warnings = [PlacementWarning(kind: .straggler, message: "rank 1 on \"x\", slow", ranks: [1],
                                            hosts: ["x"], share: 0.5, explainedBy: .oversubscribed)]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        let perRank = try #require(object["per_rank"] as? [[String: Any]])
        #expect(perRank.count == 4)
        #expect(perRank[1]["rank"] as? Int == 1 && perRank[1]["host"] as? String == "node1")
        #expect(perRank[1]["cpus"] as? String == "1" && perRank[1]["threads"] as? Int == 1)
        #expect(perRank[1]["throws"] as? Int == 2_500_000_000 && perRank[1]["seconds"] as? Double == 1.9)
        #expect(perRank[1]["throws_per_second"] as? Double == 2_500_000_000 / 1.9)
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1)
        #expect(warnings[0]["kind"] as? String == "straggler" && warnings[0]["message"] as? String == "rank 1 on \"x\", slow")
        #expect(warnings[0]["ranks"] as? [Int] == [1] && warnings[0]["hosts"] as? [String] == ["x"])
        #expect(warnings[0]["explained_by"] as? String == "oversubscribed")
        #expect((object["results"] as? [String: Any])?["rank_seconds_max"] as? Double == 1.9)
        let lines = report.csv.split(separator: "\n")
        #expect(lines.count == 2)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Self.csvFields(String(lines[1]))[header.firstIndex(of: "warning_kinds")!] == "straggler")
        let clean = try #require(try JSONSerialization.jsonObject(with: Data(Self.withSerial.json.utf8)) as? [String: Any])
        #expect((clean["warnings"] as? [Any])?.isEmpty == true)
    }

    @Test("the summary sums up placement in one line, lists each warning, and --per-rank adds a table")
    func placementText() {
        #expect(Self.withSerial.text.contains("placement      4 ranks x 1 thread on 2 nodes, 4 CPUs: no warnings\n"))
        var warned = Self.withSerial
        warned.warnings = [PlacementWarning(kind: .oversubscribed, message: "too many")]
        #expect(warned.text.contains("1 warning below\n  warning        oversubscribed: too many\n"))
        let table = OutputFormat.text.render(Self.withSerial, perRank: true)
        #expect(table.contains("\n  rank  host    thread  cpus  cores  numa  socket         throws   seconds   throws/s\n"),
                "\(table)")
        // Where hwloc could not say, the cores, NUMA nodes and sockets are "?".
        #expect(table.contains("\n     3  node\"2  0       1     ?      ?     ?       2,500,000,000  1.700000  1.471e+09\n"),
                "\(table)")
        #expect(!OutputFormat.text.render(Self.withSerial).contains("throws/s\n"))
    }

    /// A minimal RFC 4180 reader, enough to check pimpi's own rows.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)[...]
        while let char = chars.popFirst() {
            if quoted {
                if char == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(char)
                }
            } else if char == "\"" {
                quoted = true
            } else if char == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(char)
            }
        }
        fields.append(field)
        return fields
    }
}
