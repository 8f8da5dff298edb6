import Foundation
import Testing

extension IntegrationTests {
    /// The placement check on node shapes these machines lack (SMT, two
    /// sockets, NUMA nodes), from hwloc XML in Tests/topologies, and on this
    /// machine's own. Ranks run under a real mpirun, which is told nothing of
    /// the XML (it would bind to CPUs the machine does not have); each rank is
    /// bound with taskset to the real CPUs 0 and 1, which the XML places on one
    /// core's two hardware threads, or on two sockets.
    @Suite("Placement check on hwloc node shapes", .serialized,
           .enabled(if: Launcher.binaryExists, "build pimpi first: make"),
           .enabled(if: PlacementTests.cpus >= 2, "needs two CPUs"))
    struct TopologyPlacementTests {
        static let topologies = Launcher.packageRoot.appendingPathComponent("Tests/topologies")

        /// mpirun -np `ranks`, rank r bound to `cpus[r]` and reading `topology`'s XML.
        static func run(topology: String?, cpus: [String], _ arguments: [String]) throws -> ParsedReport {
            let cases = cpus.enumerated().map { "\($0)) c=\($1) ;;" }.joined(separator: " ")
            let xml = topology.map { "HWLOC_XMLFILE=\(topologies.appendingPathComponent($0).path) " } ?? ""
            let wrapper = "case $OMPI_COMM_WORLD_RANK in \(cases) esac; exec env \(xml)taskset -c \"$c\" \"$@\""
            return try PlacementTests.report(try Launcher.run(
                ["mpirun.openmpi", "-np", String(cpus.count), "--bind-to", "none", "sh", "-c", wrapper, "sh",
                 Launcher.binary] + arguments + ["--no-serial", "--format", "json"]))
        }

        /// The kinds a verdict is about: a busy machine's own are left out.
        static func kinds(_ report: ParsedReport) -> [String] {
            report.warningKinds.filter { !PlacementTests.busyMachineKinds.contains($0) }
        }

        @Test("SMT: a rank bound to one core's two hardware threads runs one thread, and nothing is idle")
        func wholeCore() throws {
            let report = try Self.run(topology: "smt-2core.xml", cpus: ["0,1"], ["1e8"])
            #expect(Self.kinds(report).isEmpty, "\(report.warnings)")
            #expect(report.results["idle_cores"] as? Int == 0, "\(report.results)")
            let rank = try #require(report.perRank.first)
            #expect(rank["cpus"] as? String == "0-1" && rank["cores"] as? String == "0", "\(rank)")
            #expect(rank["host_cpus"] as? Int == 4 && rank["host_cores"] as? Int == 2, "\(rank)")
            let places = try #require(rank["thread_places"] as? [[String: Any]], "\(rank)")
            #expect(places.count == 1 && places[0]["cpu"] as? Int == 0 && places[0]["core"] as? Int == 0, "\(places)")
        }

        @Test("SMT: --threads auto on one core's two hardware threads runs one thread")
        func autoCountsCores() throws {
            let report = try Self.run(topology: "smt-2core.xml", cpus: ["0,1"], ["1e8", "--threads", "auto"])
            #expect(report.perRank.first?["threads"] as? Int == 1, "\(report.perRank)")
        }

        @Test("SMT: two ranks on the two hardware threads of one core: smt_shared")
        func siblingRanks() throws {
            let report = try Self.run(topology: "smt-2core.xml", cpus: ["0", "1"], ["1e8"])
            #expect(Self.kinds(report) == ["smt_shared"], "\(report.warnings)")
            let message = try #require(report.warnings.first { $0["kind"] == "smt_shared" }?["message"])
            #expect(message.contains("rank 0 on CPU 0 and rank 1 on CPU 1 share core 0"), "\(message)")
            #expect(report.perRank.map { $0["cores"] as? String } == ["0", "0"], "\(report.perRank)")
        }

        @Test("SMT: one rank's two threads on one core: smt_shared")
        func threadsOnOneCore() throws {
            let report = try Self.run(topology: "smt-2core.xml", cpus: ["0,1"], ["1e8", "--threads", "2"])
            #expect(Self.kinds(report) == ["smt_shared"], "\(report.warnings)")
        }

        @Test("2 sockets: a rank's two threads pinned to cores of both sockets: numa_spread, and each thread's place")
        func acrossSockets() throws {
            let report = try Self.run(topology: "2socket-smt.xml", cpus: ["0,1"], ["1e8", "--threads", "2"])
            #expect(Self.kinds(report) == ["numa_spread"], "\(report.warnings)")
            let rank = try #require(report.perRank.first)
            #expect(rank["sockets"] as? String == "0-1" && rank["numa_nodes"] as? String == "0,2", "\(rank)")
            let places = try #require(rank["thread_places"] as? [[String: Any]], "\(rank)")
            #expect(places.map { $0["cpu"] as? Int } == [0, 1], "\(places)")
            #expect(places.map { $0["socket"] as? Int } == [0, 1], "\(places)")
            #expect(places.map { $0["numa_node"] as? Int } == [0, 2], "\(places)")
            #expect(places.map { $0["core"] as? Int } == [0, 8], "\(places)")
        }

        /// CPU `cpu`'s topology file `name` in sysfs: a source hwloc is not.
        static func sysfs(_ cpu: Int, _ name: String) throws -> String {
            try String(contentsOfFile: "/sys/devices/system/cpu/cpu\(cpu)/topology/\(name)", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test("this machine: ranks on CPUs 0 and 1 are placed as sysfs says; smt_shared only if they are siblings")
        func realMachine() throws {
            let report = try Self.run(topology: nil, cpus: ["0", "1"], ["1e8"])
            let siblings = try Self.sysfs(0, "thread_siblings_list") == Self.sysfs(1, "thread_siblings_list")
            #expect(Self.kinds(report) == (siblings ? ["smt_shared"] : []), "\(report.warnings)")
            let cores = report.perRank.map { $0["cores"] as? String }
            #expect(Set(cores).count == (siblings ? 1 : 2), "\(cores)")
            for (cpu, rank) in report.perRank.enumerated() {
                #expect(rank["sockets"] as? String == (try Self.sysfs(cpu, "physical_package_id")), "\(rank)")
                #expect(rank["cpus"] as? String == "\(cpu)", "\(rank)")
            }
        }
    }
}
