import Foundation
import Testing

extension IntegrationTests {
    /// Threads, dynamic scheduling, precision targets and progress, on the built binary.
    @Suite("Threads, schedules, precision and progress", .serialized,
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct FeatureTests {
        static let seed = "27182818"

        static func report(_ result: Launcher.Result) throws -> ParsedReport {
            #expect(result.status == 0, "\(result.stderr)")
            return try ParsedReport(json: result.stdout)
        }

        static let referenceHits: UInt64? = {
            let result = try? Launcher.singleton(["3e7", "--seed", seed, "--no-serial", "--format", "json"])
            return result.flatMap { try? ParsedReport(json: $0.stdout) }?.hits
        }()

        @Test("hits are bit-identical across threads, schedules and rank counts", arguments: [
            (1, ["--threads", "2"]), (1, ["--threads", "3"]), (1, ["--threads", "auto"]),
            (2, ["--threads", "2"]), (1, ["--schedule", "dynamic"]), (2, ["--schedule", "dynamic"]),
            (3, ["--schedule", "dynamic", "--chunk", "999_983"]), (4, ["--schedule", "dynamic", "--chunk", "1"]),
            (2, ["--schedule", "dynamic", "--threads", "2", "--chunk", "1e6"]),
        ] as [(Int, [String])])
        func bitIdentical(ranks: Int, options: [String]) throws {
            let throwsCount = options.contains("1") ? "3e5" : "3e7"
            let arguments = [throwsCount, "--seed", Self.seed, "--format", "json"] + options
            let report = try Self.report(try Launcher.mpirun(ranks: ranks, arguments))
            #expect(report.serialMatched == true)
            if throwsCount == "3e7" {
                #expect(report.hits == Self.referenceHits)
            }
            let threads = options.firstIndex(of: "--threads").map { options[$0 + 1] }
            if let threads, let count = Int(threads) {
                #expect(report.context["threads_per_rank"] as? Int == count)
            }
            let rankThrows = try #require(report.results["rank_throws"] as? [NSNumber])
            #expect(rankThrows.count == ranks)
            #expect(rankThrows.reduce(UInt64(0)) { $0 + $1.uint64Value } == (report.results["throws"] as? NSNumber)?.uint64Value)
        }

        @Test("with one rank four times slower, dynamic scheduling finishes well before static")
        func dynamicBeatsStatic() throws {
            let slow = ["PIMPI_TEST_FAULT": "slow-rank:1:4"]
            func run(_ schedule: String) throws -> ParsedReport {
                try Self.report(try Launcher.run(
                    ["mpirun", "-np", "2", Launcher.binary, "3e9", "--no-serial", "--format", "json",
                     "--schedule", schedule], timeout: 120, environment: slow))
            }
            // Best of two each, alternated, so a passing hiccup cannot decide it.
            var staticSeconds = Double.infinity
            var dynamicSeconds = Double.infinity
            var staticRun: ParsedReport?
            var dynamicRun: ParsedReport?
            for _ in 0 ..< 2 {
                let s = try run("static")
                let d = try run("dynamic")
                staticSeconds = min(staticSeconds, try #require(s.results["parallel_seconds"] as? Double))
                dynamicSeconds = min(dynamicSeconds, try #require(d.results["parallel_seconds"] as? Double))
                (staticRun, dynamicRun) = (s, d)
            }
            let (staticReport, dynamicReport) = (try #require(staticRun), try #require(dynamicRun))
            #expect(staticReport.hits == dynamicReport.hits)
            // Ideal: static waits for the slow rank's half (4 × ½ = 2 units), dynamic
            // shares by speed (1 / 1.25 = 0.8 units); 0.75 leaves room for noise.
            #expect(dynamicSeconds < 0.75 * staticSeconds, "dynamic \(dynamicSeconds) s, static \(staticSeconds) s")
            let dynamicThrows = try #require(dynamicReport.results["rank_throws"] as? [NSNumber]).map(\.uint64Value)
            #expect(dynamicThrows[1] < dynamicThrows[0], "the slow rank should have done less: \(dynamicThrows)")
            let staticThrows = try #require(staticReport.results["rank_throws"] as? [NSNumber]).map(\.uint64Value)
            #expect(staticThrows[0] == staticThrows[1])
        }

        @Test("a precision target stops at the same answer on any rank count", arguments: [1, 3])
        func precision(ranks: Int) throws {
            let report = try Self.report(try Launcher.mpirun(
                ranks: ranks, ["--target-error", "1e-4", "--seed", Self.seed, "--format", "json"]))
            let standardError = try #require(report.standardError)
            #expect(standardError <= 1e-4)
            #expect(report.results["target_reached"] as? Bool == true)
            #expect(report.serialMatched == true)
            let single = try Self.report(try Launcher.singleton(
                ["--target-error", "1e-4", "--seed", Self.seed, "--format", "json", "--no-serial"]))
            #expect(report.hits == single.hits)
            #expect((report.results["throws"] as? NSNumber) == (single.results["throws"] as? NSNumber))
            #expect((report.results["rounds"] as? Int) == (single.results["rounds"] as? Int))
        }

        @Test("--max-throws stops a precision run and the report says the target was missed")
        func precisionCapped() throws {
            let result = try Launcher.mpirun(
                ranks: 2, ["--target-error", "1e-7", "--max-throws", "1e8", "--format", "json"])
            let report = try Self.report(result)
            #expect((report.results["throws"] as? NSNumber)?.uint64Value == 100_000_000)
            #expect(report.results["target_reached"] as? Bool == false)
            let text = try Launcher.mpirun(ranks: 2, ["--target-error", "1e-7", "--max-throws", "1e8"])
            #expect(text.stdout.contains("NOT reached: stopped at --max-throws 100,000,000"))
        }

        @Test("conflicting options are refused before MPI starts", arguments: [
            ["1e9", "--target-error", "1e-5"], ["--max-throws", "1e9"], ["--chunk", "1e6"],
            ["--schedule", "guided"], ["--threads", "0"], ["--progress", "sometimes"], ["--target-error", "0"],
        ])
        func conflicts(arguments: [String]) throws {
            let result = try Launcher.mpirun(ranks: 2, arguments)
            #expect(result.status == 64)
            #expect(result.errorLines.count == 1, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }

        @Test("progress is off when stderr is not a terminal")
        func progressOffInBatch() throws {
            let result = try Launcher.mpirun(ranks: 2, ["6e9", "--no-serial"])
            #expect(result.status == 0)
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        }

        @Test("--progress always writes progress lines to a file")
        func progressAlways() throws {
            let result = try Launcher.singleton(["2.2e10", "--no-serial", "--progress", "always"])
            #expect(result.status == 0)
            #expect(result.stderr.contains("% of rank 0's share"), "\(result.stderr)")
            #expect(!result.stderr.contains("\r"))
            #expect(result.stdout.contains("Monte Carlo estimate of pi"))
        }

        @Test("on a terminal, progress redraws one line and clears it before the result")
        func progressOnTerminal() throws {
            // script(1) gives pimpi a pseudo-terminal as stdout and stderr.
            let command = "\(Launcher.binary) 6e9 --no-serial"
            let result = try Launcher.run(["script", "-qefc", command, "/dev/null"], timeout: 60)
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.contains("% of rank 0's share"))
            #expect(result.stdout.contains("\r\u{1B}[K"))
            #expect(result.stdout.contains("Monte Carlo estimate of pi"))
        }
    }
}
