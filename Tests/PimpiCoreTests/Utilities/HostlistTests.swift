import Foundation
@testable import PimpiCore
import Testing

@Suite("Slurm's compressed host lists")
struct HostlistTests {
    /// Each list and what `scontrol show hostlistsorted` (Slurm 22.05) printed for it.
    @Test("as scontrol show hostlistsorted writes them", arguments: [
        ("n18,n03,n17", "n[03,17-18]"),
        ("a,b,n1,n01,n001,n2", "a,b,n[1-2,01,001]"),
        ("rack2-n01,rack1-n04,rack1-n03", "rack1-n[03-04],rack2-n01"),
        ("n9,n10,n11,n010", "n[9-11,010]"),
        ("x1,x,y", "x,x1,y"),
        ("n3,m2,n1", "m2,n[1,3]"),
        ("n0,n00,n1", "n[0-1,00]"),
        ("n07,n7,n8,n08", "n[7-8,07-08]"),
        ("node2a,node1a", "node1a,node2a"),
        ("n2,n1,a10,a9", "a[9-10],n[1-2]"),
        ("n099,n100,n101", "n[099-101]"),
        ("n1,n3,n5", "n[1,3,5]"),
        ("n10,n9,n010,n09", "n[9,09-10,010]"),
        ("a9,a10,a009,a010", "a[9-10,009-010]"),
        ("n,n1,n01", "n,n[1,01]"),
        ("z01,z1,z001,z2,z02", "z[1-2,01-02,001]"),
        ("vm", "vm"),
    ])
    func likeSlurm(hosts: String, compressed: String) {
        #expect(Hostlist.compressed(hosts.split(separator: ",").map(String.init)) == compressed)
    }

    @Test("each host once, sorted whatever the order given, and nothing for none")
    func stable() {
        let hosts = (1 ... 40).map { "n\(String(repeating: "0", count: $0 < 10 ? 1 : 0))\($0)" }
        #expect(Hostlist.compressed(hosts.shuffled() + hosts) == "n[01-40]")
        #expect(Hostlist.compressed([]) == "")
    }
}

/// Slurm's own compression of the same lists, where scontrol is installed
/// (`make check` installs Slurm; `make test` needs none).
@Suite("Host lists against scontrol", .enabled(if: ScontrolHostlist.scontrol != nil, "no scontrol: make check has it"))
struct ScontrolHostlistTests {
    @Test("200 lists of names as clusters name nodes: what scontrol show hostlistsorted prints")
    func likeScontrol() throws {
        var generator = SeededGenerator(seed: 20261205)
        // A prefix and how its numbers are written: unpadded, or padded to a width.
        let styles: [(String, Int)] = [("n", 0), ("cn", 3), ("gpu-a", 2), ("rack1-n", 4), ("rack2-n", 3), ("x", 0)]
        for _ in 0 ..< 200 {
            let count = Int.random(in: 1 ... 60, using: &generator)
            let hosts = (0 ..< count).map { _ -> String in
                let (prefix, width) = styles.randomElement(using: &generator)!
                if Int.random(in: 0 ..< 30, using: &generator) == 0 { return prefix + "login" }
                let number = Int.random(in: 0 ..< (width == 0 ? 300 : min(300, Int(pow(10.0, Double(width))))),
                                        using: &generator)
                let digits = String(number)
                return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            var seen = Set<String>()
            let unique = hosts.filter { seen.insert($0).inserted }
            #expect(Hostlist.compressed(hosts) == (try ScontrolHostlist.sorted(unique)), "\(hosts)")
        }
    }
}

enum ScontrolHostlist {
    static let scontrol: String? = ["/usr/bin/scontrol", "/usr/local/bin/scontrol"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// scontrol needs a configuration to start, though it reads no daemon for this.
    static let configuration: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pimpi-hostlist-\(getpid()).conf").path
        try? "ClusterName=hostlist\nSlurmctldHost=localhost\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    static func sorted(_ hosts: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(scontrol))
        process.arguments = ["show", "hostlistsorted", hosts.joined(separator: ",")]
        process.environment = ["SLURM_CONF": configuration, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
