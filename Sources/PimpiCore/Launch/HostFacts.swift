import Foundation

/// What pimpi asks of the process and machine it runs on, once, so that turning
/// options into a configuration (`RunOptions`) is a pure function of its inputs.
struct HostFacts: Equatable, Sendable {
    var stderrIsTerminal: Bool
    /// The CPUs this process may run on (its affinity mask, as mpirun's
    /// binding, srun or taskset set it); nil where the OS cannot say.
    var affinity: CPUSet?
    /// The CPUs this host has online.
    var onlineCPUCount: Int
    /// The kernel builds this CPU can run, slowest first (baseline always).
    var supportedKernels: [KernelLevel]
    /// The CPU's model name: ranks on one model run one kernel (`KernelAgreement`).
    var cpuModel: String

    init(stderrIsTerminal: Bool, affinity: CPUSet?, onlineCPUCount: Int, supportedKernels: [KernelLevel],
                cpuModel: String = "unknown CPU") {
        self.stderrIsTerminal = stderrIsTerminal
        self.affinity = affinity
        self.onlineCPUCount = onlineCPUCount
        self.supportedKernels = supportedKernels
        self.cpuModel = cpuModel
    }

    /// How many CPUs this process may run on.
    var affinityCPUCount: Int? { affinity.map(\.count) }

    /// The fastest kernel build this CPU can run.
    var bestKernel: KernelLevel { KernelLevel.best(of: supportedKernels) }

    /// This process, now.
    static func current() -> HostFacts {
        HostFacts(stderrIsTerminal: isatty(STDERR_FILENO) != 0, affinity: CPUSet.affinity(),
                  onlineCPUCount: max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1),
                  supportedKernels: KernelLevel.supported,
                  cpuModel: cpuModel(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""))
    }

    /// The model as /proc/cpuinfo names it: x86's "model name"; on Arm, which
    /// has none, the implementer and part numbers ("Arm 0x41 part 0xd0c").
    static func cpuModel(cpuinfo: String) -> String {
        var fields: [String: String] = [:]
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        if let name = fields["model name"], !name.isEmpty { return name.split(separator: " ").joined(separator: " ") }
        if let implementer = fields["CPU implementer"], let part = fields["CPU part"] {
            return "Arm \(implementer) part \(part)"
        }
        return "unknown CPU"
    }
}
