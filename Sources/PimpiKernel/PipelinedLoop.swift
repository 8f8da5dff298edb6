/// One chain of the pipelined loop: three consecutive steps of its throws in
/// flight, each at another stage. An iteration tests the oldest step's hits,
/// finishes the finaliser of the next, and starts the newest, and none of the
/// three waits for another, so the core always has independent work ready
/// while each stage's multiply runs. In the plain loop a step's 14 dependent
/// instructions (per 8 throws, with AVX-512) come in one block, and the
/// scheduler's window fills with instructions waiting on the block's previous
/// multiply: on an AMD Zen 5 the plain loop ran 4.4–4.8 cycles per 8 throws
/// where the pipes allow 3.5, and this one 3.6 (docs/performance.md).
@usableFromInline
struct PipelinedChain<Lanes: KernelLanes> {
    /// The SplitMix64 states of the next step to start, not yet mixed.
    @usableFromInline var states: Lanes
    /// The step before, through the first half of the finaliser.
    @usableFromInline var halfMixed: Lanes
    /// The step before that, finalised: its dart bits, ready for the hit test.
    @usableFromInline var dartBits: Lanes

    /// A chain whose first step's states are `first`: its first two steps enter.
    @inlinable @inline(__always)
    init(first: Lanes, step: Lanes) {
        dartBits = HitCounting.dartBits(mixed: SplitMix64.mix(first))
        halfMixed = SplitMix64.mixFirstHalf(first &+ step)
        states = first &+ step &+ step
    }

    /// Counts the oldest step's hits into `hits`, moves the other two one stage
    /// on, and starts the next step.
    @inlinable @inline(__always)
    mutating func advance(step: Lanes, hits: inout UInt64) {
        hits &+= Lanes.hitCount(dartBits: dartBits)
        dartBits = HitCounting.dartBits(mixed: SplitMix64.mixSecondHalf(halfMixed))
        halfMixed = SplitMix64.mixFirstHalf(states)
        states &+= step
    }

    /// The hits of the two steps still in flight, once the loop has started the last.
    @inlinable @inline(__always)
    func drain() -> UInt64 {
        Lanes.hitCount(dartBits: dartBits) &+ Lanes.hitCount(dartBits: HitCounting.dartBits(
            mixed: SplitMix64.mixSecondHalf(halfMixed)))
    }
}

extension HitCounting {
    /// The pipelined loop (shapes named `…-pipelined`): `chains` (1 to 6)
    /// independent `PipelinedChain`s of `Lanes` per step, hits counted by
    /// popcount of the compare's mask (the only tally its shapes use). Counts
    /// exactly what `countHits` counts; ranges shorter than two steps go to the
    /// scalar loop whole. `target` names each module's copy, as in `countHits`.
    ///
    /// Two things here are for the code generator, each measured on an AMD
    /// Zen 5 (docs/performance.md):
    /// - each chain's variables are separate locals, not an array: an
    ///   `InlineArray` of five or more vectors stayed in memory;
    /// - `chains` is a value known only at run time, not a type, and the
    ///   function is never inlined, so each chain's step sits behind a branch of
    ///   its own in the loop. With the count a constant, LLVM merged five or six
    ///   chains' hit masks into vector adds (vpmovm2q, two more instructions per
    ///   8 throws on the pipes that bound the loop): 7.2·10⁹ throws/s instead
    ///   of 1.0·10¹⁰. The branches always go the same way and cost nothing
    ///   measurable.
    @inlinable @inline(never)
    public static func countHitsPipelined<Lanes: KernelLanes, Target: KernelTarget>(
        seed: UInt64, range: ThrowRange, lanes: Lanes.Type, chains: Int, target: Target.Type
    ) -> UInt64 {
        precondition((1 ... 6).contains(chains), "the pipelined loop has one to six chains")
        let gamma = SplitMix64.gamma
        let width = UInt64(Lanes.scalarCount)
        let throwsPerStep = width &* UInt64(chains)
        let steps = range.count / throwsPerStep
        guard steps >= 2 else { return countHitsScalar(seed: seed, range: range) }

        // As in countHits: lane k of chain c holds throw first + c·width + k of each step.
        let first = Lanes(repeating: seed &+ (range.first &+ 1) &* gamma) &+ laneOffsets(Lanes.self)
        let chainOffset = Lanes(repeating: width &* gamma)
        let step = Lanes(repeating: throwsPerStep &* gamma)
        var chain0 = PipelinedChain(first: first, step: step)
        var chain1 = PipelinedChain(first: first &+ chainOffset, step: step)
        var chain2 = PipelinedChain(first: first &+ chainOffset &* 2, step: step)
        var chain3 = PipelinedChain(first: first &+ chainOffset &* 3, step: step)
        var chain4 = PipelinedChain(first: first &+ chainOffset &* 4, step: step)
        var chain5 = PipelinedChain(first: first &+ chainOffset &* 5, step: step)
        var hits: UInt64 = 0

        var remaining = steps &- 2
        while remaining != 0 {
            chain0.advance(step: step, hits: &hits)
            if chains > 1 { chain1.advance(step: step, hits: &hits) }
            if chains > 2 { chain2.advance(step: step, hits: &hits) }
            if chains > 3 { chain3.advance(step: step, hits: &hits) }
            if chains > 4 { chain4.advance(step: step, hits: &hits) }
            if chains > 5 { chain5.advance(step: step, hits: &hits) }
            remaining &-= 1
        }
        hits &+= chain0.drain()
        if chains > 1 { hits &+= chain1.drain() }
        if chains > 2 { hits &+= chain2.drain() }
        if chains > 3 { hits &+= chain3.drain() }
        if chains > 4 { hits &+= chain4.drain() }
        if chains > 5 { hits &+= chain5.drain() }

        let done = steps &* throwsPerStep
        let tail = ThrowRange(first: range.first &+ done, count: range.count &- done)
        return hits &+ countHitsScalar(seed: seed, range: tail)
    }
}
