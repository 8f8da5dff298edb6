import Foundation
@testable import PimpiCore
import Testing

@Suite("Where a run came from: time, command line, commit, Slurm job")
struct RunProvenanceTests {
    @Test("inside a Slurm job step: the job's fields from the environment; outside one, none")
    func slurm() {
        let variables = ["SLURM_JOB_ID": "4711", "SLURM_STEP_ID": "0", "SLURM_JOB_PARTITION": "batch",
                         "SLURM_JOB_NODELIST": "n[01-04]", "SLURM_CLUSTER_NAME": "big"]
        let inJob = RunProvenance.current(launch: LaunchEnvironment(variables: variables), arguments: ["pimpi"])
        #expect(inJob.slurm == .init(jobID: "4711", stepID: "0", partition: "batch", nodeList: "n[01-04]",
                                     cluster: "big"))
        let alone = RunProvenance.current(launch: LaunchEnvironment(variables: ["SLURM_STEP_ID": "0"]), arguments: [])
        #expect(alone.slurm == nil && alone.commit == RunProvenance.buildCommit)
    }

    @Test("the start in ISO 8601 UTC, and the command line as a shell takes it back")
    func text() {
        let provenance = RunProvenance(startedAt: Date(timeIntervalSince1970: 1_796_688_000), arguments:
            ["pimpi", "1e9", "--reference", "my ref.json", "--seed=5", "it's"], commit: "abc", slurm: nil)
        #expect(provenance.startedAtText == "2026-12-08T00:00:00Z")
        #expect(provenance.commandLine == "pimpi 1e9 --reference 'my ref.json' --seed=5 'it'\\''s'")
    }

    @Test("a report carries them in its context, JSON and CSV alike, at the end of the block")
    func inReport() throws {
        var report = ReportTests.withoutSerial
        report.context.provenance = RunProvenance(
            startedAt: Date(timeIntervalSince1970: 1_796_688_000), arguments: ["pimpi", "1e9"], commit: "0123abcd",
            slurm: .init(jobID: "9", stepID: "1", partition: "test", nodeList: "n1", cluster: "c"))
        let names = report.contextFields.map(\.name)
        #expect(Array(names.suffix(8)) == ["started_at", "command_line", "pimpi_commit", "slurm_job_id",
                                           "slurm_step_id", "slurm_partition", "slurm_nodelist", "slurm_cluster"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        let context = try #require(object["context"] as? [String: Any])
        #expect(context["started_at"] as? String == "2026-12-08T00:00:00Z" && context["pimpi_commit"] as? String == "0123abcd")
        #expect(context["slurm_job_id"] as? String == "9" && context["command_line"] as? String == "pimpi 1e9")
        let line = ReportArchive.oneLine(report.json)
        #expect(!line.contains("\n"))
        let again = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary)
        #expect(again == (object as NSDictionary))
    }
}
