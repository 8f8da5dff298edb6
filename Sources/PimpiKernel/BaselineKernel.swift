/// The vectorised kernel compiled for this module's target: the build's default
/// (x86-64 with SSE2 on x86, the platform baseline elsewhere). It runs everywhere
/// the binary runs, and is what the run-time dispatch falls back to.
public func countHitsBaseline(seed: UInt64, range: ThrowRange, shape: KernelShape) -> UInt64 {
    HitCounting.countHits(seed: seed, range: range, shape: shape, target: BaselineTarget.self)
}
