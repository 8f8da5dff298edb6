import Foundation
import Testing

extension IntegrationTests {
    /// make check's short run of `make stats`: pimpi's stream, cut as the
    /// kernel cuts it (bench/stream), through a few of dieharder's quicker
    /// tests, for one seed, a rank's offset, four ranks side by side and seed
    /// 0. The stream is fixed, so each verdict is too. docs/method.md has the
    /// whole battery.
    @Suite("The stream through dieharder", .serialized,
           .enabled(if: StreamBattery.dieharder != nil, "no dieharder: make check installs it"),
           .enabled(if: FileManager.default.isExecutableFile(atPath: StreamBattery.stream), "build first: make"))
    struct StreamBatteryTests {
        /// dieharder calls a p-value outside [0.005, 0.995] WEAK, as 1 % of
        /// a good generator's are, and outside [10⁻⁶, 1 − 10⁻⁶] FAILED.
        @Test("birthdays, monobit, runs and serial: none fails, and WEAK no more often than chance", arguments: [
            [], ["--start", "1000000000"], ["--interleave", "4", "--spacing", "250000000"], ["--seed", "0"],
        ])
        func battery(stream: [String]) throws {
            var verdicts: [String] = []
            var table: [Substring] = []
            for test in ["0", "100", "101", "102"] {
                let command = ([StreamBattery.stream] + stream).joined(separator: " ") + " | dieharder -g 200 -d \(test)"
                let result = try Launcher.run(["sh", "-c", command], timeout: 300)
                let rows = result.stdout.split(separator: "\n").filter {
                    $0.hasSuffix("PASSED  ") || $0.hasSuffix("WEAK   ") || $0.hasSuffix("FAILED  ")
                }
                #expect(!rows.isEmpty, "dieharder -d \(test): \(result.stdout)\(result.stderr)")
                table += rows
                verdicts += rows.compactMap { $0.split(separator: "|").last?.trimmingCharacters(in: .whitespaces) }
            }
            let weak = verdicts.filter { $0 == "WEAK" }.count
            #expect(!verdicts.contains("FAILED"), "\(stream):\n\(table.joined(separator: "\n"))")
            // At most 2 of about 33: 1 % expected, so 3 or more has a chance under 0.5 %.
            #expect(weak <= 2, "\(stream): \(weak) WEAK of \(verdicts.count):\n\(table.joined(separator: "\n"))")
        }
    }
}

enum StreamBattery {
    static let dieharder: String? = ["/usr/bin/dieharder", "/usr/local/bin/dieharder"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Built beside the pimpi under test.
    static let stream = URL(fileURLWithPath: Launcher.binary).deletingLastPathComponent()
        .appendingPathComponent("pimpi-stream").path
}
