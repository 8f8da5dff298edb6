import PimpiKernel
import Testing

@Suite("The hit-counting loop")
struct KernelTests {
    /// Every length 0…200 (all remainders mod the lane width, and two and
    /// three steps of the widest loops: 48 throws a step for 8x6, and the
    /// pipelined loop needs two steps to start), near 0 and just below 2⁶⁴.
    static let ranges: [ThrowRange] = (0 ... 200 as ClosedRange<UInt64>).flatMap { count in
        [ThrowRange(first: 3, count: count), ThrowRange(first: UInt64.max - 250, count: count)]
    }

    @Test("the generic loop, compiled in this module, matches the scalar reference in every shape",
          arguments: KernelShape.all)
    func loopMatchesReference(shape: KernelShape) {
        for range in Self.ranges {
            #expect(HitCounting.countHits(seed: 9, range: range, shape: shape, target: TestTarget.self)
                == HitCounting.countHitsScalar(seed: 9, range: range), "\(shape) \(range)")
        }
    }

    @Test("hits add up over any split of a range", arguments: [1, 2, 3, 7, 64])
    func splitInvariance(pieces: UInt64) {
        let total: UInt64 = 100_001
        let shape = KernelShape.all[0]
        let whole = HitCounting.countHits(seed: 5, range: ThrowRange(first: 0, count: total), shape: shape,
                                          target: TestTarget.self)
        let size = total / pieces
        let summed = (0 ..< pieces).reduce(UInt64(0)) { sum, piece in
            let count = piece == pieces - 1 ? total - piece * size : size
            return sum + HitCounting.countHits(seed: 5, range: ThrowRange(first: piece * size, count: count),
                                               shape: shape, target: TestTarget.self)
        }
        #expect(summed == whole)
    }
}

/// This test module's own `KernelTarget`, for the loop compiled here.
enum TestTarget: KernelTarget {}
