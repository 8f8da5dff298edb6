/// How the vectorised loop is laid out: `lanes` throws per vector, `chains`
/// independent vectors per step, how hits are tallied, and whether each chain
/// keeps three steps in flight (`pipelined`, see PipelinedChain). Every shape
/// counts exactly the same hits; which is fastest depends on the CPU (how many
/// vector pipes it has, which of them multiply, how long a multiply takes), so
/// `--kernel auto` times them where it runs (see KernelChoice).
public struct KernelShape: Hashable, Sendable, CustomStringConvertible {
    public let lanes: Int
    public let chains: Int
    public let tally: HitTally
    public let pipelined: Bool

    public init(lanes: Int, chains: Int, tally: HitTally, pipelined: Bool = false) {
        self.lanes = lanes
        self.chains = chains
        self.tally = tally
        self.pipelined = pipelined
    }

    /// "8x3-popcount", "8x6-popcount-pipelined": lanes x chains, the tally,
    /// and the pipeline if any.
    public var name: String { "\(lanes)x\(chains)-\(tally.name)" + (pipelined ? "-pipelined" : "") }
    public var description: String { name }

    /// Every shape the kernel modules compile: the plain loop in both tallies,
    /// and the pipelined one with popcounts only, as it needs AVX-512's 32
    /// vector registers (three vectors per chain) and its mask registers.
    public static let all: [KernelShape] = [(8, 1), (8, 2), (8, 3), (16, 1), (16, 2)].flatMap { lanes, chains in
        HitTally.allCases.map { KernelShape(lanes: lanes, chains: chains, tally: $0) }
    } + (3 ... 6).map { KernelShape(lanes: 8, chains: $0, tally: .maskPopCount, pipelined: true) }

    public init?(name: String) {
        guard let shape = Self.all.first(where: { $0.name == name }) else { return nil }
        self = shape
    }
}
