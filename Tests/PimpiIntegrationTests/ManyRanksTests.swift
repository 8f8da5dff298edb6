import Foundation
import Testing

extension IntegrationTests {
    /// As many ranks as fit in about a minute per MPI on this machine's cores
    /// (oversubscribed: start-up, not counting, is what grows). Measured here
    /// on 2 cores: Open MPI starts 128 ranks in about 13 s, MPICH 64 in 15 s
    /// and 128 in 38 s (docs/scaling.md).
    @Suite("Many ranks", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct ManyRanksTests {
        static func ranks(_ stack: MPIStack) -> Int { stack == .openMPI ? 128 : 64 }
        static let seed = "14142135"
        /// Reached when every rank has left MPI_Init and passed the start barrier.
        static let counting = "% handed out ("

        static let referenceHits: UInt64? = {
            let result = try? Launcher.singleton(["1e8", "--seed", seed, "--no-serial", "--format", "json"])
            return result.flatMap { try? ParsedReport(json: $0.stdout) }?.hits
        }()

        @Test("the dynamic schedule's hits; the text's warnings stay within 10 lines, oversubscription first",
              arguments: MPIStack.built)
        func sameHitsBoundedWarnings(stack: MPIStack) throws {
            let ranks = Self.ranks(stack)
            let result = try Launcher.run(stack.command(
                ranks: ranks, ["1e8", "--seed", Self.seed, "--schedule", "dynamic", "--no-serial"]), timeout: 300)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            let hits = try #require(lines.first { $0.hasPrefix("  hits ") }).replacingOccurrences(of: ",", with: "")
            #expect(hits.contains(" \(try #require(Self.referenceHits)) of 100000000"), "\(hits)")
            #expect(result.stdout.contains("ranks          \(ranks) on 1 node"), "\(result.stdout)")
            let warnings = lines.filter { $0.hasPrefix("  warning ") }
            #expect(!warnings.isEmpty && warnings.count <= 10, "\(result.stdout)")
            #expect(warnings.first?.contains("oversubscribed: host ") == true, "\(result.stdout)")
            #expect(lines.count < 40, "the text grew with the ranks:\n\(result.stdout)")
        }

        @Test("bad input: exit 64, one error line", arguments: MPIStack.built)
        func badInput(stack: MPIStack) throws {
            let result = try Launcher.run(stack.command(ranks: Self.ranks(stack), ["1e9", "--repeat", "0"]), timeout: 300)
            #expect(!result.timedOut)
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.errorLines.count == 1, "\(result.stderr)")
            #expect(stack.noResult(in: result.stdout), "\(result.stdout)")
        }

        /// 128 processes on 2 cores take longer to end than 2 do; 15 s, not
        /// the 5 s of the 2- and 4-rank tests.
        @Test("SIGTERM to the launcher while every rank counts: one stop line, every rank gone",
              arguments: MPIStack.built)
        func stop(stack: MPIStack) throws {
            let marker = "6\(MPIStack.built.firstIndex(of: stack)!)31415"
            let running = try Launcher.start(stack.command(
                ranks: Self.ranks(stack), ["1e19", "--schedule", "dynamic", "--no-serial", "--progress", "always",
                                           "--seed", marker]), timeout: 300)
            try #require(running.waitForStderr(containing: Self.counting, seconds: 240),
                         "\(stack): never started counting: \(running.stderrSoFar)")
            try StopSignalTests.expectStopsOnSIGTERM(running, marker: marker, stack: stack, deadline: 15)
        }
    }
}
