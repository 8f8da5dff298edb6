/// `--kernel`: a specific build of the kernel, or the fastest the CPU supports.
public enum KernelChoice: Equatable, Sendable {
    case auto
    case variant(KernelVariant)

    /// "auto" or a variant's name; nil for anything else.
    public init?(name: String) {
        if name == "auto" {
            self = .auto
        } else if let variant = KernelVariant(rawValue: name) {
            self = .variant(variant)
        } else {
            return nil
        }
    }

    public static var names: [String] { ["auto"] + KernelVariant.allCases.map(\.rawValue) }

    /// The variant to run, where `best` is the fastest the CPU supports.
    public func resolved(best: KernelVariant) -> KernelVariant {
        switch self {
        case .auto: best
        case .variant(let variant): variant
        }
    }
}
