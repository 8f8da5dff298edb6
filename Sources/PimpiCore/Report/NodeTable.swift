import Foundation

/// `--per-node` and `--reference` in the text summary: a row per host, as an
/// admin reads an acceptance run, and one line of what the reference found.
extension RunReport {
    /// "reference.json: 3 nodes checked at 48-101 % of reference, 1 below 90 % (n2)".
    var referenceSummary: String? {
        guard let reference else { return nil }
        let below = warnings.filter { $0.kind == .belowReference }
        let missing = warnings.filter { $0.kind == .noReference }.flatMap(\.hosts)
        let checked = nodes.count - missing.count
        let ratios = nodes.compactMap(\.referenceRatio)
        var text = "\(reference.path): \(TextLayout.plural(checked, "node")) checked"
        if let low = ratios.min(), let high = ratios.max() {
            text += String(format: low == high ? " at %.0f %%" : " at %.0f-%.0f %%", 100 * low, 100 * high)
                + " of reference"
        }
        if reference.fraction > 0 {
            text += String(format: ", %@ below %.0f %%", below.isEmpty ? "none" : "\(below.count)",
                           100 * reference.fraction)
            if !below.isEmpty {
                text += " (" + TextLayout.shortNames(below.flatMap(\.hosts), noun: "host") + ")"
            }
        }
        if !missing.isEmpty {
            text += "; " + TextLayout.shortNames(missing, noun: "host") + " without one"
        }
        return text
    }

    /// A line per host: its ranks, cores, rate per core, clock, cycles per
    /// throw, and with `--reference` its reference and ratio ("BELOW" under
    /// the fraction), then its CPU model. Linear in the hosts, so 10⁴ nodes
    /// print at once.
    var nodeTable: String {
        let referenced = reference != nil
        var header = ["host", "ranks", "cores", "throws/s/core", "clock", "cycles/throw"]
        if referenced { header += ["reference", "ratio"] }
        header.append("cpu model")
        let belowHosts = Set(warnings.filter { $0.kind == .belowReference }.flatMap(\.hosts))
        func figure(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "-" }
        let rows: [[String]] = nodes.map { node in
            var cells = ["\(node.host)", "\(node.ranks.count)", "\(node.threads)",
                         figure(node.throwsPerSecondPerCore, "%.3e"), figure(node.clockHz.map { $0 / 1e9 }, "%.2f GHz"),
                         figure(node.cyclesPerThrow, "%.2f")]
            if referenced {
                cells.append(figure(node.reference?.throwsPerSecondPerCore, "%.3e"))
                cells.append(node.referenceRatio.map {
                    String(format: "%.0f %%", 100 * $0) + (belowHosts.contains(node.host) ? " BELOW" : "")
                } ?? "none")
            }
            cells.append(node.cpuModel)
            return cells
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let left: Set<Int> = [0, header.count - 1]
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return left.contains(column) ? cell + pad : pad + cell
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        return "\n" + ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
            + "  (cores: the threads of its ranks; clock: counted on each rank's core before the start, the median "
            + "rank's; cycles/throw: clock over throws/s/core)\n"
    }
}
