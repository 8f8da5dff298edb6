import ArgumentParser
@testable import PimpiCore
import Testing

@Suite("The command line's options")
struct RunOptionsTests {
    /// A host with the first two kernel levels only, so the kernel checks do
    /// not depend on this machine's CPU.
    static let levels: [KernelLevel] = [.baseline, .x86_64_v3]

    @Test("without options: 1e9 throws by default, the default seed, every option's stated default")
    func defaults() throws {
        let options = try RunOptions.parse([])
        #expect(options.throwCount == nil && options.seed == 1_234_567 && options.format == .text)
        #expect(options.serial && options.threads == .fixed(1) && options.schedule == .static)
        #expect(options.stragglerFraction == RunOptions.defaultStragglerFraction)
        #expect(options.repeatCount == 1 && options.warmupCount == 0 && options.sweep == nil)
        #expect(options.kernel == .auto && options.progress == .auto && !options.perRank && !options.failOnWarning)
    }

    @Test("contradictions are refused by parsing, with the first one found", arguments: [
        (["10", "--target-error", "1e-3"], "give either a throw count (10) or --target-error"),
        (["--max-throws", "1e9"], "--max-throws goes with --target-error"),
        (["--target-error", "1e-3", "--max-throws", "5"], "below the first round"),
        (["--chunk", "10"], "--chunk goes with --schedule dynamic"),
        (["--progress", "never", "--progress-interval", "1"], "--progress-interval asks for progress"),
        (["--repeat", "0"], "--repeat must be from 1"),
        (["--repeat", "1001"], "--repeat must be from 1"),
        (["--warmup", "-1"], "--warmup must be from 0"),
        (["--target-error", "1e-3", "--repeat", "3"], "need a fixed one"),
        (["--target-error", "1e-3", "--sweep", "strong"], "need a fixed one"),
        (["--schedule", "dynamic", "--sweep", "weak"], "--schedule static"),
        (["--screen", "20s", "1e9"], "a throw count does not go with it"),
        (["--screen", "20s", "--threads", "2"], "--threads does not go with it"),
        (["--screen", "20s", "--format", "csv"], "--format csv does not go with it"),
        (["--screen", "20s", "--repeat", "2"], "--repeat does not go with it"),
        (["--throttle-fraction", "0.2"], "--throttle-fraction goes with --screen"),
        (["--collect", "a.json", "--screen", "5"], "--screen does not go with it"),
        (["--screen", "0"], "seconds such as 20"),
        (["--screen", "2d"], "seconds such as 20"),
        (["--screen", "25h"], "longer than a day"),
        (["1e9", "--duration", "5"], "--duration sizes the throw count itself; a throw count does not go with it"),
        (["--duration", "5", "--target-error", "1e-4"], "--target-error does not go with it"),
        (["--duration", "5", "--sweep", "strong"], "--duration goes with --sweep weak"),
        (["--duration", "5", "--sweep", "1,2"], "--duration goes with --sweep weak"),
        (["--screen", "20s", "--duration", "5"], "--duration does not go with it"),
        (["--duration", "0"], "seconds such as 20"),
        (["--duration", "-5s"], "seconds such as 20"),
    ])
    func problems(arguments: [String], expected: String) {
        do {
            _ = try RunOptions.parse(arguments)
            Issue.record("\(arguments) accepted")
        } catch {
            #expect(RunOptions.message(for: error).contains(expected), "\(RunOptions.message(for: error))")
        }
    }

    @Test("a kernel level the CPU lacks is refused, with the levels it has", arguments: [
        "x86-64-v4", "x86-64-v4:8x1-lanes",
    ])
    func missingLevel(kernel: String) throws {
        var options = try RunOptions.parse([])
        options.kernel = try #require(KernelChoice(name: kernel))
        let problem = try #require(options.problem(supportedKernels: Self.levels))
        #expect(problem.contains("kernel x86-64-v4 needs CPU features this machine lacks; supported: "
            + "baseline, x86-64-v3"), "\(problem)")
    }

    @Test("sensible options have no problem", arguments: [
        [], ["7", "--schedule", "dynamic", "--chunk", "2"], ["--target-error", "1e-5", "--max-throws", "16777216"],
        ["--progress-interval", "0"], ["--kernel", "x86-64-v3"], ["--kernel", "baseline:8x3-popcount"],
        ["1e6", "--repeat", "5", "--warmup", "2", "--sweep", "weak:1,2"],
        ["--screen", "20s", "--seed", "5", "--reference", "r.json", "--throttle-fraction", "0.2", "--format", "json"],
        ["--collect", "a.json", "b.json"], ["--duration", "5s", "--schedule", "dynamic", "--repeat", "3"],
        ["--duration", "5", "--sweep", "weak:1,2", "--repeat", "3"],
    ])
    func noProblem(arguments: [String]) throws {
        let kernel = arguments.firstIndex(of: "--kernel").map { arguments[$0 + 1] }
        var options = try RunOptions.parse(kernel == nil ? arguments : Array(arguments.dropLast(2)))
        if let kernel { options.kernel = try #require(KernelChoice(name: kernel)) }
        #expect(options.problem(supportedKernels: Self.levels) == nil)
    }

    @Test("--screen and --duration take seconds, or a number with s, m or h", arguments: [
        ("20", 20.0), ("2.5", 2.5), ("20s", 20), ("10m", 600), ("1h", 3600), ("0.5m", 30),
    ])
    func durations(text: String, seconds: Double) throws {
        #expect(try RunOptions.parse(["--screen", text]).screen == seconds)
        #expect(try RunOptions.parse(["--screen", text]).checksNodeAlone)
        #expect(try RunOptions.parse(["--duration", text]).duration == seconds)
        #expect(try !RunOptions.parse(["--duration", text]).checksNodeAlone)
    }

    @Test("a seed given is kept apart from the default, which --screen replaces with one it draws")
    func givenSeed() throws {
        #expect(try RunOptions.parse([]).givenSeed == nil)
        #expect(try RunOptions.parse(["--seed", "9"]).givenSeed == 9 && RunOptions.parse(["--seed", "9"]).seed == 9)
        #expect(try RunOptions.parse(["--collect", "x", "y"]).collect == ["x", "y"])
    }
}
