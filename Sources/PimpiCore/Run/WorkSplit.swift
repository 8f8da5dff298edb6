import PimpiKernel

/// How N throws are divided among P ranks: rank r gets ⌊N/P⌋ throws, and the
/// first N mod P ranks one more, as consecutive index ranges in rank order.
/// Ranks may get no throws at all (P > N). No step overflows for any N < 2⁶⁴.
struct WorkSplit: Equatable, Sendable {
    let totalThrows: UInt64
    let rankCount: Int

    init(totalThrows: UInt64, rankCount: Int) {
        precondition(rankCount > 0, "a split needs at least one rank")
        self.totalThrows = totalThrows
        self.rankCount = rankCount
    }

    /// The throws of `rank`.
    func range(ofRank rank: Int) -> ThrowRange {
        precondition((0 ..< rankCount).contains(rank), "rank \(rank) is outside 0..<\(rankCount)")
        let ranks = UInt64(rankCount)
        let r = UInt64(rank)
        let base = totalThrows / ranks
        let extra = totalThrows % ranks
        // r·base ≤ P·base ≤ N and min(r, extra) < P, so neither term overflows.
        let first = r * base + min(r, extra)
        let count = base + (r < extra ? 1 : 0)
        return ThrowRange(first: first, count: count)
    }
}
