/// How the root rank writes the report on stdout.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, csv
}
