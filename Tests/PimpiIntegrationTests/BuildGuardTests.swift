import Foundation
import Testing

extension IntegrationTests {
    /// A build asked for one MPI never links the other: `make deps` refuses in
    /// one line (from mpi.h's own version macros, not a command's name), and the
    /// C shim refuses at compile time whichever way the flags were found.
    /// Both MPIs are installed here (`make test-deps`), so each refusal is
    /// provoked by pointing the build at the other MPI's pkg-config file.
    @Suite("The build refuses the wrong MPI", .serialized,
           .enabled(if: InstalledMPIs.both, "needs both MPIs' pkg-config files: run through `make check`"))
    struct BuildGuardTests {
        struct Mismatch: CustomStringConvertible, Sendable {
            let asked: String
            let pkgConfig: String
            let found: String
            var description: String { "MPI=\(asked) MPI_PKG_CONFIG=\(pkgConfig)" }
        }

        static let mismatches = [
            Mismatch(asked: "mpich", pkgConfig: "ompi-c", found: "Open MPI"),
            Mismatch(asked: "openmpi", pkgConfig: "mpich", found: "MPICH"),
        ]

        static let root = Launcher.packageRoot.path

        @Test("make deps stops in one line that names the MPI it found and what to install", arguments: mismatches)
        func makeRefuses(_ mismatch: Mismatch) throws {
            let result = try Launcher.run(["make", "-C", Self.root, "--no-print-directory", "deps",
                                           "MPI=\(mismatch.asked)", "MPI_PKG_CONFIG=\(mismatch.pkgConfig)"],
                                          timeout: 120)
            #expect(result.status != 0)
            let lines = result.stderrLines.filter { $0.hasPrefix("pimpi:") }
            #expect(lines.count == 1, "\(result.stderr)")
            let line = try #require(lines.first)
            #expect(line.contains("MPI=\(mismatch.asked)"))
            #expect(line.contains("is from \(mismatch.found) "), "\(line)")
            #expect(line.contains("install "), "\(line)")
            #expect(!result.stdout.contains("swift build"), "it went on to build: \(result.stdout)")
        }

        @Test("make deps accepts each MPI through its own pkg-config file", arguments: ["openmpi", "mpich"])
        func makeAccepts(_ asked: String) throws {
            let result = try Launcher.run(["make", "-C", Self.root, "--no-print-directory", "deps", "MPI=\(asked)"],
                                          timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
        }

        /// The compile-time guard, in a scratch build of the C shim alone (seconds).
        @Test("the C shim does not compile against the other family's mpi.h, and compiles against its own")
        func compileTimeGuard() throws {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-guard-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            func buildShim(family: String, pkgConfig: String) throws -> Launcher.Result {
                try Launcher.run(["swift", "build", "--package-path", Self.root, "--scratch-path", scratch,
                                  "--target", "CMPIShim"], timeout: 300,
                                 environment: ["PIMPI_MPI_FAMILY": family, "PIMPI_MPI_PKG_CONFIG": pkgConfig])
            }
            for mismatch in Self.mismatches {
                let refused = try buildShim(family: mismatch.asked, pkgConfig: mismatch.pkgConfig)
                #expect(refused.status != 0, "\(mismatch): built anyway")
                #expect((refused.stdout + refused.stderr).contains("error: \"pimpi: asked for"),
                        "\(mismatch): \(refused.stdout)\(refused.stderr)")
            }
            for (family, pkgConfig) in [("openmpi", "ompi-c"), ("mpich", "mpich")] {
                let built = try buildShim(family: family, pkgConfig: pkgConfig)
                #expect(built.status == 0, "\(family): \(built.stdout)\(built.stderr)")
            }
        }
    }
}

/// Whether both MPIs' pkg-config files are here, as `make test-deps` leaves them.
enum InstalledMPIs {
    static let both = ["ompi-c", "mpich"].allSatisfy {
        (try? Launcher.run(["pkg-config", "--exists", $0], timeout: 30).status) == 0
    }
}
