/// How the root rank writes the report on stdout.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, csv

    public func render(_ report: RunReport) -> String {
        switch self {
        case .text: report.text
        case .json: report.json
        case .csv: report.csv
        }
    }
}
