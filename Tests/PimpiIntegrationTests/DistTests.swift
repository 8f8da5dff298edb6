import Foundation
import Testing

extension IntegrationTests {
    /// `make dist`'s tarball (made by `make check`, PIMPI_DIST): the installed
    /// tree with its checksum, which runs through its own Lmod module from
    /// wherever it is unpacked, and gives this build's hits.
    @Suite("make dist and its Lmod module", .serialized,
           .enabled(if: Dist.tarball != nil, "set PIMPI_DIST to make dist's tarball (make check does)"),
           .enabled(if: FileManager.default.fileExists(atPath: Dist.lmodInit), "needs Lmod: apt-get install lmod"))
    struct DistTests {
        @Test("named for version, machine and MPI, with a checksum that holds, and the installed tree inside")
        func contents() throws {
            let tarball = try #require(Dist.tarball)
            let name = (tarball as NSString).lastPathComponent
            var machine = utsname()
            uname(&machine)
            let arch = withUnsafeBytes(of: machine.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            #expect(name == "pimpi-\(Dist.version)-linux-\(arch)-openmpi.tar.gz")
            let check = try Launcher.run(["sh", "-c", "cd \"$(dirname \"$1\")\" && sha256sum -c \"$(basename \"$1\").sha256\"",
                                          "sh", tarball])
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            let listing = try Launcher.run(["tar", "-tzf", tarball])
            let top = name.replacingOccurrences(of: ".tar.gz", with: "")
            for path in InstallTests.installed + ["README"] {
                #expect(listing.stdout.contains("\(top)/\(path)\n"), "\(path) missing from the tarball")
            }
        }

        @Test("no Swift: the binary needs no Swift library, and says which MPI it needs")
        func noSwift() throws {
            try Dist.withUnpacked { _, top in
                let libraries = try Launcher.run(["ldd", "\(top)/bin/pimpi"])
                #expect(libraries.status == 0 && !libraries.stdout.contains("libswift"), "\(libraries.stdout)")
                #expect(libraries.stdout.contains("libmpi"), "\(libraries.stdout)")
                let version = try Launcher.run(["\(top)/bin/pimpi", "--version"])
                #expect(version.stdout.hasPrefix("\(Dist.version) (built for Open MPI "), "\(version.stdout)")
                let readme = try String(contentsOfFile: "\(top)/README", encoding: .utf8)
                #expect(readme.contains("built for Open MPI ") && !readme.contains("@"), "\(readme)")
            }
        }

        /// The highest version of `prefix`'s symbols (GLIBC_, GLIBCXX_) that
        /// a binary asks the dynamic loader for, as numbers.
        static func highest(_ prefix: String, in symbols: String) -> [Int] {
            symbols.matches(of: /\((GLIBC|GLIBCXX|CXXABI)_([0-9.]+)\)/)
                .filter { String($0.1) == prefix }
                .map { $0.2.split(separator: ".").compactMap { Int($0) } }
                .max { $0.lexicographicallyPrecedes($1) } ?? []
        }

        @Test("the glibc floor: glibc 2.28 (RHEL 8) and GCC 8's libstdc++ at most, and the libraries it needs named")
        func glibcFloor() throws {
            try Dist.withUnpacked { _, top in
                let symbols = try Launcher.run(["objdump", "-T", "\(top)/bin/pimpi"])
                #expect(symbols.status == 0, "\(symbols.stderr)")
                let glibc = Self.highest("GLIBC", in: symbols.stdout)
                #expect(!glibc.isEmpty && !([2, 28].lexicographicallyPrecedes(glibc)), "needs glibc \(glibc)")
                // RHEL 8's system GCC 8 provides GLIBCXX_3.4.25 and CXXABI_1.3.11.
                let libstdcxx = Self.highest("GLIBCXX", in: symbols.stdout)
                #expect(!libstdcxx.isEmpty && !([3, 4, 25].lexicographicallyPrecedes(libstdcxx)), "\(libstdcxx)")
                #expect(!([1, 3, 11].lexicographicallyPrecedes(Self.highest("CXXABI", in: symbols.stdout))))
                let needed = try Launcher.run(["objdump", "-p", "\(top)/bin/pimpi"]).stdout
                    .split(separator: "\n").filter { $0.contains("NEEDED") }.compactMap { $0.split(separator: " ").last }
                    .map(String.init)
                #expect(Set(needed).isSubset(of: ["libhwloc.so.15", "libmpi.so.40", "libstdc++.so.6", "libgcc_s.so.1",
                                                  "libm.so.6", "libc.so.6", "libpthread.so.0", "libdl.so.2",
                                                  "libutil.so.1", "ld-linux-x86-64.so.2"]), "\(needed)")
            }
        }

        @Test("module load pimpi: mpirun -np 2 gives this build's hits, man finds its page and the system's, unload restores the environment")
        func lmod() throws {
            try Dist.withUnpacked { scratch, top in
                let arguments = Dist.comparedRun
                // A login shell's environment, less Lmod's own bookkeeping (its
                // __LMOD_REF_COUNT_* and _ModuleTable* variables), before and after.
                let environment = "env | grep -vE '^(__LMOD_|_ModuleTable|LOADEDMODULES=|_LMFILES_=)' | sort"
                // Lmod drops repeated entries of a path it changes, so PATH starts
                // without any (make's nesting repeats /opt/swift/usr/bin in it).
                let script = """
                    PATH=$(printf %s "$PATH" | awk -v RS=: '!seen[$0]++' | paste -sd:)
                    source \(Dist.lmodInit)
                    module use \(top)/modulefiles
                    \(environment) > \(scratch)/before
                    module load pimpi || exit 10
                    echo "which=$(command -v pimpi)"
                    echo "man=$(man -w pimpi)"
                    echo "system-man=$(man -w ls)"
                    echo "slurm=$PIMPI_SLURM_SCRIPTS"
                    mpirun.openmpi --oversubscribe -np 2 pimpi \(arguments.joined(separator: " ")) > \(scratch)/report.json || exit 11
                    module unload pimpi || exit 12
                    \(environment) > \(scratch)/after
                    diff \(scratch)/before \(scratch)/after && echo "environment restored"
                    """
                let run = try Launcher.run(["bash", "--noprofile", "--norc", "-c", script], timeout: 120)
                #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
                #expect(run.stdout.contains("which=\(top)/bin/pimpi\n"), "\(run.stdout)")
                #expect(run.stdout.contains("man=\(top)/share/man/man1/pimpi.1\n"), "\(run.stdout)")
                #expect(run.stdout.contains("system-man=/usr/share/man/man1/ls.1"), "\(run.stdout)")
                #expect(run.stdout.contains("slurm=\(top)/share/pimpi/slurm\n"), "\(run.stdout)")
                #expect(run.stdout.contains("environment restored"), "\(run.stdout)")
                let fromModule = try ParsedReport(json: try String(contentsOfFile: "\(scratch)/report.json", encoding: .utf8))
                let fromBuild = try ParsedReport(json: try Launcher.singleton(arguments).stdout)
                #expect(fromModule.hits != nil && fromModule.hits == fromBuild.hits)
                #expect(fromModule.ranks == 2)
            }
        }
    }

    /// The tarball through its module on the test Slurm cluster, as a user
    /// there would: module load on the login host, then srun.
    @Suite("make dist's module under Slurm", .serialized,
           .enabled(if: Dist.tarball != nil, "set PIMPI_DIST to make dist's tarball (make check does)"),
           .enabled(if: SlurmCluster.isAvailable, "no test cluster: run through `make check`"),
           .enabled(if: FileManager.default.fileExists(atPath: Dist.lmodInit), "needs Lmod: apt-get install lmod"))
    struct DistSlurmTests {
        @Test("module load pimpi on the login host, srun -n 2: 2 ranks and this build's hits")
        func srun() throws {
            try Dist.withUnpacked { _, top in
                let arguments = Dist.comparedRun
                // The srun the other Slurm tests run, with the module's pimpi in place of the build's.
                let srun = MPIStack.openMPI.srunCommand(SlurmCluster.twoRanks, arguments)
                    .map { $0 == MPIStack.openMPI.binary ? "pimpi" : $0 }.joined(separator: " ")
                let script = """
                    source \(Dist.lmodInit)
                    module use \(top)/modulefiles
                    module load pimpi || exit 10
                    \(srun)
                    """
                let run = try Launcher.run(SlurmCluster.onLogin(["bash", "--noprofile", "--norc", "-c", script]), timeout: 120)
                #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
                let fromModule = try ParsedReport(json: run.stdout)
                let fromBuild = try ParsedReport(json: try Launcher.singleton(arguments).stdout)
                #expect(fromModule.ranks == 2)
                #expect(fromModule.hits != nil && fromModule.hits == fromBuild.hits)
            }
        }
    }

    /// packaging/easybuild's easyconfig, installed by a real `eb` (EasyBuild
    /// from PyPI, PIMPI_EASYBUILD) from make dist's tarball into a scratch
    /// prefix, with its sanity check (which runs pimpi); then its module.
    @Suite("EasyBuild installs pimpi from make dist's tarball", .serialized,
           .enabled(if: Dist.tarball != nil, "set PIMPI_DIST to make dist's tarball (make check does)"),
           .enabled(if: Dist.eb != nil, "set PIMPI_EASYBUILD to an eb (make check does)"),
           .enabled(if: FileManager.default.fileExists(atPath: Dist.lmodInit), "needs Lmod: apt-get install lmod"))
    struct EasyBuildTests {
        static let easyconfig = Launcher.packageRoot
            .appendingPathComponent("packaging/easybuild/pimpi-\(Dist.version)-openmpi.eb").path

        @Test("eb installs it and its module, the sanity check runs pimpi, and module load pimpi gives this build's hits")
        func install() throws {
            let eb = try #require(Dist.eb), tarball = try #require(Dist.tarball)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-eb-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let arguments = Dist.comparedRun
            // Everything EasyBuild writes stays in the scratch prefix; as root it
            // must be told that is meant.
            let options = ["--modules-tool=Lmod", "--module-syntax=Lua", "--installpath=\(scratch)",
                           "--buildpath=\(scratch)/build", "--tmpdir=\(scratch)/tmp",
                           "--repositorypath=\(scratch)/repository", "--sourcepath=\((tarball as NSString).deletingLastPathComponent)",
                           "--robot-paths="] + (getuid() == 0 ? ["--allow-use-as-root-and-accept-consequences"] : [])
            let script = """
                source \(Dist.lmodInit)
                export PATH="$(dirname \(eb)):$PATH"
                eb \(options.joined(separator: " ")) \(Self.easyconfig) || exit 10
                module use \(scratch)/modules/all
                module load pimpi/\(Dist.version)-openmpi || exit 11
                echo "which=$(command -v pimpi)"
                echo "man=$(man -w pimpi)"
                mpirun.openmpi --oversubscribe -np 2 pimpi \(arguments.joined(separator: " ")) > \(scratch)/report.json || exit 12
                """
            let run = try Launcher.run(["bash", "--noprofile", "--norc", "-c", script], timeout: 600)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("COMPLETED: Installation ended successfully"), "\(run.stdout)")
            #expect(run.stdout.contains("which=\(scratch)/software/pimpi/\(Dist.version)-openmpi/bin/pimpi\n"),
                    "\(run.stdout)")
            #expect(run.stdout.contains("/share/man/man1/pimpi.1\n"), "\(run.stdout)")
            let fromModule = try ParsedReport(json: try String(contentsOfFile: "\(scratch)/report.json", encoding: .utf8))
            let fromBuild = try ParsedReport(json: try Launcher.singleton(arguments).stdout)
            #expect(fromModule.hits != nil && fromModule.hits == fromBuild.hits)
        }
    }
}

/// make dist's tarball as `make check` made it (PIMPI_DIST), Lmod, and the eb
/// that `make check` installed (PIMPI_EASYBUILD), for the suites above.
enum Dist {
    static let tarball: String? = ProcessInfo.processInfo.environment["PIMPI_DIST"]
        .flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    static let lmodInit = "/usr/share/lmod/lmod/init/bash"
    /// pimpi's version, as the reports carry it.
    static let version: String =
        (try? Launcher.singleton(["1e3", "--format", "json"])).flatMap { try? ParsedReport(json: $0.stdout) }?
            .context["pimpi_version"] as? String ?? "unknown"

    /// The arguments of the runs whose hits are compared with this build's.
    static let comparedRun = ["2e7", "--seed", "4242", "--no-serial", "--format", "json"]

    /// `body` with a scratch directory and the tree unpacked there (`unpacked`),
    /// which is removed after.
    static func withUnpacked<T>(_ body: (_ scratch: String, _ top: String) throws -> T) throws -> T {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-dist-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        return try body(scratch, try unpacked(into: scratch))
    }

    /// The tarball unpacked in a fresh directory, then moved elsewhere: the
    /// module must find the tree where it now is. Its top directory.
    static func unpacked(into scratch: String) throws -> String {
        let tarball = try #require(tarball)
        let first = "\(scratch)/unpacked", moved = "\(scratch)/moved"
        try FileManager.default.createDirectory(atPath: first, withIntermediateDirectories: true)
        let untar = try Launcher.run(["tar", "-C", first, "-xzf", tarball])
        #expect(untar.status == 0, "\(untar.stderr)")
        try FileManager.default.moveItem(atPath: first, toPath: moved)
        let top = (tarball as NSString).lastPathComponent.replacingOccurrences(of: ".tar.gz", with: "")
        return "\(moved)/\(top)"
    }

    static let eb: String? = ProcessInfo.processInfo.environment["PIMPI_EASYBUILD"]
        .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
}
