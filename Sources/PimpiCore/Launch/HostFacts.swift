import CPimpiCPU
import Foundation

/// What pimpi asks of the process and machine it runs on, once, so that turning
/// options into a configuration (`RunOptions`) is a pure function of its inputs.
struct HostFacts: Equatable, Sendable {
    var stderrIsTerminal: Bool
    /// The CPUs this process may run on (its affinity mask, as mpirun's
    /// binding, srun or taskset set it); nil where the OS cannot say.
    var affinity: NumberSet?
    /// The CPUs this host has online.
    var onlineCPUCount: Int
    /// Where each CPU sits (core, NUMA node, socket); nil where hwloc cannot say.
    var topology: NodeTopology?
    /// The kernel builds this CPU can run, slowest first (baseline always).
    var supportedKernels: [KernelLevel]
    /// The CPU's model name: ranks on one model run one kernel (`KernelAgreement`).
    var cpuModel: String

    init(stderrIsTerminal: Bool, affinity: NumberSet?, onlineCPUCount: Int, supportedKernels: [KernelLevel],
                cpuModel: String = "unknown CPU", topology: NodeTopology? = nil) {
        self.stderrIsTerminal = stderrIsTerminal
        self.affinity = affinity
        self.onlineCPUCount = onlineCPUCount
        self.topology = topology
        self.supportedKernels = supportedKernels
        self.cpuModel = cpuModel
    }

    /// The CPUs of this host: hwloc's count (of the topology it was told to
    /// read, where one is named), else the online CPUs.
    var hostCPUCount: Int { topology?.cpuCount ?? onlineCPUCount }

    /// The cores, NUMA nodes and sockets this process may run on; nil where
    /// the mask or the topology is unknown.
    var affinityReach: NodeTopology.Reach? {
        guard let affinity, let topology else { return nil }
        return topology.reach(of: affinity)
    }

    /// How many cores this process may run on (CPUs where hwloc cannot say):
    /// what `--threads auto` fills, one thread per core.
    var affinityCoreCount: Int? { affinityReach.map(\.cores.count) ?? affinity.map(\.count) }

    /// The fastest kernel build this CPU can run.
    var bestKernel: KernelLevel { KernelLevel.best(of: supportedKernels) }

    /// This process, now.
    static func current() -> HostFacts {
        HostFacts(stderrIsTerminal: isatty(STDERR_FILENO) != 0, affinity: affinityMask(),
                  onlineCPUCount: max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1),
                  supportedKernels: KernelLevel.supported,
                  cpuModel: cpuModel(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""),
                  topology: NodeTopology.current())
    }

    /// The CPUs this process may run on, or nil where the OS cannot say.
    static func affinityMask() -> NumberSet? {
        var words = [UInt64](repeating: 0, count: NumberSet.cpuWordCount)
        guard cpimpi_affinity_cpus(&words, Int32(words.count)) >= 0 else { return nil }
        return NumberSet(words: words)
    }

    /// The model as /proc/cpuinfo names it: x86's "model name" with its
    /// family and model numbers ("AMD EPYC family 25 model 17"), which tell
    /// apart CPUs that VMs give one name (Zen 4 and Zen 5 are both "AMD EPYC"
    /// there), without a comma, which CSV tools that split on commas would
    /// cut; on Arm, which has no name, the implementer and part numbers
    /// ("Arm 0x41 part 0xd0c").
    static func cpuModel(cpuinfo: String) -> String {
        var fields: [String: String] = [:]
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        if let name = fields["model name"], !name.isEmpty {
            let spaced = name.split(separator: " ").joined(separator: " ")
            guard let family = fields["cpu family"], let model = fields["model"] else { return spaced }
            return "\(spaced) family \(family) model \(model)"
        }
        if let implementer = fields["CPU implementer"], let part = fields["CPU part"] {
            return "Arm \(implementer) part \(part)"
        }
        return "unknown CPU"
    }
}
