/// One hardware thread (hwloc's PU) the screen runs a thread on, and where it
/// sits: the core and socket that a wrong count is charged to.
struct ScreenedPU: Hashable, Sendable {
    /// Linux's number for it (hwloc's OS index), as `taskset -c` takes it.
    var cpu: Int
    /// hwloc's logical index of its core, unique on the node; where hwloc
    /// cannot say, the CPU's own number (each CPU taken for a core).
    var core: Int
    /// Its package's number; 0 where hwloc cannot say.
    var socket: Int
}

/// Which PUs the screen runs on, and the rule that keeps the two counts of a
/// block independent: each block is counted by two PUs of different cores,
/// and of different sockets where the process was given several, so a core
/// (or a package) that counts wrong cannot agree with itself. Where the
/// process has a single core, both counts are that core's, at different
/// times: an intermittent fault still shows, a steady one only when the
/// scalar settle count disagrees (the report says which pairing ran).
struct ScreenPlan: Equatable, Sendable {
    /// What the second count of a block must differ in from the first.
    enum Pairing: String, Sendable {
        case otherSocket = "other_socket"
        case otherCore = "other_core"
        case sameCore = "same_core"

        /// For the text line: how each block was checked.
        var words: String {
            switch self {
            case .otherSocket: "each block counted on two sockets"
            case .otherCore: "each block counted on two cores"
            case .sameCore: "one core: each block counted twice on it"
            }
        }
    }

    let pus: [ScreenedPU]
    /// Throws per block: the same on every CPU, so that a block's identity
    /// (seed, first throw, count) replays anywhere. 2^24 is about 4 ms on a
    /// Zen 4 core and 15 ms on a Zen 3 with AVX2: short enough that a screen
    /// of seconds holds hundreds of blocks per PU, long enough that handing
    /// them out costs nothing measurable.
    let blockThrows: UInt64
    let pairing: Pairing

    static let defaultBlockThrows: UInt64 = 1 << 24

    init(pus: [ScreenedPU], blockThrows: UInt64 = Self.defaultBlockThrows) {
        precondition(!pus.isEmpty && blockThrows > 0)
        self.pus = pus.sorted { $0.cpu < $1.cpu }
        self.blockThrows = blockThrows
        let cores = Set(pus.map(\.core)).count
        let sockets = Set(pus.map(\.socket)).count
        pairing = sockets > 1 ? .otherSocket : cores > 1 ? .otherCore : .sameCore
    }

    var cores: Int { Set(pus.map(\.core)).count }
    var sockets: Int { Set(pus.map(\.socket)).count }

    /// The PUs this process was given (its affinity mask, else every online
    /// CPU), placed by `topology` where it knows them.
    static func plan(affinity: NumberSet?, onlineCPUCount: Int, topology: NodeTopology?) -> ScreenPlan {
        let cpus = affinity?.numbers ?? Array(0 ..< max(onlineCPUCount, 1))
        return ScreenPlan(pus: cpus.map { cpu in
            let place = topology?.places[cpu]
            return ScreenedPU(cpu: cpu, core: place?.core ?? cpu, socket: place?.socket ?? 0)
        })
    }

    /// Whether `checker` may count the second copy of a block `first` counted.
    func mayCheck(_ first: ScreenedPU, by checker: ScreenedPU) -> Bool {
        switch pairing {
        case .otherSocket: first.socket != checker.socket
        case .otherCore: first.core != checker.core
        case .sameCore: true
        }
    }

    /// Whether `settler` may count the third copy of a block on which `a` and
    /// `b` disagree: a core that is neither of theirs, where there is one.
    func maySettle(_ a: ScreenedPU, _ b: ScreenedPU, by settler: ScreenedPU) -> Bool {
        let neither = { (pu: ScreenedPU) in pu.core != a.core && pu.core != b.core }
        return !pus.contains(where: neither) || neither(settler)
    }
}
