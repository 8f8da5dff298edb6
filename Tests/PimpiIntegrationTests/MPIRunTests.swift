import Foundation
import Testing

extension IntegrationTests {
    /// The built binary, launched for real: alone and under mpirun.
    @Suite("pimpi under mpirun", .serialized, .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct MPIRunTests {
        enum Launch: CustomStringConvertible, CaseIterable {
            case singleton, np1, np2, np3, np4
            var description: String {
                switch self {
                case .singleton: "singleton"
                case .np1: "mpirun -np 1"
                case .np2: "mpirun -np 2"
                case .np3: "mpirun -np 3"
                case .np4: "mpirun -np 4"
                }
            }
            var ranks: Int {
                switch self {
                case .singleton, .np1: 1
                case .np2: 2
                case .np3: 3
                case .np4: 4
                }
            }
            func run(_ arguments: [String], stack: MPIStack = .openMPI) throws -> Launcher.Result {
                self == .singleton
                    ? try Launcher.singleton(arguments, stack: stack)
                    : try Launcher.mpirun(ranks: ranks, arguments, stack: stack)
            }
        }

        /// Hits for seed 20201117 and 10⁷ throws, from a singleton run with no serial
        /// rerun; every other launch must reproduce them exactly.
        static let referenceHits: UInt64? = {
            let result = try? Launcher.singleton(["1e7", "--seed", "20201117", "--no-serial", "--format", "json"])
            return result.flatMap { try? ParsedReport(json: $0.stdout) }?.hits
        }()

        /// Every launch of every MPI's build against one Open MPI singleton's hits:
        /// the same answer under Open MPI and MPICH, on any rank count.
        @Test("the same seed gives the same hits on every launch, under Open MPI and MPICH",
              arguments: MPIStack.built, Launch.allCases)
        func sameHits(stack: MPIStack, launch: Launch) throws {
            let result = try launch.run(["1e7", "--seed", "20201117", "--format", "json"], stack: stack)
            #expect(result.status == 0, "\(result.stderr)")
            let report = try ParsedReport(json: result.stdout)
            #expect(report.ranks == launch.ranks)
            let reference = try #require(Self.referenceHits)
            #expect(report.hits == reference)
            #expect(report.serialMatched == true)
            let pi = try #require(report.pi)
            let standardError = try #require(report.standardError)
            #expect(abs(pi - Double.pi) <= 5 * standardError)
        }

        @Test("every build make test or make check made is here, so each MPI's and its test-hooks build are exercised",
              .enabled(if: ProcessInfo.processInfo.environment["PIMPI_BIN"] != nil, "only under make test or make check"))
        func everyBuild() {
            let environment = ProcessInfo.processInfo.environment
            let variables = MPIStack.quickTier ? ["PIMPI_BIN", "PIMPI_BIN_TEST_HOOKS"]
                : ["PIMPI_BIN", "PIMPI_BIN_MPICH", "PIMPI_BIN_TEST_HOOKS", "PIMPI_BIN_MPICH_TEST_HOOKS"]
            for variable in variables {
                let path = environment[variable] ?? ""
                #expect(FileManager.default.isExecutableFile(atPath: path), "\(variable) is '\(path)', no build")
            }
            #expect(MPIStack.built == (MPIStack.quickTier ? [.openMPI] : [.openMPI, .mpich]))
        }

        @Test("more ranks than throws still gives the exact result")
        func idleRanks() throws {
            let result = try Launcher.mpirun(ranks: 4, ["3", "--seed", "20201117", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try ParsedReport(json: result.stdout)
            #expect(report.ranks == 4)
            let single = try ParsedReport(json: try Launcher.singleton(["3", "--seed", "20201117", "--format", "json"]).stdout)
            #expect(report.hits == single.hits)
        }

        @Test("the summary is printed once, by rank 0, with every figure")
        func summary() throws {
            let result = try Launcher.mpirun(ranks: 2, ["2e7"])
            #expect(result.status == 0, "\(result.stderr)")
            let text = result.stdout
            #expect(text.components(separatedBy: "Monte Carlo estimate of pi").count == 2, "\(text)")
            for fragment in ["throws         20,000,000", "ranks          2 on 1 node", "MPI library",
                             "generator      SplitMix64, seed 1234567", "kernel", "pi             3.14",
                             "|pi - PI|", "std error", "parallel time", "serial time", "speedup",
                             "efficiency", "serial rerun matched"] {
                #expect(text.contains(fragment), "missing '\(fragment)' in\n\(text)")
            }
        }

        @Test("the MPI library is named in one line, in text, JSON and CSV", arguments: MPIStack.built)
        func libraryName(stack: MPIStack) throws {
            let json = try ParsedReport(json: try Launcher.mpirun(
                ranks: 2, ["1e6", "--format", "json"], stack: stack).stdout)
            let name = try #require(json.context["mpi_library"] as? String)
            #expect(name.hasPrefix(stack.name + " ") && !name.contains("\n") && !name.contains(","), "\(name)")
            #expect((json.context["mpi_library_version"] as? String)?.contains(name.split(separator: " ").last!) == true)
            let text = try Launcher.mpirun(ranks: 2, ["1e6"], stack: stack).stdout
            #expect(text.contains("  MPI library    \(name)\n"), "\(text)")
            let csv = try Launcher.mpirun(ranks: 2, ["1e6", "--format", "csv"], stack: stack).stdout
            #expect(csv.split(separator: "\n").count == 2, "\(csv)")
            #expect(csv.contains(",\(name),"))
        }

        /// Ranks leave the start barrier at different moments, many ms apart when
        /// they outnumber the cores; the parallel time is the longest span a rank
        /// lived, so it covers every rank's kernel time by construction.
        @Test("the parallel time is never shorter than a rank's kernel time", arguments: [2, 16, 48])
        func parallelTimeCoversEveryRank(ranks: Int) throws {
            let result = try Launcher.mpirun(ranks: ranks, ["1e8", "--no-serial", "--format", "json"], timeout: 300)
            #expect(result.status == 0, "\(result.stderr)")
            let report = try ParsedReport(json: result.stdout)
            let parallel = try #require(report.results["parallel_seconds"] as? Double)
            let kernelMax = try #require(report.results["rank_seconds_max"] as? Double)
            let perRank = report.perRank.compactMap { $0["seconds"] as? Double }
            #expect(perRank.count == ranks)
            #expect(perRank.max() == kernelMax)
            #expect(parallel >= kernelMax, "parallel \(parallel) s, slowest rank's kernel \(kernelMax) s")
        }

        @Test("CSV is a header and one row")
        func csv() throws {
            let result = try Launcher.mpirun(ranks: 2, ["1e6", "--format", "csv"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("pimpi_version,mpi_library,ranks,") == true)
        }

        @Test("--no-serial skips the rerun")
        func noSerial() throws {
            let result = try Launcher.mpirun(ranks: 2, ["1e6", "--no-serial", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try ParsedReport(json: result.stdout)
            #expect(report.results["serial_seconds"] is NSNull)
            #expect(report.results["speedup"] is NSNull)
        }

        /// Command lines that must be refused before MPI starts.
        static let badInputs: [[String]] = [
            ["0"], ["-5"], ["abc"], ["1.5"], ["1e-3"], ["1e30"], ["18446744073709551616"], [""], ["0x10"],
            ["1e9", "extra"], ["--seed", "-1"], ["--seed", "abc"], ["--seed", "18446744073709551616"],
            ["--format", "xml"], ["--no-such-option"], ["--serial", "--no-serial"], ["--kernel", "no-such-kernel"],
            ["--progress-interval", "soon"], ["--repeat", "0"], ["--warmup", "-1"], ["--sweep", "2,1"],
            ["--sweep", "banana"],
        ]

        @Test("bad input: exit 64 on every rank, one error line, nothing on stdout", arguments: badInputs)
        func badInput(arguments: [String]) throws {
            for stack in MPIStack.built {
                try badInput(arguments, stack: stack)
            }
        }

        func badInput(_ arguments: [String], stack: MPIStack) throws {
            for launch in [Launch.np2, .singleton] {
                let result = try launch.run(arguments, stack: stack)
                #expect(!result.timedOut, "\(stack) \(launch) \(arguments) hung")
                #expect(result.status == 64, "\(stack) \(launch) \(arguments): status \(result.status)")
                #expect(result.errorLines.count == 1, "\(stack) \(launch) \(arguments):\n\(result.stderr)")
                // The line names the offending value (or option) and points at the help.
                if let named = arguments.last(where: { !$0.isEmpty }) {
                    #expect(result.errorLines.first?.contains(named) == true, "\(result.errorLines)")
                }
                #expect(result.errorLines.first?.contains("pimpi --help") == true)
                #expect(result.stdout.isEmpty, "\(launch) \(arguments) wrote to stdout:\n\(result.stdout)")
            }
        }

        @Test("--help and --version print once and exit 0", arguments: ["--help", "--version"])
        func helpAndVersion(flag: String) throws {
            let result = try Launcher.mpirun(ranks: 2, [flag])
            #expect(result.status == 0)
            // The version is whatever the reports carry, not a number written here.
            let report = try ParsedReport(json: try Launcher.singleton(["1e3", "--format", "json"]).stdout)
            let version = try #require(report.context["pimpi_version"] as? String)
            let marker = flag == "--help" ? "USAGE: pimpi" : version
            #expect(result.stdout.components(separatedBy: marker).count == 2, "\(result.stdout)")
            if flag == "--version" {
                // The MPI its mpi.h named at build time is the one it runs with here.
                let library = try #require(report.context["mpi_library"] as? String)
                #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(version) (built for \(library))")
            }
        }
    }
}
