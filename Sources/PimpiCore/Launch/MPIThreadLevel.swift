/// The thread support MPI_Init_thread provided, in the standard's order.
enum MPIThreadLevel: Int, Comparable, CaseIterable, Sendable {
    case single, funneled, serialized, multiple

    /// The name used in reports: "funneled".
    var name: String { String(describing: self) }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What pimpi asks for: worker threads count, only the main thread calls MPI.
    static let required = MPIThreadLevel.funneled

    /// Why `threads` per rank cannot run at `self`, or nil when they can. One
    /// thread needs nothing; more need at least FUNNELED, because an MPI that
    /// grants only SINGLE promises nothing once a process has other threads.
    func problem(threads: Int) -> String? {
        guard threads > 1, self < Self.required else { return nil }
        return "--threads \(threads) needs MPI thread support \(Self.required.name) or better, "
            + "but this MPI provides only \(name); run with --threads 1 (and more ranks instead), "
            + "or use an MPI built with thread support"
    }
}
