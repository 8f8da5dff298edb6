import CPimpiCPU
import PimpiKernel
import PimpiKernelX86_64_V3
import PimpiKernelX86_64_V4

/// The builds of the hit-counting kernel in this binary, one per instruction-set
/// level. All compute exactly the same hits; they differ only in speed.
enum KernelLevel: String, CaseIterable, Sendable {
    /// The build's default target: runs on every CPU the binary runs on.
    case baseline = "baseline"
    /// AVX2 (x86-64-v3), 256-bit vectors.
    case x86_64_v3 = "x86-64-v3"
    /// AVX-512 (x86-64-v4), 512-bit vectors.
    case x86_64_v4 = "x86-64-v4"

    /// Whether this CPU (and OS) can run this level's build.
    var isSupported: Bool {
        switch self {
        case .baseline: true
        case .x86_64_v3: Self.hasX86_64_V3
        case .x86_64_v4: Self.hasX86_64_V4
        }
    }

    /// The levels this machine can run, slowest first.
    static var supported: [KernelLevel] {
        allCases.filter(\.isSupported)
    }

    /// The fastest of `supported` (levels listed slowest first, as
    /// `KernelLevel.supported` lists them); baseline runs everywhere.
    static func best(of supported: [KernelLevel]) -> KernelLevel {
        supported.last ?? .baseline
    }

    /// Counts the hits among `range` for `seed` with the loop laid out as
    /// `shape`. Only call on a supported level.
    func countHits(seed: UInt64, range: ThrowRange, shape: KernelShape) -> UInt64 {
        precondition(isSupported, "kernel \(rawValue) is not supported by this CPU")
        switch self {
        case .baseline: return countHitsBaseline(seed: seed, range: range, shape: shape)
        case .x86_64_v3: return countHitsX86_64_V3(seed: seed, range: range, shape: shape)
        case .x86_64_v4: return countHitsX86_64_V4(seed: seed, range: range, shape: shape)
        }
    }

    private static let hasX86_64_V3 = cpimpi_cpu_supports_x86_64_v3() != 0
    private static let hasX86_64_V4 = cpimpi_cpu_supports_x86_64_v4() != 0
}
