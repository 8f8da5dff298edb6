import Foundation
import Testing

/// The parts of pimpi's JSON report the integration tests read.
struct ParsedReport {
    let context: [String: Any]
    let results: [String: Any]

    init(json: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        context = try #require(object?["context"] as? [String: Any], "no context in \(json)")
        results = try #require(object?["results"] as? [String: Any], "no results in \(json)")
    }

    var hits: UInt64? { (results["hits"] as? NSNumber)?.uint64Value }
    var ranks: Int? { context["ranks"] as? Int }
    var pi: Double? { results["pi"] as? Double }
    var standardError: Double? { results["std_error"] as? Double }
    var serialMatched: Bool? { results["serial_matched"] as? Bool }
}
