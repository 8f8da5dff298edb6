@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("Counting on a rank: threads and slices")
struct RankCounterTests {
    static let level = KernelLevel.best(of: KernelLevel.supported)
    static let kernel = Kernel(level: level, shape: KernelTrial.candidates(for: level)[0])

    static let ranges = [ThrowRange(first: 0, count: 100_003), ThrowRange(first: UInt64.max - 50_000, count: 50_000),
                         ThrowRange(first: 12345, count: 7), ThrowRange(first: 0, count: 0)]

    @Test("threads and slices never change the hits", arguments: [1, 2, 3, 8], [nil, 7, 10_000] as [UInt64?])
    func bitIdentical(threads: Int, slice: UInt64?) {
        for range in Self.ranges {
            let expected = HitCounting.countHitsScalar(seed: 77, range: range)
            let counter = RankCounter(seed: 77, kernel: Self.kernel, threads: threads)
            let slices = slice.map { RankCounter.Slices(of: $0) { _ in } }
            #expect(counter.count(range, in: slices) == expected, "\(threads) threads, slice \(String(describing: slice)), \(range)")
        }
    }

    @Test("slices call back with the running count")
    func sliceCallbacks() {
        let counter = RankCounter(seed: 1, kernel: Self.kernel, threads: 1)
        var seen: [UInt64] = []
        _ = counter.count(ThrowRange(first: 0, count: 1000), in: RankCounter.Slices(of: 400) { seen.append($0) })
        #expect(seen == [400, 800, 1000])
        #expect(counter.throwsCounted == 1000)
    }

    @Test("the piece observer sees every piece, inside the counter's own time")
    func pieceObserver() {
        var pieces = 0
        let counter = RankCounter(seed: 1, kernel: Self.kernel, threads: 1, afterPiece: { _ in pieces += 1 })
        _ = counter.count(ThrowRange(first: 0, count: 1000), in: RankCounter.Slices(of: 300) { _ in })
        #expect(pieces == 4)
    }
}
