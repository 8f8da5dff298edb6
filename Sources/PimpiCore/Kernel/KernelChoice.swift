import PimpiKernel

/// `--kernel`: let pimpi choose, name a level and let it choose the shape, or
/// name both.
enum KernelChoice: Hashable, Sendable {
    /// The best level this CPU supports, and the shape that a short trial finds fastest.
    case auto
    /// This level, with the shape a trial finds fastest.
    case level(KernelLevel)
    /// Exactly this kernel: no trial.
    case exact(Kernel)

    /// "auto", a level ("x86-64-v4") or a kernel ("x86-64-v4:8x3-popcount").
    init?(name: String) {
        if name == "auto" {
            self = .auto
        } else if let level = KernelLevel(rawValue: name) {
            self = .level(level)
        } else if let kernel = Kernel(name: name) {
            self = .exact(kernel)
        } else {
            return nil
        }
    }

    /// What `--help` and a refused value list: the levels; LEVEL:SHAPE is
    /// accepted too (every shape in `KernelShape.all`).
    static var names: [String] { ["auto"] + KernelLevel.allCases.map(\.rawValue) }

    /// The level this choice runs at, where `best` is the best the CPU supports.
    func level(best: KernelLevel) -> KernelLevel {
        switch self {
        case .auto: best
        case .level(let level): level
        case .exact(let kernel): kernel.level
        }
    }
}
