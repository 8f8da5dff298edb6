import ArgumentParser
import PimpiCore

/// `--kernel`: a specific build of the kernel, or the fastest the CPU supports.
enum KernelChoice: ExpressibleByArgument, Equatable {
    case auto
    case variant(KernelVariant)

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let variant = KernelVariant(rawValue: argument) {
            self = .variant(variant)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { ["auto"] + KernelVariant.allCases.map(\.rawValue) }

    var resolved: KernelVariant {
        switch self {
        case .auto: KernelVariant.best
        case .variant(let variant): variant
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Schedule: ExpressibleByArgument {}
extension ProgressMode: ExpressibleByArgument {}
