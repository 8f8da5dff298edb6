/// How the root rank writes the report on stdout.
enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, csv
}
