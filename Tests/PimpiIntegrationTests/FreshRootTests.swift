import Foundation
import Testing

extension IntegrationTests {
    /// The README's `make run` on the next Debian release, as a new user there
    /// would run it: `Tests/debian/fresh-root.sh --run-only --slurm` makes a
    /// fresh root of that release (Debian 13 by default: its own Swift 6.0.3,
    /// Open MPI 5, Slurm 24.11), runs `make run THROWS=1e9` in it, then the job
    /// scripts under its Slurm (Tests/slurm/batch-scripts.sh), and removes it. `make check` runs it
    /// (FRESH_ROOT=trixie; `make check FRESH_ROOT=` leaves it out); the release's
    /// whole `make check` is run by hand with the same script (docs/testing.md).
    @Suite("make run in a fresh Debian root", .serialized,
           .enabled(if: FreshRoot.suite != nil, "set PIMPI_FRESH_ROOT (make check does)"),
           .enabled(if: getuid() == 0, "needs root: mmdebstrap, mounts and chroot"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct FreshRootTests {
        @Test("make run builds and runs there, counts the hits this machine's build counts, and the job scripts run under its Slurm")
        func makeRun() throws {
            let suite = try #require(FreshRoot.suite)
            let script = Launcher.packageRoot.appendingPathComponent("Tests/debian/fresh-root.sh").path
            let result = try Launcher.run([script, "--suite", suite, "--run-only", "--slurm"], timeout: 1800)
            #expect(!result.timedOut)
            #expect(result.status == 0, "\(result.stdout.suffix(3000))\(result.stderr.suffix(3000))")
            // make run's default seed and 10^9 throws, as a singleton here.
            let here = try ParsedReport(json: try Launcher.singleton(["1e9", "--no-serial", "--format", "json"]).stdout)
            let hits = try #require(here.hits)
            // The summary groups digits with commas: "serial rerun matched: 785,414,374 hits".
            let ungrouped = result.stdout.replacingOccurrences(of: ",", with: "")
            #expect(ungrouped.contains("serial rerun matched: \(hits) hits"), "\(result.stdout)")
            // sbatch of slurm/pimpi.slurm and slurm/acceptance.slurm, each to pimpi's report.
            #expect(result.stderr.contains("batch-scripts: slurm"), "\(result.stderr.suffix(3000))")
            #expect(result.stdout.contains("pimpi.slurm 1e8): COMPLETED"), "\(result.stdout.suffix(3000))")
            #expect(result.stderr.contains("batch-scripts: both jobs ran through to pimpi's report"),
                    "\(result.stdout.suffix(3000))\(result.stderr.suffix(3000))")
            #expect(result.stderr.contains("fresh-root: done"), "\(result.stderr.suffix(3000))")
        }

        /// Debian 11 (glibc 2.31, GCC 10's libstdc++, Open MPI 4.1.0: the
        /// tarball's sysroot, and older than what most clusters run), Debian 12
        /// (Open MPI 4.1, as here) and Debian 13 (Open MPI 5.0, which keeps 4's
        /// library name and runs a build made against 4.1).
        @Test("make dist's tarball where there is no Swift: only the MPI and Lmod, module load pimpi, this machine's hits",
              .enabled(if: Dist.tarball != nil, "set PIMPI_DIST (make check does)"),
              arguments: ["bullseye", "bookworm", "trixie"])
        func distWithoutSwift(suite: String) throws {
            let tarball = try #require(Dist.tarball)
            let script = Launcher.packageRoot.appendingPathComponent("Tests/debian/fresh-root.sh").path
            let result = try Launcher.run([script, "--suite", suite, "--dist", tarball], timeout: 1200)
            #expect(!result.timedOut)
            #expect(result.status == 0, "\(result.stdout.suffix(3000))\(result.stderr.suffix(3000))")
            // The script compares each launch's hits with this machine's build and says so.
            let compared = result.stderr.split(separator: "\n").filter { $0.contains("through module load pimpi") }
            #expect(compared.count == 2, "\(result.stderr.suffix(3000))")
            #expect(result.stderr.contains("fresh-root: done"), "\(result.stderr.suffix(3000))")
        }
    }
}

/// The Debian release the fresh-root test makes (PIMPI_FRESH_ROOT), if any.
enum FreshRoot {
    static let suite = ProcessInfo.processInfo.environment["PIMPI_FRESH_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
}
