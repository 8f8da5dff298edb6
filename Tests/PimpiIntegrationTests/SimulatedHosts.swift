import Foundation

/// Hosts of their own on this machine (Tests/cluster/hosts.sh): a network,
/// hostname, IPC namespace and CPUs each, joined by a bridge in a namespace of
/// its own. A test makes them, runs its commands `on` them, and takes them
/// down however it ends; `make check` removes any that a killed test left and
/// fails if anything remains.
final class SimulatedHosts {
    static let script = Launcher.packageRoot.appendingPathComponent("Tests/cluster/hosts.sh").path

    /// Where hosts are made: under the directory `make check` cleans up after, else /tmp.
    static let root = ProcessInfo.processInfo.environment["PIMPI_TEST_HOSTS_ROOT"]
        .flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.temporaryDirectory.path

    /// Namespaces and cgroups need root; iproute2 is `make check`'s to install,
    /// and a test fails, rather than skips, without it.
    static var canMake: Bool { getuid() == 0 }

    let directory: String
    /// Each host's address on the hosts' subnet.
    let addresses: [String: String]

    /// Makes hosts from `specs` such as "login:all", "n1:0".
    init(_ specs: [String]) throws {
        directory = "\(Self.root)/h-\(UUID().uuidString.prefix(8))"
        let made = try Launcher.run([Self.script, "up", directory] + specs, timeout: 60)
        guard made.status == 0 else { throw HostsError.setUpFailed(made.stderr) }
        addresses = Self.addresses(in: directory)
    }

    /// Hosts made elsewhere, in `directory` (the Slurm cluster's); `down` is theirs.
    init(existing directory: String) {
        self.directory = directory
        addresses = Self.addresses(in: directory)
    }

    /// hosts.sh's table of "HOST ADDRESS" lines.
    private static func addresses(in directory: String) -> [String: String] {
        let table = (try? String(contentsOfFile: "\(directory)/hosts", encoding: .utf8)) ?? ""
        return Dictionary(uniqueKeysWithValues: table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            return fields.count == 2 ? (fields[0], fields[1]) : nil
        })
    }

    /// Kills what still runs on the hosts and removes them.
    func down() {
        _ = try? Launcher.run([Self.script, "down", directory], timeout: 60)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// What hosts.sh still finds of these hosts (empty once they are down).
    var leftovers: String {
        (try? Launcher.run([Self.script, "leftovers", directory], timeout: 30).stdout) ?? "?"
    }

    var ssh: String { "\(directory)/bin/ssh" }

    func on(_ host: String, _ command: [String]) -> [String] {
        ["\(directory)/bin/on", host] + command
    }

    /// Cuts `host` off the network (`up: false`) or joins it again.
    func setLink(of host: String, up: Bool) throws {
        let result = try Launcher.run(["\(directory)/bin/link", host, up ? "up" : "down"], timeout: 10)
        guard result.status == 0 else { throw HostsError.linkFailed(result.stderr) }
    }

    /// Pids of the processes running on `host`.
    func pids(on host: String) -> [Int32] {
        let listed = try? Launcher.run(["\(directory)/bin/pids", host], timeout: 10)
        return (listed?.stdout ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// TCP connections that a pimpi process on `host` holds, alone, to
    /// `peer`'s address: MPI's own traffic between the ranks (a connection
    /// shared with the launcher's proxy is the launcher's).
    func pimpiConnections(on host: String, to peer: String) -> [String] {
        guard let address = addresses[peer], let connections = tcpConnections(on: host, processes: true) else { return [] }
        return connections.filter { fields in
            guard fields.count >= 6, fields[4].hasPrefix(address + ":") else { return false }
            // users:(("pimpi",pid=7,fd=30),("hydra_pmi_proxy",pid=6,fd=7)): the processes holding it.
            let holders = fields[5...].joined(separator: " ").components(separatedBy: "(\"").dropFirst()
                .map { $0.prefix { $0 != "\"" } }
            return !holders.isEmpty && holders.allSatisfy { $0 == "pimpi" }
        }.map { $0.joined(separator: " ") }
    }

    /// `host`'s TCP connections as ss lists them, each line's fields: state,
    /// Recv-Q, Send-Q, local and peer address:port, then (with `processes`)
    /// the processes holding it; nil where ss could not run there.
    private func tcpConnections(on host: String, processes: Bool = false) -> [[String]]? {
        guard let listed = try? Launcher.run(on(host, ["ss", processes ? "-tnpH" : "-tnH"]), timeout: 10),
              listed.status == 0 else { return nil }
        return listed.stdout.split(separator: "\n")
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            .filter { $0.count >= 5 }
    }

    /// Waits until no TCP data sent to or from `host` awaits an acknowledgement
    /// (every such connection's Send-Q is empty, on every host, twice in a row):
    /// a link cut then leaves no retransmission running, so that what happens
    /// next is only what the cut makes happen. False if it never was quiet.
    func waitUntilQuiet(_ host: String, seconds: Double = 30) -> Bool {
        guard let address = addresses[host] else { return false }
        var quietLooks = 0
        return Launcher.waitUntil(seconds: seconds) {
            quietLooks = unacknowledged(with: address) == 0 ? quietLooks + 1 : 0
            return quietLooks >= 2
        }
    }

    /// Bytes sent over TCP between `address` and any other address, not yet acknowledged.
    private func unacknowledged(with address: String) -> Int? {
        var total = 0
        for host in addresses.keys {
            guard let connections = tcpConnections(on: host) else { return nil }
            for fields in connections {
                let local = fields[3].hasPrefix(address + ":"), peer = fields[4].hasPrefix(address + ":")
                if local != peer { total += Int(fields[2]) ?? 0 }
            }
        }
        return total
    }

    /// Runs `command` and, until it ends, watches for pimpi on `host` holding a
    /// TCP connection of its own to `peer`: what it saw, and the result.
    func whileRunning(_ command: [String], watch host: String, peer: String,
                      timeout: Int = 120) throws -> (result: Launcher.Result, connections: [String]) {
        let running = try Launcher.start(command, timeout: timeout)
        var seen: [String] = []
        while running.process.isRunning, seen.isEmpty {
            seen = pimpiConnections(on: host, to: peer)
            Thread.sleep(forTimeInterval: 0.1)
        }
        return (try running.finish(), seen)
    }

    /// A throw count that keeps one rank counting for about `seconds` on this
    /// machine, from a measured rate (never an assumed one).
    static func throwsLasting(seconds: Double) throws -> String {
        guard let rate = IntegrationTests.PlacementTests.measuredRate else { throw HostsError.noRate }
        return String(UInt64(rate * seconds))
    }

    enum HostsError: Error {
        case setUpFailed(String)
        case linkFailed(String)
        case noRate
    }
}
