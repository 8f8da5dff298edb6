import Foundation

/// `--duration`: the throw count that keeps the ranks counting for about the
/// time asked, from what each rank can count per second (its kernel's
/// measured rate times its threads). The count is fixed before the start, so
/// the hits are exact and reproducible for it, and the report gives it.
enum DurationSizing {
    /// Three significant digits: a count a user can type again (`pimpi
    /// 1.78e10`), at most 1 % short of the time asked.
    static let significantDigits = 3
    /// Below 2⁶⁴ with room to spare, whatever the job's size and the time.
    static let largest = 1e19

    /// The throws for about `seconds` on every rank, given each rank's
    /// throws per second. The static schedule gives each rank an equal
    /// share, so the slowest rank's rate sets the count; the dynamic one
    /// keeps every rank busy to the end, so all rates add up.
    static func throwCount(seconds: Double, rankRates: [Double], schedule: Schedule) -> UInt64 {
        let rates = usable(rankRates, seconds: seconds)
        let perSecond = switch schedule {
        case .static: Double(rates.count) * (rates.min() ?? 0)
        case .dynamic: rates.reduce(0, +)
        }
        return roundedDown(min(seconds * perSecond, largest))
    }

    /// A weak sweep's throws per rank: every rank counts one share in every
    /// row, so the slowest rank's rate sets it; the largest row's total
    /// stays below `largest`.
    static func throwsPerRank(seconds: Double, rankRates: [Double]) -> UInt64 {
        let rates = usable(rankRates, seconds: seconds)
        return roundedDown(min(seconds * (rates.min() ?? 0), largest / Double(rates.count)))
    }

    /// The rates, with one that is no rate (not yet measured, or not finite) as 0.
    private static func usable(_ rankRates: [Double], seconds: Double) -> [Double] {
        precondition(seconds > 0 && !rankRates.isEmpty, "sizing needs a time and at least one rank")
        return rankRates.map { $0.isFinite && $0 > 0 ? $0 : 0 }
    }

    /// `value` to `significantDigits`, rounded down, and at least 1.
    static func roundedDown(_ value: Double) -> UInt64 {
        guard value >= 1 else { return 1 }
        let digits = pow(10, Double(significantDigits))
        var scale: UInt64 = 1
        while Double(scale) * digits <= value { scale *= 10 }
        return max(UInt64(value / Double(scale)) * scale, 1)
    }
}
