import Foundation
import Testing

extension IntegrationTests {
    /// bench/plot_sweep.py on real `--sweep` reports, CSV and JSON: the
    /// speedup and efficiency charts, each SVG and PNG, drawn by matplotlib.
    @Suite("The sweep as a picture", .serialized,
           .enabled(if: PlotSweep.hasMatplotlib, "no matplotlib: make check installs python3-matplotlib"),
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"))
    struct PlotSweepTests {
        @Test("a sweep's CSV and JSON become speedup and efficiency charts, SVG and PNG", arguments: ["csv", "json"])
        func charts(format: String) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-plot-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let sweep = try Launcher.mpirun(ranks: 2, ["1e8", "--sweep", "--repeat", "2", "--format", format])
            #expect(sweep.status == 0, "\(sweep.stderr)")
            let report = directory.appendingPathComponent("sweep.\(format)")
            try sweep.stdout.write(to: report, atomically: true, encoding: .utf8)
            let plotted = try Launcher.run(["/usr/bin/python3", PlotSweep.script, report.path], timeout: 120)
            #expect(plotted.status == 0, "\(plotted.stderr)")
            for chart in ["speedup", "efficiency"] {
                let svg = try String(contentsOf: directory.appendingPathComponent("sweep-\(chart).svg"), encoding: .utf8)
                #expect(svg.hasPrefix("<?xml") && svg.contains("</svg>") && svg.contains("pimpi strong scaling: 1e+08 throws"),
                        "\(chart).svg")
                let png = try Data(contentsOf: directory.appendingPathComponent("sweep-\(chart).png"))
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "\(chart).png")
            }
        }

        @Test("a report that is not a sweep: one line, status 1")
        func notASweep() throws {
            let single = try Launcher.singleton(["1e6", "--format", "json"])
            let plotted = try Launcher.run(["sh", "-c", "printf '%s' \"$0\" | /usr/bin/python3 \(PlotSweep.script) -",
                                            single.stdout], timeout: 60)
            #expect(plotted.status == 1)
            #expect(plotted.stderr == "plot_sweep.py: -: not a --sweep report: no rows (run pimpi with --sweep)\n",
                    "\(plotted.stderr)")
        }
    }
}

enum PlotSweep {
    static let script = Launcher.packageRoot.appendingPathComponent("bench/plot_sweep.py").path
    static let hasMatplotlib: Bool = (try? Launcher.run(["/usr/bin/python3", "-c", "import matplotlib"], timeout: 60))?
        .status == 0
}
