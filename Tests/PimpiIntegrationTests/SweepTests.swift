import Foundation
import Testing

extension IntegrationTests {
    /// `--repeat` and `--sweep` on the built binary, under both MPIs.
    @Suite("Repetitions and sweeps", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct SweepTests {
        static let seed = "16180339"

        /// A sweep's JSON: its own block and each row as a run's report.
        struct ParsedSweep {
            let sweep: [String: Any]
            let rows: [ParsedReport]

            init(json: String) throws {
                let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
                sweep = try #require(object?["sweep"] as? [String: Any], "no sweep block in \(json)")
                let rowObjects = try #require(object?["rows"] as? [Any], "no rows in \(json)")
                rows = try rowObjects.map {
                    try ParsedReport(json: String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self))
                }
            }

            var ranks: [Int?] { rows.map(\.ranks) }
            var hits: [UInt64?] { rows.map(\.hits) }
        }

        static func run(_ stack: MPIStack, ranks: Int, _ arguments: [String]) throws -> Launcher.Result {
            let result = try Launcher.run(stack.command(ranks: ranks, arguments), timeout: 120)
            #expect(result.status == 0, "\(stack) \(arguments): \(result.stderr)")
            return result
        }

        @Test("--repeat 5 --warmup 1: five samples, their summary, the same hits as one run", arguments: MPIStack.built)
        func repeated(stack: MPIStack) throws {
            let once = try ParsedReport(json: try Self.run(stack, ranks: 2, ["3e7", "--seed", Self.seed, "--format", "json"]).stdout)
            let report = try ParsedReport(json: try Self.run(
                stack, ranks: 2, ["3e7", "--seed", Self.seed, "--repeat", "5", "--warmup", "1", "--format", "json"]).stdout)
            #expect(report.hits == once.hits)
            #expect(report.serialMatched == true)
            #expect(report.results["repetitions"] as? Int == 5)
            #expect(report.results["warmup"] as? Int == 1)
            let samples = try #require(report.results["parallel_seconds_samples"] as? [Double])
            #expect(samples.count == 5 && samples.allSatisfy { $0 > 0 })
            #expect((report.results["warmup_seconds_samples"] as? [Double])?.count == 1)
            let median = try #require(report.results["parallel_seconds"] as? Double)
            #expect(median == samples.sorted()[2])
            #expect(report.results["parallel_seconds_min"] as? Double == samples.min())
            #expect(report.results["parallel_seconds_max"] as? Double == samples.max())
            for rank in report.perRank {
                #expect((rank["seconds_samples"] as? [Double])?.count == 5, "\(rank)")
            }
            #expect(report.perRank.compactMap { ($0["hits"] as? NSNumber)?.uint64Value }.reduce(0, +) == report.hits)
        }

        @Test("--repeat in CSV: one line, the samples in one column", arguments: MPIStack.built)
        func repeatedCSV(stack: MPIStack) throws {
            let result = try Self.run(stack, ranks: 2, ["1e7", "--repeat", "3", "--no-serial", "--format", "csv"])
            let csv = ParsedCSV(result.stdout)
            #expect(csv.rows.count == 1 && csv.rows[0].count == csv.header.count, "\(result.stdout)")
            let samples = try #require(try csv.column("parallel_seconds_samples").first)
            #expect(samples.split(separator: ";").compactMap { Double($0) }.count == 3, "\(result.stdout)")
        }

        @Test("--sweep on 2 ranks: one launch, a row for 1 and 2 ranks, identical hits", arguments: MPIStack.built)
        func strong(stack: MPIStack) throws {
            let result = try Self.run(stack, ranks: 2, ["3e7", "--seed", Self.seed, "--sweep", "--format", "json"])
            let sweep = try ParsedSweep(json: result.stdout)
            #expect(sweep.ranks == [1, 2])
            #expect(Set(sweep.hits).count == 1 && sweep.hits[0] != nil, "\(sweep.hits)")
            #expect(sweep.sweep["speedup_base"] as? String == "1-rank row")
            #expect(sweep.rows.allSatisfy { $0.context["sweep"] as? String == "strong" })
            #expect(sweep.rows[0].results["speedup"] as? Double == 1)
            #expect(sweep.rows.allSatisfy { ($0.results["efficiency"] as? Double).map { $0 > 0 } == true })

            let text = try Self.run(stack, ranks: 2, ["3e7", "--seed", Self.seed, "--sweep", "--repeat", "2"]).stdout
            let hits = " \(sweep.hits[0] ?? 0)"
            let tableRows = text.split(separator: "\n").filter { $0.replacingOccurrences(of: ",", with: "").hasSuffix(hits) }
            #expect(tableRows.count == 2, "\(text)")
            #expect(text.contains("check          every row counted"), "\(text)")
        }

        @Test("--sweep weak: each row does its ranks' share; rank 0's hits are the same in every row",
              arguments: MPIStack.built)
        func weak(stack: MPIStack) throws {
            let result = try Self.run(stack, ranks: 2, ["1e7", "--seed", Self.seed, "--sweep", "weak", "--format", "json"])
            let sweep = try ParsedSweep(json: result.stdout)
            #expect(sweep.ranks == [1, 2])
            #expect(sweep.rows.map { ($0.results["throws"] as? NSNumber)?.uint64Value } == [10_000_000, 20_000_000])
            let rankZero = sweep.rows.map { ($0.perRank.first?["hits"] as? NSNumber)?.uint64Value }
            #expect(rankZero[0] != nil && rankZero[0] == rankZero[1], "\(rankZero)")
        }

        @Test("a list without 1: the serial rerun is the base and is checked; CSV has a line per row")
        func listWithoutOne() throws {
            let result = try Launcher.mpirun(ranks: 3, ["1e7", "--seed", Self.seed, "--sweep", "2,3", "--format", "csv"])
            #expect(result.status == 0, "\(result.stderr)")
            let csv = ParsedCSV(result.stdout)
            #expect(csv.rows.count == 2 && csv.rows.allSatisfy { $0.count == csv.header.count }, "\(result.stdout)")
            #expect(try csv.column("ranks") == ["2", "3"])
            #expect(try csv.column("speedup_base") == ["serial rerun", "serial rerun"])
            #expect(Set(try csv.column("hits")).count == 1)
            // The command line's comma is inside a quoted field, as RFC 4180 has it.
            #expect(try csv.column("command_line").allSatisfy { $0.hasSuffix(" 1e7 --seed \(Self.seed) --sweep 2,3 --format csv") },
                    "\(result.stdout)")
        }

        @Test("a sweep on 1 rank is one row", arguments: MPIStack.built)
        func oneRank(stack: MPIStack) throws {
            let result = try Launcher.singleton(["1e7", "--sweep", "--format", "json"], stack: stack)
            #expect(result.status == 0, "\(result.stderr)")
            let sweep = try ParsedSweep(json: result.stdout)
            #expect(sweep.ranks == [1])
            #expect(sweep.rows[0].results["speedup"] as? Double == 1)
        }

        @Test("a list larger than the job: exit 64 on every rank, one line, nothing on stdout", arguments: MPIStack.built)
        func tooLarge(stack: MPIStack) throws {
            let result = try Launcher.run(stack.command(ranks: 2, ["1e7", "--sweep", "1,2,4"]), timeout: 60)
            #expect(!result.timedOut)
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.errorLines.count == 1, "\(result.stderr)")
            #expect(result.errorLines.first?.contains("asks for 4 ranks but the job has 2") == true, "\(result.stderr)")
            #expect(stack.noResult(in: result.stdout), "\(result.stdout)")
        }

        /// The second row is running when the signal lands: each row lasts about
        /// 4 s at this machine's measured rate, and the signal follows the
        /// second row's first progress line.
        @Test("SIGTERM to the launcher during a sweep's second row: one stop line, every rank gone",
              arguments: MPIStack.built)
        func stopDuringSweep(stack: MPIStack) throws {
            let marker = "9\(MPIStack.built.firstIndex(of: stack)!)31415"
            let perRank = try SimulatedHosts.throwsLasting(seconds: 4)
            let running = try Launcher.start(stack.command(
                ranks: 2, [perRank, "--sweep", "weak", "--no-serial", "--progress", "always", "--seed", marker]),
                timeout: 120)
            let secondRow = "% of rank 0's share on 2 ranks ("
            try #require(running.waitForStderr(containing: secondRow, seconds: 90),
                         "\(stack): the second row never started: \(running.stderrSoFar)")
            try StopSignalTests.expectStopsOnSIGTERM(running, marker: marker, stack: stack)
        }
    }
}
