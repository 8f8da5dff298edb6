import PimpiKernel

/// The vectorised kernel compiled for x86-64-v4 (AVX-512, 512-bit vectors):
/// Package.swift builds this module alone with `-Xcc -march=x86-64-v4`.
/// Call it only where the CPU has x86-64-v4; `KernelLevel` checks that at run time.
public func countHitsX86_64_V4(seed: UInt64, range: ThrowRange, shape: KernelShape) -> UInt64 {
    HitCounting.countHits(seed: seed, range: range, shape: shape, target: X86_64_V4Target.self)
}

/// This module's own `KernelTarget`: the loop's copies compiled here are named after it.
public enum X86_64_V4Target: KernelTarget {}
