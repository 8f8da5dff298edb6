import Foundation
import Testing

extension IntegrationTests {
    /// `--duration`: runs sized by time from the ranks' own measured rates, so
    /// no test here assumes how fast this CPU counts.
    @Suite("Runs sized by time", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct DurationTests {
        static let seed = "16180339"

        static func report(_ result: Launcher.Result) throws -> ParsedReport {
            #expect(result.status == 0, "\(result.stderr)")
            return try ParsedReport(json: result.stdout)
        }

        static func throwsCount(_ report: ParsedReport) -> UInt64? {
            (report.results["throws"] as? NSNumber)?.uint64Value
        }

        /// The time a sized run may take against the time asked. Below: the
        /// count is rounded down by at most 1 %, and a rate the trial caught
        /// on a burst of clock or a moment alone makes a run shorter by no
        /// more than that; 0.6 leaves room. Above: a rank whose core is shared
        /// (the suite runs with one core kept busy) counts at about half the
        /// speed its short trial saw, hence 3.
        static let shortest = 0.6
        static let longest = 3.0

        @Test("2 s on 2 ranks lasts about 2 s, reports its count, and that count gives the same hits again",
              arguments: [[], ["--schedule", "dynamic"], ["--kernel", "baseline:16x1-lanes"]])
        func sizedRun(options: [String]) throws {
            let seconds = 2.0
            let sized = try Self.report(try Launcher.mpirun(
                ranks: 2, ["--duration", "2s", "--seed", Self.seed, "--no-serial", "--format", "json"] + options))
            #expect(sized.context["duration_seconds"] as? Double == seconds, "\(sized.context)")
            let count = try #require(Self.throwsCount(sized))
            let parallel = try #require(sized.results["parallel_seconds"] as? Double)
            #expect(parallel >= Self.shortest * seconds && parallel <= Self.longest * seconds,
                    "\(count) throws took \(parallel) s for --duration \(seconds)")
            // Three significant digits: a count one can type again.
            var digits = count
            while digits >= 1000 { #expect(digits % 10 == 0, "\(count)"); digits /= 10 }
            let again = try Self.report(try Launcher.mpirun(
                ranks: 2, [String(count), "--seed", Self.seed, "--no-serial", "--format", "json"] + options))
            #expect(again.hits == sized.hits && again.context["duration_seconds"] is NSNull)
        }

        @Test("the text names the count and the time it was sized for")
        func text() throws {
            let result = try Launcher.mpirun(ranks: 1, ["--duration", "0.5", "--no-serial"])
            #expect(result.status == 0, "\(result.stderr)")
            let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  throws ") })
            #expect(line.hasSuffix(" (sized for about 0.5 s per rank: --duration)"), "\(line)")
        }

        /// A node of 128 PUs (2 sockets of 64 cores, Tests/topologies/node-128.xml)
        /// as the ranks see it through hwloc, with 128 ranks taking turns on
        /// this machine's 2 real CPUs (each bound to CPU 0 or 1 by taskset).
        @Test("128 ranks on a simulated 128-PU node: every rank counts long enough to be judged")
        func node128() throws {
            let seconds = 0.2
            let xml = Launcher.packageRoot.appendingPathComponent("Tests/topologies/node-128.xml").path
            let wrapper = "exec env HWLOC_XMLFILE=\(xml) taskset -c $((OMPI_COMM_WORLD_RANK % 2)) \"$@\""
            let report = try Self.report(try Launcher.run(
                ["mpirun.openmpi", "--oversubscribe", "-np", "128", "--bind-to", "none", "sh", "-c", wrapper, "sh",
                 Launcher.binary, "--duration", String(seconds), "--no-serial", "--format", "json"], timeout: 600))
            #expect(report.perRank.count == 128)
            #expect(report.perRank.allSatisfy { $0["host_cpus"] as? Int == 128 }, "the XML was not read")
            // Sized from rates the ranks' trials saw (each mostly alone on its
            // CPU for its few milliseconds): 64 ranks then take turns on each
            // CPU, so the run lasts about 64 times the time asked.
            let count = try #require(Self.throwsCount(report))
            let shares = try #require(report.results["rank_throws"] as? [NSNumber]).map(\.uint64Value)
            #expect(shares.count == 128 && shares.reduce(0, +) == count)
            #expect((shares.max() ?? 0) - (shares.min() ?? 0) <= 1)
            let parallel = try #require(report.results["parallel_seconds"] as? Double)
            #expect(parallel >= Self.shortest * seconds && parallel <= Self.longest * seconds * 64, "\(parallel)")
            // Every rank counted past the placement check's floor, so its
            // verdicts judged this run: the ranks share 2 CPUs, and it says so.
            let rankSeconds = report.perRank.compactMap { $0["seconds"] as? Double }
            #expect(rankSeconds.count == 128 && rankSeconds.allSatisfy { $0 >= 0.1 }, "\(rankSeconds)")
            #expect(report.warningKinds.contains("oversubscribed") && report.warningKinds.contains("shared_cpus"),
                    "\(report.warnings)")
        }
    }
}
