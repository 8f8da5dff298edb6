import Foundation
import Testing

extension IntegrationTests {
    /// `make install` puts the binary, the man page and the bash, zsh and fish
    /// completions under PREFIX, generated from pimpi's own option definitions,
    /// with an Lmod modulefile, the Slurm scripts and the ReFrame check;
    /// `make uninstall` removes them. It runs `make install-files`, which
    /// copies the tree `make check` built (with `make manual`) without building.
    @Suite("make install", .serialized, .enabled(if: BuiltTree.hasManual, "run through `make check`"))
    struct InstallTests {
        static let root = Launcher.packageRoot.path

        static let installed = ["bin/pimpi", "share/man/man1/pimpi.1", "share/bash-completion/completions/pimpi",
                                "share/zsh/site-functions/_pimpi", "share/fish/vendor_completions.d/pimpi.fish",
                                "modulefiles/pimpi/\(Dist.version).lua", "share/pimpi/slurm/pimpi.slurm",
                                "share/pimpi/slurm/scaling.slurm", "share/pimpi/slurm/acceptance.slurm",
                                "share/pimpi/slurm/healthcheck.sh",
                                "share/pimpi/reframe/pimpi_check.py", "share/pimpi/reframe/pimpi_acceptance.py",
                                "share/pimpi/reframe/site_config_example.py", "share/pimpi/LICENSE",
                                "share/pimpi/CHANGELOG.md"]

        @Test("the binary, a man page that man renders, and three completions; uninstall removes them")
        func installAndUninstall() throws {
            let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-prefix-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: prefix) }
            let install = try Launcher.run(["make", "-C", Self.root, "--no-print-directory", "install-files",
                                            "PREFIX=\(prefix)"], timeout: 120)
            #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
            for path in Self.installed {
                #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(path)"), "\(path) missing")
            }
            let version = try Launcher.run(["\(prefix)/bin/pimpi", "--version"])
            #expect(version.status == 0 && !version.stdout.isEmpty)
            // What is installed has no test hook: a fault set changes nothing.
            for fault in ["fail-after-init:0", "serial-mismatch"] {
                let run = try Launcher.run(["\(prefix)/bin/pimpi", "1e6", "--format", "json"],
                                           environment: ["PIMPI_TEST_FAULT": fault])
                #expect(run.status == 0, "\(fault): \(run.stderr)")
                #expect(try ParsedReport(json: run.stdout).serialMatched == true, "\(fault)")
            }

            let page = try Launcher.run(["env", "MANWIDTH=100", "man", "-l", "\(prefix)/share/man/man1/pimpi.1"])
            #expect(page.status == 0, "\(page.stderr)")
            for fragment in ["Monte Carlo", "--target-error", "--fail-on-warning", "--kernel"] {
                #expect(page.stdout.contains(fragment), "man page lacks \(fragment)")
            }
            // pimpi has no subcommands, whatever the generator's dump claims.
            #expect(!page.stdout.contains("subcommand"), "\(page.stdout)")
            // groff justifies lines with extra spaces on some releases (Debian 13's).
            let words = page.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("SYNOPSIS pimpi [throws] [--seed seed]"), "\(page.stdout)")
            let bash = try String(contentsOfFile: "\(prefix)/share/bash-completion/completions/pimpi", encoding: .utf8)
            #expect(bash.contains("--straggler-fraction") && bash.contains("complete"))
            let check = try Launcher.run(["bash", "-n", "\(prefix)/share/bash-completion/completions/pimpi"])
            #expect(check.status == 0, "\(check.stderr)")

            let uninstall = try Launcher.run(["make", "-C", Self.root, "--no-print-directory", "uninstall",
                                              "PREFIX=\(prefix)"], timeout: 60)
            #expect(uninstall.status == 0, "\(uninstall.stderr)")
            for path in Self.installed {
                #expect(!FileManager.default.fileExists(atPath: "\(prefix)/\(path)"), "\(path) left behind")
            }
            #expect(!FileManager.default.fileExists(atPath: "\(prefix)/share/pimpi"), "share/pimpi left behind")
        }
    }
}

/// What `make check` built besides the binary.
enum BuiltTree {
    static var hasManual: Bool {
        FileManager.default.fileExists(atPath: Launcher.packageRoot.path + "/.build/manual/pimpi.1")
            && Launcher.binaryExists
    }
}
