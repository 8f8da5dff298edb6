import Foundation
@testable import PimpiCore
import Testing

@Suite("--reference files")
struct ReferenceTests {
    static let kernel = "x86-64-v4:8x6-popcount-pipelined"

    /// Writes `text` to a file of its own and returns its path.
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-ref-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A pimpi report's per_rank: n1 two ranks, n2 one rank, n3 another model.
    static let reportJSON = """
        {"context": {}, "results": {}, "per_rank": [
          {"rank": 0, "host": "n1", "cpu_model": "Zen", "kernel": "\(kernel)", "threads": 2, "throws": 8000000000, "seconds": 1.0, "clock_hz": 3.7e9},
          {"rank": 1, "host": "n1", "cpu_model": "Zen", "kernel": "\(kernel)", "threads": 2, "throws": 8000000000, "seconds": 1.0, "clock_hz": 3.7e9},
          {"rank": 2, "host": "n2", "cpu_model": "Zen", "kernel": "\(kernel)", "threads": 1, "throws": 3000000000, "seconds": 1.0, "clock_hz": null},
          {"rank": 3, "host": "n3", "cpu_model": "Xeon", "kernel": "x86-64-v3:16x2-lanes", "threads": 1, "throws": 2000000000, "seconds": 1.0}
        ], "warnings": []}
        """

    @Test("a pimpi report: node by node, then the median node of each CPU model and kernel")
    func fromReport() throws {
        let path = try Self.file(Self.reportJSON)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reference = try Reference.load(path: path).get()
        #expect(reference.cpuModels == ["Zen", "Xeon"])
        let zen = try #require(reference.entry(cpuModel: "Zen", kernel: Self.kernel))
        // n1: 16e9 throws over 4 core-seconds; n2: 3e9 over 1; the median of two nodes is their mean.
        #expect(zen.nodes == 2 && zen.throwsPerSecondPerCore == 3.5e9)
        #expect(zen.clockHz == 3.7e9 && zen.cyclesPerThrow == 3.7e9 / 4e9)
        #expect(reference.entry(cpuModel: "Xeon", kernel: "x86-64-v3:16x2-lanes")?.clockHz == nil)
        #expect(reference.entry(cpuModel: "Zen", kernel: "baseline:16x1-lanes") == nil)
    }

    @Test("a reference file of make bench's")
    func fromFile() throws {
        let path = try Self.file("""
            {"format": 1, "recorded": "2026-12-05", "references": [{"cpu_model": "Zen", "kernel": "\(Self.kernel)",
             "throws_per_second_per_core": 4e9, "clock_hz": 3.7e9, "cycles_per_throw": 0.925, "nodes": 1}]}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reference = try Reference.load(path: path).get()
        #expect(reference.entries == [.init(cpuModel: "Zen", kernel: Self.kernel, throwsPerSecondPerCore: 4e9,
                                            clockHz: 3.7e9, cyclesPerThrow: 0.925, nodes: 1)])
    }

    @Test("a file that cannot be a reference gets one line that says why", arguments: [
        ("", "is not a JSON object"),
        ("[1, 2]", "is not a JSON object"),
        ("{\"per_rank\": 3}", "its per_rank is not a pimpi report's"),
        ("{\"rows\": []}", "is neither a pimpi report"),
        ("{\"format\": 2, \"references\": []}", "is in format 2"),
        ("{\"format\": 1, \"references\": [{\"cpu_model\": \"Zen\"}]}", "its references are not pimpi's"),
        ("{\"format\": 1, \"references\": []}", "holds no rate"),
    ])
    func refused(text: String, reason: String) throws {
        let path = try Self.file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .failure(let problem) = Reference.load(path: path) else {
            Issue.record("\(text) was taken as a reference")
            return
        }
        #expect(problem.message.contains(reason) && problem.message.hasPrefix("--reference \(path)"), "\(problem)")
        #expect(!problem.message.contains("\n"))
    }

    @Test("a missing file is said to be missing")
    func missing() {
        guard case .failure(let problem) = Reference.load(path: "/nonexistent/ref.json") else {
            Issue.record("a missing file was read")
            return
        }
        #expect(problem.message == "--reference /nonexistent/ref.json does not exist")
    }

    static let zenOnly = Reference(path: "ref.json", entries: [
        .init(cpuModel: "Zen", kernel: kernel, throwsPerSecondPerCore: 4e9, nodes: 1),
    ])

    @Test("refused when it has none of the job's CPU models; taken when it has one")
    func models() {
        #expect(Self.zenOnly.problem(cpuModels: ["Zen", "Xeon"]) == nil)
        let problem = Self.zenOnly.problem(cpuModels: ["Xeon", "Xeon"])
        #expect(problem?.contains("has rates for Zen, and this job runs on Xeon") == true, "\(problem ?? "")")
    }

    @Test("a node runs what its reference ran, where its CPU has that level")
    func kernel() {
        let decided = Kernel(name: "x86-64-v4:8x4-popcount-pipelined")!
        #expect(Self.zenOnly.kernel(cpuModel: "Zen", decided: decided, best: .x86_64_v4) == Kernel(name: Self.kernel)!)
        // No AVX-512 here (a VM that hides it): its own kernel, and the node is said to have no reference.
        let v3 = Kernel(name: "x86-64-v3:16x2-lanes")!
        #expect(Self.zenOnly.kernel(cpuModel: "Zen", decided: v3, best: .x86_64_v3) == v3)
        #expect(Self.zenOnly.kernel(cpuModel: "Xeon", decided: decided, best: .x86_64_v4) == decided)
    }
}
