@testable import PimpiCore
import Testing

@Suite("--sweep, --repeat and --warmup on the command line")
struct SweepArgumentTests {
    @Test("accepted sweeps", arguments: [
        ("strong", ScalingSweep(mode: .strong)), ("weak", ScalingSweep(mode: .weak)),
        ("1,2,3,6", ScalingSweep(mode: .strong, sizes: [1, 2, 3, 6])),
        ("strong:2,4", ScalingSweep(mode: .strong, sizes: [2, 4])),
        ("weak:1,4,16", ScalingSweep(mode: .weak, sizes: [1, 4, 16])),
    ] as [(String, ScalingSweep)])
    func accepted(text: String, expected: ScalingSweep) throws {
        #expect(try SweepArgument.parse(text) == expected)
    }

    @Test("refused sweeps", arguments: ["", "4", "2,1", "1,1", "0,2", "1,,2", "1,2,", "weak:", "weak:3", "banana",
                                         "1,-2", "1,2e1", "strong:"])
    func refused(text: String) {
        #expect(throws: ArgumentValueError.self) { try SweepArgument.parse(text) }
    }

    @Test("a bare --sweep means strong; a throw count or an option after it is not its value", arguments: [
        (["1e9", "--sweep"], ["1e9", "--sweep", "strong"]),
        (["--sweep", "1e9"], ["--sweep", "strong", "1e9"]),
        (["--sweep", "--repeat", "3"], ["--sweep", "strong", "--repeat", "3"]),
        (["--sweep", "weak", "1e9"], ["--sweep", "weak", "1e9"]),
        (["--sweep", "1,2"], ["--sweep", "1,2"]),
        (["--sweep", "banana"], ["--sweep", "banana"]),
        (["--sweep=weak"], ["--sweep=weak"]),
        (["--", "--sweep"], ["--", "--sweep"]),
    ] as [([String], [String])])
    func bareSweep(arguments: [String], expected: [String]) {
        #expect(SweepArgument.withValues(arguments) == expected)
    }

    @Test("default sizes: powers of two below the job's size, then its size")
    func defaultSizes() {
        let sweep = ScalingSweep(mode: .strong)
        #expect(sweep.sizes(worldSize: 1, throwCount: 10) == .success([1]))
        #expect(sweep.sizes(worldSize: 2, throwCount: 10) == .success([1, 2]))
        #expect(sweep.sizes(worldSize: 6, throwCount: 10) == .success([1, 2, 4, 6]))
        #expect(sweep.sizes(worldSize: 8, throwCount: 10) == .success([1, 2, 4, 8]))
    }

    @Test("a list larger than the job, and a weak sweep past 2^64 throws, are refused")
    func sizesThatDoNotFit() throws {
        guard case .failure(let error) = ScalingSweep(mode: .strong, sizes: [1, 4]).sizes(worldSize: 2, throwCount: 10)
        else { Issue.record("4 ranks of 2 accepted"); return }
        #expect(error.message.contains("asks for 4 ranks but the job has 2"))
        guard case .failure(let overflow) = ScalingSweep(mode: .weak).sizes(worldSize: 4, throwCount: UInt64.max / 3)
        else { Issue.record("overflow accepted"); return }
        #expect(overflow.message.contains("2^64"))
        #expect(ScalingSweep(mode: .strong).sizes(worldSize: 4, throwCount: UInt64.max) == .success([1, 2, 4]))
    }
}
