/// How the vectorised loop is laid out: `lanes` throws per vector, `chains`
/// independent vectors per step, and how hits are tallied. Every shape counts
/// exactly the same hits; which is fastest depends on the CPU (how many vector
/// pipes it has, which of them multiply, how long a multiply takes), so
/// `--kernel auto` times them where it runs (see KernelChoice).
public struct KernelShape: Hashable, Sendable, CustomStringConvertible {
    public let lanes: Int
    public let chains: Int
    public let tally: HitTally

    public init(lanes: Int, chains: Int, tally: HitTally) {
        self.lanes = lanes
        self.chains = chains
        self.tally = tally
    }

    /// "8x3-popcount": lanes x chains, then the tally.
    public var name: String { "\(lanes)x\(chains)-\(tally.name)" }
    public var description: String { name }

    /// Every shape the kernel modules compile.
    public static let all: [KernelShape] = [(8, 1), (8, 2), (8, 3), (16, 1), (16, 2)].flatMap { lanes, chains in
        HitTally.allCases.map { KernelShape(lanes: lanes, chains: chains, tally: $0) }
    }

    public init?(name: String) {
        guard let shape = Self.all.first(where: { $0.name == name }) else { return nil }
        self = shape
    }
}
