import CPimpiCPU

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What pimpi asks of the process and machine it runs on, once, so that turning
/// options into a configuration (`RunOptions`) is a pure function of its inputs.
public struct HostFacts: Equatable, Sendable {
    public var stderrIsTerminal: Bool
    /// How many CPUs this process may run on (its affinity mask, as mpirun's
    /// binding, srun or taskset set it); nil where the OS cannot say.
    public var affinityCPUCount: Int?
    /// The kernel builds this CPU can run, slowest first (baseline always).
    public var supportedKernels: [KernelVariant]

    public init(stderrIsTerminal: Bool, affinityCPUCount: Int?, supportedKernels: [KernelVariant]) {
        self.stderrIsTerminal = stderrIsTerminal
        self.affinityCPUCount = affinityCPUCount
        self.supportedKernels = supportedKernels
    }

    /// The fastest kernel build this CPU can run.
    public var bestKernel: KernelVariant { supportedKernels.last ?? .baseline }

    /// This process, now.
    public static func current() -> HostFacts {
        let cpus = Int(cpimpi_affinity_cpu_count())
        return HostFacts(stderrIsTerminal: isatty(STDERR_FILENO) != 0, affinityCPUCount: cpus > 0 ? cpus : nil,
                         supportedKernels: KernelVariant.supported)
    }
}
