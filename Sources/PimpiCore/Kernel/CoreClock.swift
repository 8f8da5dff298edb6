import CPimpiCPU

/// The clock a core runs at, counted rather than read: /proc/cpuinfo and
/// cpufreq give a nominal or a last-sampled figure, or nothing in a VM, and
/// the cycle counters need a PMU most VMs lack. A chain of dependent adds
/// takes one cycle per add on every x86-64 and arm64 core, so its length over
/// its time is the clock the core ran at while it counted. Like the kernel
/// trial, best of a few short counts: it sees the core's own speed where the
/// core is shared (a CPU quota), and the speed it really has where its clock
/// is held down (a power cap, a stuck clock), which is what tells a slow clock
/// from a slow core (`cycles per throw`).
enum CoreClock {
    /// Rounds per count: about a million adds, a quarter of a millisecond at 4 GHz.
    static let rounds: UInt64 = 1 << 17
    static let counts = 5

    /// Cycles per second, or nil where this architecture has no add chain.
    static func measure() -> Double? {
        let length = cpimpi_add_chain_length()
        guard length > 0 else { return nil }
        let clock = ContinuousClock()
        var best = Duration.seconds(1_000_000)
        for _ in 0 ..< counts {
            let start = clock.now
            let sum = cpimpi_add_chain(rounds)
            best = min(best, clock.now - start)
            if sum != rounds * length { preconditionFailure("the add chain lost adds") }
        }
        return Double(rounds * length) / best.seconds
    }
}
