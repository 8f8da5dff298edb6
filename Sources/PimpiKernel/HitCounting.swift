/// Counting the hits of a range of throws: the hot path of pimpi.
public enum HitCounting {
    /// One throw at a time, in the plainest form: the reference every fast
    /// kernel is tested against.
    public static func countHitsScalar(seed: UInt64, range: ThrowRange) -> UInt64 {
        var hits: UInt64 = 0
        var index = range.first
        for _ in 0 ..< range.count {
            if DartBoard.isHit(SplitMix64.bits(seed: seed, index: index)) {
                hits += 1
            }
            index &+= 1
        }
        return hits
    }

    /// One vector's hits, added to its lane counters or to the popcount total.
    @inlinable @inline(__always)
    static func tally<Lanes: KernelLanes, Tally: HitTallyKind, Target: KernelTarget>(
        dartBits: Lanes, tally: Tally.Type, laneHits: inout Lanes, maskHits: inout UInt64, target: Target.Type) {
        switch Tally.tally {
        case .laneCounters: Lanes.addHits(dartBits: dartBits, to: &laneHits)
        case .maskPopCount: maskHits &+= Lanes.hitCount(dartBits: dartBits)
        }
    }

    /// One vector's hits from its SplitMix64 states, in one go.
    @inlinable @inline(__always)
    static func tallyStep<Lanes: KernelLanes, Tally: HitTallyKind, Target: KernelTarget>(
        _ states: Lanes, tally: Tally.Type, laneHits: inout Lanes, maskHits: inout UInt64, target: Target.Type) {
        HitCounting.tally(dartBits: dartBits(mixed: SplitMix64.mix(states)), tally: tally, laneHits: &laneHits,
                          maskHits: &maskHits, target: target)
    }

    /// `Lanes` of 0, 1, 2, … times γ: the state offsets of a vector's lanes.
    @inlinable @inline(__always)
    static func laneOffsets<Lanes: KernelLanes>(_: Lanes.Type) -> Lanes {
        var offsets = Lanes()
        for lane in offsets.indices { offsets[lane] = UInt64(lane) &* SplitMix64.gamma }
        return offsets
    }

    /// The vectorised loop in any `shape` (see `KernelShape`): `chains`
    /// independent vectors of `Lanes` per step, with wrapping arithmetic and no
    /// branch per throw, so the body is straight-line vector code, and hits
    /// tallied per lane or by popcount of the compare's mask.
    ///
    /// It is `@inlinable` so that each ISA-specific module (PimpiKernelX86_64_V3,
    /// _V4, and the baseline) compiles its own copy for its CPU. `Chains` and
    /// `Tally` are types, so each copy is compiled for one shape, with no branch
    /// on it in the loop. `target` is the calling module's own `KernelTarget`:
    /// the optimiser keeps specialised copies of this function rather than
    /// inlining it, and without a type of the module's own in their names, the
    /// copies that the three modules compile for their CPUs would share one
    /// symbol, and the linker would keep any one of them for all three.
    /// No counter can overflow: none counts more than the range's throws.
    /// Every shape counts exactly the same hits.
    @inlinable @inline(__always)
    public static func countHits<Lanes: KernelLanes, Chains: ChainCount, Tally: HitTallyKind, Target: KernelTarget>(
        seed: UInt64, range: ThrowRange, lanes: Lanes.Type, chains: Chains.Type, tally: Tally.Type,
        target: Target.Type
    ) -> UInt64 {
        let chains = Chains.count
        let gamma = SplitMix64.gamma
        let width = UInt64(Lanes.scalarCount)
        let throwsPerStep = width &* UInt64(chains)
        // SplitMix64 state of throw i is seed + (i + 1)·γ; lane k of chain c
        // holds throw first + c·width + k of each step.
        let first = Lanes(repeating: seed &+ (range.first &+ 1) &* gamma) &+ laneOffsets(Lanes.self)
        let chainOffset = Lanes(repeating: width &* gamma)
        var a = first
        var b = first &+ chainOffset
        var c = b &+ chainOffset
        let step = Lanes(repeating: throwsPerStep &* gamma)
        var laneHitsA = Lanes(repeating: 0), laneHitsB = Lanes(repeating: 0), laneHitsC = Lanes(repeating: 0)
        var maskHits: UInt64 = 0

        let steps = range.count / throwsPerStep
        var remaining = steps
        while remaining != 0 {
            tallyStep(a, tally: tally, laneHits: &laneHitsA, maskHits: &maskHits, target: target)
            a &+= step
            if chains > 1 {
                tallyStep(b, tally: tally, laneHits: &laneHitsB, maskHits: &maskHits, target: target)
                b &+= step
            }
            if chains > 2 {
                tallyStep(c, tally: tally, laneHits: &laneHitsC, maskHits: &maskHits, target: target)
                c &+= step
            }
            remaining &-= 1
        }

        let done = steps &* throwsPerStep
        let tail = ThrowRange(first: range.first &+ done, count: range.count &- done)
        return (laneHitsA &+ laneHitsB &+ laneHitsC).wrappedSum() &+ maskHits
            &+ countHitsScalar(seed: seed, range: tail)
    }

    /// `shape`'s loop, for the shapes `KernelShape.all` lists: the switch each
    /// ISA module's entry point makes. Every plain case passes constants, so
    /// each becomes a loop of its own, compiled for that module's CPU; the
    /// pipelined shapes share one loop that takes its chain count at run time
    /// (see `countHitsPipelined` for why).
    @inlinable @inline(__always)
    public static func countHits<Target: KernelTarget>(seed: UInt64, range: ThrowRange, shape: KernelShape,
                                                       target: Target.Type) -> UInt64 {
        if shape.pipelined {
            precondition(shape.lanes == 8 && shape.tally == .maskPopCount, "no kernel loop for shape \(shape)")
            return countHitsPipelined(seed: seed, range: range, lanes: SIMD8<UInt64>.self, chains: shape.chains,
                                      target: target)
        }
        return switch (shape.lanes, shape.chains, shape.tally) {
        case (8, 1, .maskPopCount):
            countHits(seed: seed, range: range, lanes: SIMD8<UInt64>.self,
                      chains: OneChain.self, tally: PopCountTally.self, target: target)
        case (8, 1, .laneCounters):
            countHits(seed: seed, range: range, lanes: SIMD8<UInt64>.self,
                      chains: OneChain.self, tally: LaneCounterTally.self, target: target)
        case (8, 2, .maskPopCount):
            countHits(seed: seed, range: range, lanes: SIMD8<UInt64>.self,
                      chains: TwoChains.self, tally: PopCountTally.self, target: target)
        case (8, 2, .laneCounters):
            countHits(seed: seed, range: range, lanes: SIMD8<UInt64>.self,
                      chains: TwoChains.self, tally: LaneCounterTally.self, target: target)
        case (8, 3, .maskPopCount):
            countHits(seed: seed, range: range, lanes: SIMD8<UInt64>.self,
                      chains: ThreeChains.self, tally: PopCountTally.self, target: target)
        case (8, 3, .laneCounters):
            countHits(seed: seed, range: range, lanes: SIMD8<UInt64>.self,
                      chains: ThreeChains.self, tally: LaneCounterTally.self, target: target)
        case (16, 1, .maskPopCount):
            countHits(seed: seed, range: range, lanes: SIMD16<UInt64>.self,
                      chains: OneChain.self, tally: PopCountTally.self, target: target)
        case (16, 1, .laneCounters):
            countHits(seed: seed, range: range, lanes: SIMD16<UInt64>.self,
                      chains: OneChain.self, tally: LaneCounterTally.self, target: target)
        case (16, 2, .maskPopCount):
            countHits(seed: seed, range: range, lanes: SIMD16<UInt64>.self,
                      chains: TwoChains.self, tally: PopCountTally.self, target: target)
        case (16, 2, .laneCounters):
            countHits(seed: seed, range: range, lanes: SIMD16<UInt64>.self,
                      chains: TwoChains.self, tally: LaneCounterTally.self, target: target)
        default:
            preconditionFailure("no kernel loop for shape \(shape)")
        }
    }
}
