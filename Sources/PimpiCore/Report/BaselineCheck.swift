import Foundation

/// Whether the speedup's base is what it claims: the same core counting
/// alone. The serial rerun runs on rank 0 with every other rank asleep, so
/// its rate per thread should be rank 0's own rate in the parallel count;
/// where the two differ by more than `tolerance`, the speedup and efficiency
/// measure that difference as well as the scaling, and the report says so.
enum BaselineCheck {
    /// Measured on an idle 2-core Zen 4 (2026-12-05): the rerun and rank 0's
    /// parallel rate differed by −0.12 to +0.26 % in 5 runs of 8·10⁹ throws.
    /// Five percent is twenty times that, and below what SMT siblings, a
    /// shared power budget or another process on the core take (10–50 %: a
    /// busy loop on rank 0's core took 49 %).
    static let tolerance = 0.05

    /// A warning when the rerun's rate and rank 0's parallel rate per thread
    /// differ by more than `tolerance`; nil when they agree or either ran for
    /// less than `PlacementCheck.shortestComparedSeconds` (timer noise).
    static func warning(serial: RunReport.SerialRerun, throwCount: UInt64, rank0: RankPlacement) -> PlacementWarning? {
        guard serial.seconds >= PlacementCheck.shortestComparedSeconds,
              rank0.seconds >= PlacementCheck.shortestComparedSeconds,
              let parallel = rank0.throwsPerSecond.map({ $0 / Double(rank0.threads) }) else { return nil }
        let alone = Double(throwCount) / serial.seconds
        let ratio = alone / parallel
        guard abs(ratio - 1) > tolerance else { return nil }
        let figures = String(format: "the serial rerun counted %.3g throws/s on rank 0 alone, %.0f%% %@ rank 0's "
            + "own rate per thread in the parallel count (%.3g)", alone, 100 * abs(ratio - 1),
            ratio < 1 ? "below" : "above", parallel)
        let meaning = ratio < 1
            ? "so the speedup and efficiency overstate the scaling: rank 0's core was slower alone, taken by "
                + "something else during the rerun (top), or its clock dropped; rerun on an idle node, or use "
                + "--sweep, whose 1-rank row is measured as every row is"
            : "so the speedup and efficiency include what the cores cost each other when all are busy: a shared "
                + "clock or power budget (turbo), SMT siblings, or another process on the node; "
                + "docs/performance.md measures it for this machine"
        return PlacementWarning(kind: .serialBaseline, message: figures + ", " + meaning,
                                ranks: [rank0.rank], hosts: [rank0.host], share: ratio)
    }
}
