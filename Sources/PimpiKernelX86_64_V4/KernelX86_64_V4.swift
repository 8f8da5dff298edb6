import PimpiKernel

/// The vectorised kernel compiled for x86-64-v4 (AVX-512, 512-bit vectors):
/// Package.swift builds this module alone with `-Xcc -march=x86-64-v4`.
/// Call it only where the CPU has x86-64-v4; `KernelVariant` checks that at run time.
public func countHitsX86_64_V4(seed: UInt64, range: ThrowRange) -> UInt64 {
    HitCounting.countHitsVectorised(seed: seed, range: range, tally: .maskPopCount)
}
