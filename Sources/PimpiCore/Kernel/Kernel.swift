import PimpiKernel

/// A kernel that can run: a build for an instruction-set level, and the
/// shape of its loop. Every kernel counts exactly the same hits.
struct Kernel: Hashable, Sendable, CustomStringConvertible {
    var level: KernelLevel
    var shape: KernelShape

    init(level: KernelLevel, shape: KernelShape) {
        self.level = level
        self.shape = shape
    }

    /// "x86-64-v4:8x3-popcount", as `--kernel` takes it.
    var name: String { "\(level.rawValue):\(shape.name)" }
    var description: String { name }

    init?(name: String) {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let level = KernelLevel(rawValue: parts[0]),
              let shape = KernelShape(name: parts[1]) else { return nil }
        self.init(level: level, shape: shape)
    }

    /// Every kernel this binary has, by level then shape: a kernel's place in
    /// this list is how a rank tells the root which one it ran.
    static let all: [Kernel] = KernelLevel.allCases.flatMap { level in
        KernelShape.all.map { Kernel(level: level, shape: $0) }
    }

    func countHits(seed: UInt64, range: ThrowRange) -> UInt64 {
        level.countHits(seed: seed, range: range, shape: shape)
    }
}
