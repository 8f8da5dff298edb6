import Foundation

/// The placement warnings as a person reads them: one line per kind, whatever
/// the rank count, with the ranks and hosts it concerns; a warning that
/// another explains folded under it; never more than `lineLimit` lines. JSON
/// keeps every warning in full.
enum WarningDigest {
    /// About one screen's worth of warnings, whether there are 2 ranks or 10⁵.
    static let lineLimit = 10

    static func lines(_ warnings: [PlacementWarning], limit: Int = lineLimit) -> [String] {
        let causes = warnings.filter { $0.explainedBy == nil }
        let consequences = warnings.filter { $0.explainedBy != nil }
        var lines: [String] = []
        for group in groupedByKind(causes) {
            lines.append(line(group))
            let explained = consequences.filter { $0.explainedBy == group[0].kind }
            for folded in groupedByKind(explained) {
                lines.append("  explained by the \(group[0].kind.rawValue) above: " + foldedLine(folded))
            }
        }
        // Consequences of a cause not shown (none today; kept honest if one appears).
        for folded in groupedByKind(consequences.filter { warning in !causes.contains { $0.kind == warning.explainedBy } }) {
            lines.append(line(folded))
        }
        guard lines.count > limit else { return lines }
        let kept = Array(lines.prefix(limit - 1))
        return kept + ["... and more: \(TextLayout.plural(warnings.count, "warning")) in all; --format json lists each"]
    }

    /// Warnings of one kind, in the order of the kind's first warning.
    static func groupedByKind(_ warnings: [PlacementWarning]) -> [[PlacementWarning]] {
        var order: [PlacementWarning.Kind] = []
        var groups: [PlacementWarning.Kind: [PlacementWarning]] = [:]
        for warning in warnings {
            if groups[warning.kind] == nil { order.append(warning.kind) }
            groups[warning.kind, default: []].append(warning)
        }
        return order.map { groups[$0]! }
    }

    /// One warning: its own message. Several: how many, which ranks on which
    /// hosts, the range of their shares, and the first one's message.
    static func line(_ group: [PlacementWarning]) -> String {
        let kind = group[0].kind.rawValue
        guard group.count > 1 else { return "\(kind): \(group[0].message)" }
        return "\(kind): \(scope(group))\(shares(group)); the first: \(group[0].message)"
    }

    /// A folded group: only where and how much; its cause's line has the fix.
    static func foldedLine(_ group: [PlacementWarning]) -> String {
        "\(group[0].kind.rawValue), \(scope(group))\(shares(group))"
    }

    /// "18 ranks on vm (7,10,23-24,...)" or "3 ranks on 3 hosts (n1, n2, n3)".
    static func scope(_ group: [PlacementWarning]) -> String {
        let ranks = group.flatMap(\.ranks)
        var seen = Set<String>()
        let hosts = group.flatMap(\.hosts).filter { seen.insert($0).inserted }
        return "\(TextLayout.plural(Set(ranks).count, "rank")) (\(TextLayout.shortRanges(ranks))) on "
            + TextLayout.shortNames(hosts, noun: "host")
    }

    /// ", at 50-79 % of the yardstick" where the warnings measured a share.
    static func shares(_ group: [PlacementWarning]) -> String {
        let shares = group.compactMap(\.share)
        guard let low = shares.min(), let high = shares.max() else { return "" }
        let yardstick = switch group[0].kind {
        case .contended: "their own trial's rate"
        case .serialBaseline: "rank 0's parallel rate"
        case .belowReference: "their reference"
        default: "the median rank's rate"
        }
        return low == high ? String(format: ", at %.0f %% of %@", 100 * low, yardstick)
            : String(format: ", at %.0f-%.0f %% of %@", 100 * low, 100 * high, yardstick)
    }
}
