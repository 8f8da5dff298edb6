/// A report as each `--format` writes it on stdout.
extension OutputFormat {
    /// `perRank`: the text summary ends with a table of the ranks (JSON always
    /// has them; CSV is one line per run).
    func render(_ report: RunReport, perRank: Bool = false, perNode: Bool = false) -> String {
        switch self {
        case .text: report.text + (perNode ? report.nodeTable : "") + (perRank ? report.rankTable : "")
        case .json: report.json
        case .csv: report.csv
        }
    }

    /// A sweep: the table (text, with each row's ranks after it for
    /// `perRank`), one run's report per row (JSON), one line per row (CSV).
    func render(_ report: SweepReport, perRank: Bool = false, perNode: Bool = false) -> String {
        switch self {
        case .text: report.text + report.rows.map { row in
            perRank || perNode ? "\n  \(row.context.ranks)-rank row:" + (perNode ? row.nodeTable : "")
                + (perRank ? row.rankTable : "") : ""
        }.joined()
        case .json: report.json
        case .csv: report.csv
        }
    }
}
