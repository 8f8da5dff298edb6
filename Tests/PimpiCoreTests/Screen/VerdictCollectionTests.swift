import Foundation
@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("Verdicts from many nodes, merged (--collect)")
struct VerdictCollectionTests {
    static func verdict(_ host: String, _ reasons: [String]) -> ScreenReport.Verdict {
        ScreenReport.Verdict(host: host, healthy: reasons.isEmpty, status: reasons.isEmpty ? 0 : 4, reasons: reasons,
                             line: "pimpi: \(host) " + (reasons.isEmpty ? "healthy" : "bad: " + reasons.joined(separator: ", ")))
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-\(UUID()).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func json(_ verdict: ScreenReport.Verdict) throws -> String {
        String(decoding: try JSONEncoder().encode(["verdict": verdict]), as: UTF8.self)
    }

    @Test("one verdict per file, or one per line; bad nodes drain by kind of fault in Slurm's host list form")
    func merge() throws {
        let lines = try [Self.verdict("n03", ["wrong counts on CPU 5"]), Self.verdict("n04", []),
                         Self.verdict("n17", ["wrong counts on CPU 0-1", "CPU 3 throttled"])].map(Self.json)
        let single = try Self.write(try Self.json(Self.verdict("n18", ["wrong counts on CPU 2", "socket 1 throttled"])))
        let many = try Self.write(lines.joined(separator: "\n") + "\n")
        let capped = try Self.write(try Self.json(Self.verdict("n02", ["61 % of reference"])))
        let empty = try Self.write("")
        defer { for path in [single, many, capped, empty] { try? FileManager.default.removeItem(atPath: path) } }

        let collection = VerdictCollection.read([many, single, capped, empty])
        #expect(collection.verdicts.map(\.host) == ["n03", "n04", "n17", "n18", "n02"])
        #expect(collection.withoutVerdict.map(\.file) == [empty] && collection.status == ExitStatus.nodeJudgedBad)
        #expect(collection.drainHostlist == "n[02-03,17-18]")
        #expect(collection.drainCommands == [
            "scontrol update NodeName=n03 State=DRAIN Reason=\"pimpi: wrong counts\"",
            "scontrol update NodeName=n[17-18] State=DRAIN Reason=\"pimpi: wrong counts, throttled\"",
            "scontrol update NodeName=n02 State=DRAIN Reason=\"pimpi: below reference\"",
        ])
        #expect(collection.text.hasPrefix("pimpi: 5 node verdicts: 1 healthy, 4 bad, 1 file without one\n"))
        #expect(collection.text.contains("\nno verdict: \(empty) is empty\n"))
    }

    @Test("every node healthy: status 0 and nothing to drain")
    func allHealthy() throws {
        let path = try Self.write(try Self.json(Self.verdict("n1", [])))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let collection = VerdictCollection.read([path])
        #expect(collection.status == 0 && collection.drainCommands.isEmpty && collection.drainHostlist.isEmpty)
        #expect(collection.text == "pimpi: 1 node verdict: 1 healthy, 0 bad\n")
    }

    @Test("a screen's own JSON report is read back as its verdict")
    func roundTrip() throws {
        let plan = ScreenPlan(pus: [ScreenedPU(cpu: 0, core: 0, socket: 0), ScreenedPU(cpu: 1, core: 1, socket: 0)],
                              blockThrows: 1 << 10)
        let kernel = Kernel(level: .baseline, shape: try #require(KernelShape.all.first))
        let dispute = BlockLedger.Dispute(block: 3, first: .init(pu: 0, hits: 800), second: .init(pu: 1, hits: 801))
        let outcome = ScreenOutcome(
            plan: plan, kernel: kernel, seed: 5, seconds: 2, drainSeconds: 0.01,
            pus: plan.pus.map { ScreenedPUResult(pu: $0, pinned: true, firstCounts: 4, checkCounts: 4) },
            blocks: 8, blocksChecked: 8, settled: [.init(dispute: dispute, settler: .init(pu: 0, hits: 800))])
        let verdict = ScreenVerdict(host: "n7", cpuModel: "cpu", outcome: outcome, throttleFraction: 0.15,
                                    reference: nil, referenceFraction: 0.9)
        #expect(verdict.wrongCounts.map(\.pu.cpu) == [1] && verdict.wrongCounts.first?.first == 3 << 10)
        let report = ScreenReport(verdict, reference: nil, version: "0.0.0",
                                  provenance: RunProvenance.current(launch: LaunchEnvironment(variables: [:])))
        #expect(!report.json.contains("\n"))
        let read = VerdictCollection.verdicts(in: Data(report.json.utf8))
        #expect(read == [report.verdict] && read.first?.reasons == ["wrong counts on CPU 1"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        let screen = try #require(object["screen"] as? [String: Any])
        let wrong = try #require((screen["wrong_counts"] as? [[String: Any]])?.first)
        #expect(wrong["pu"] as? Int == 1 && wrong["right_hits"] as? Int == 800 && wrong["counted_hits"] as? Int == 801)
        #expect((screen["pus_screened"] as? [Any])?.count == 2 && (screen["throttled"] as? [Any])?.isEmpty == true)
    }

    @Test("a healthy node's screen report is a reference: its CPU model, kernel, rate per core and clock")
    func screenAsReference() throws {
        let plan = ScreenPlan(pus: [ScreenedPU(cpu: 0, core: 0, socket: 0)], blockThrows: 1 << 10)
        let kernel = Kernel(level: .baseline, shape: try #require(KernelShape.all.first))
        var pu = ScreenedPUResult(pu: plan.pus[0], pinned: true, firstCounts: 10, checkCounts: 10)
        pu.throwsCounted = 20 << 10
        pu.samples = [ScreenSample(seconds: 0.1, clockHz: 3e9, throwsPerCPUSecond: 1e9)]
        let outcome = ScreenOutcome(plan: plan, kernel: kernel, seed: 1, seconds: 1, drainSeconds: 0, pus: [pu],
                                    blocks: 10, blocksChecked: 10, settled: [])
        let verdict = ScreenVerdict(host: "n1", cpuModel: "Some CPU family 1 model 2", outcome: outcome,
                                    throttleFraction: 0, reference: nil, referenceFraction: 0.9)
        let path = try Self.write(ScreenReport(verdict, reference: nil, version: "0.0.0",
                                  provenance: RunProvenance.current(launch: LaunchEnvironment(variables: [:]))).json)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reference = try Reference.load(path: path).get()
        #expect(reference.entries == [Reference.Entry(
            cpuModel: "Some CPU family 1 model 2", kernel: kernel.name, throwsPerSecondPerCore: Double(20 << 10),
            clockHz: 3e9, cyclesPerThrow: 3e9 / Double(20 << 10), nodes: 1)])
    }
}
