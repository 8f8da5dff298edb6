import Foundation
import Testing

/// The parts of pimpi's JSON report the integration tests read.
struct ParsedReport {
    let context: [String: Any]
    let results: [String: Any]
    let perRank: [[String: Any]]
    /// Each host's entry (`nodes`).
    let nodes: [[String: Any]]
    /// Each warning's text fields (kind, message, explained_by when set).
    let warnings: [[String: String]]
    /// Each warning's ranks.
    let warningRanks: [[Int]]

    init(json: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        context = try #require(object?["context"] as? [String: Any], "no context in \(json)")
        results = try #require(object?["results"] as? [String: Any], "no results in \(json)")
        perRank = try #require(object?["per_rank"] as? [[String: Any]], "no per_rank in \(json)")
        nodes = try #require(object?["nodes"] as? [[String: Any]], "no nodes in \(json)")
        let warningObjects = try #require(object?["warnings"] as? [[String: Any]], "no warnings in \(json)")
        warnings = warningObjects.map { $0.compactMapValues { $0 as? String } }
        warningRanks = warningObjects.map { $0["ranks"] as? [Int] ?? [] }
    }

    var warningKinds: [String] { warnings.compactMap { $0["kind"] } }

    /// The CPUs a Linux CPU list names: "0-1,4" is 0, 1 and 4.
    static func cpus(_ list: String) -> Set<Int> {
        Set(list.split(separator: ",").flatMap { part -> ClosedRange<Int> in
            let ends = part.split(separator: "-").compactMap { Int($0) }
            return ends.count == 2 ? ends[0] ... ends[1] : (ends.first ?? -1) ... (ends.first ?? -1)
        })
    }

    /// How many CPUs a Linux CPU list names: "0-1,4" is 3.
    static func cpuCount(_ list: String) -> Int { cpus(list).count }

    var hits: UInt64? { (results["hits"] as? NSNumber)?.uint64Value }
    var ranks: Int? { context["ranks"] as? Int }
    var pi: Double? { results["pi"] as? Double }
    var standardError: Double? { results["std_error"] as? Double }
    var serialMatched: Bool? { results["serial_matched"] as? Bool }
}

/// pimpi's CSV as a reader must take it: RFC 4180, where a field with a
/// comma or a quote is quoted (the command line of a `--sweep 2,3`), so a
/// split on commas would cut it.
struct ParsedCSV {
    let header: [String]
    let rows: [[String]]

    init(_ text: String) {
        let lines = text.split(separator: "\n").map { Self.fields(String($0)) }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    /// Each row's value in the column `name`.
    func column(_ name: String) throws -> [String] {
        let index = try #require(header.firstIndex(of: name), "no \(name) in \(header)")
        return rows.map { $0[index] }
    }

    /// One line's fields, quotes undone.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            switch (quoted, character) {
            case (true, "\""):
                if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
            case (false, "\""): quoted = true
            case (false, ","): fields.append(field); field = ""
            default: field.append(character)
            }
        }
        return fields + [field]
    }
}
