@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("Splitting throws across ranks")
struct WorkSplitTests {
    /// Checks every property of a split: consecutive ranges in rank order that
    /// cover 0..<N exactly, sizes differing by at most one, larger ones first.
    func checkSplit(totalThrows: UInt64, rankCount: Int) {
        let split = WorkSplit(totalThrows: totalThrows, rankCount: rankCount)
        var next: UInt64 = 0
        var sizes: [UInt64] = []
        for rank in 0 ..< rankCount {
            let range = split.range(ofRank: rank)
            #expect(range.first == next, "rank \(rank) does not start where rank \(rank - 1) ended")
            next += range.count
            sizes.append(range.count)
        }
        #expect(next == totalThrows)
        #expect(sizes.max()! - sizes.min()! <= 1)
        #expect(sizes == sizes.sorted(by: >))
    }

    @Test("covers all throws exactly", arguments: [1, 2, 3, 7, 10, 999, 1_000_000_007] as [UInt64],
          [1, 2, 3, 4, 5, 16, 64, 1000])
    func covers(totalThrows: UInt64, rankCount: Int) {
        checkSplit(totalThrows: totalThrows, rankCount: rankCount)
    }

    @Test("the largest throw count splits without overflow", arguments: [1, 2, 3, 7, 64, 4096, Int(Int32.max)])
    func largest(rankCount: Int) {
        let split = WorkSplit(totalThrows: UInt64.max, rankCount: rankCount)
        let last = split.range(ofRank: rankCount - 1)
        #expect(last.first + last.count == UInt64.max)
        if rankCount <= 4096 { checkSplit(totalThrows: UInt64.max, rankCount: rankCount) }
    }

    @Test("more ranks than throws leaves idle ranks")
    func idleRanks() {
        let split = WorkSplit(totalThrows: 3, rankCount: 8)
        #expect((0 ..< 8).map { split.range(ofRank: $0).count } == [1, 1, 1, 0, 0, 0, 0, 0])
        #expect(split.range(ofRank: 7).first == 3)
    }

    @Test("remainder goes to the first ranks")
    func remainder() {
        let split = WorkSplit(totalThrows: 10, rankCount: 4)
        #expect((0 ..< 4).map { split.range(ofRank: $0) } == [
            ThrowRange(first: 0, count: 3), ThrowRange(first: 3, count: 3),
            ThrowRange(first: 6, count: 2), ThrowRange(first: 8, count: 2),
        ])
    }
}
