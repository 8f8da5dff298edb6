/// How the root rank writes the report on stdout.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, csv

    /// `perRank`: the text summary ends with a table of the ranks (JSON always
    /// has them; CSV is one line per run).
    public func render(_ report: RunReport, perRank: Bool = false) -> String {
        switch self {
        case .text: report.text + (perRank ? report.rankTable : "")
        case .json: report.json
        case .csv: report.csv
        }
    }
}
