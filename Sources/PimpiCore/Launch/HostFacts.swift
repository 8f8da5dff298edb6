#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What pimpi asks of the process and machine it runs on, once, so that turning
/// options into a configuration (`RunOptions`) is a pure function of its inputs.
public struct HostFacts: Equatable, Sendable {
    public var stderrIsTerminal: Bool
    /// The CPUs this process may run on (its affinity mask, as mpirun's
    /// binding, srun or taskset set it); nil where the OS cannot say.
    public var affinity: CPUSet?
    /// The CPUs this host has online.
    public var onlineCPUCount: Int
    /// The kernel builds this CPU can run, slowest first (baseline always).
    public var supportedKernels: [KernelLevel]

    public init(stderrIsTerminal: Bool, affinity: CPUSet?, onlineCPUCount: Int, supportedKernels: [KernelLevel]) {
        self.stderrIsTerminal = stderrIsTerminal
        self.affinity = affinity
        self.onlineCPUCount = onlineCPUCount
        self.supportedKernels = supportedKernels
    }

    /// How many CPUs this process may run on.
    public var affinityCPUCount: Int? { affinity.map(\.count) }

    /// The fastest kernel build this CPU can run.
    public var bestKernel: KernelLevel { KernelLevel.best(of: supportedKernels) }

    /// This process, now.
    public static func current() -> HostFacts {
        HostFacts(stderrIsTerminal: isatty(STDERR_FILENO) != 0, affinity: CPUSet.affinity(),
                  onlineCPUCount: max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1),
                  supportedKernels: KernelLevel.supported)
    }
}
