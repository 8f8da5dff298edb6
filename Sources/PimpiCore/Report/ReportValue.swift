import Foundation

/// One value in a machine-readable report, and its JSON and CSV spellings.
enum ReportValue: Equatable, Sendable {
    case string(String)
    case integer(UInt64)
    case number(Double)
    case boolean(Bool)
    case list([String])
    case integers([UInt64])
    case numbers([Double])
    /// Objects of whole numbers (null where unknown), all with the same keys:
    /// where a rank's threads ran.
    case records(keys: [String], rows: [[UInt64?]])
    case null

    /// JSON text. Integers are written exactly (throw and hit counts can exceed
    /// 2⁵³, which a reader should parse as 64-bit integers); non-finite numbers
    /// become null.
    var json: String {
        switch self {
        case .string(let text): Self.jsonString(text)
        case .integer(let value): String(value)
        case .number(let value): value.isFinite ? "\(value)" : "null"
        case .boolean(let value): value ? "true" : "false"
        case .list(let items): "[" + items.map(Self.jsonString).joined(separator: ", ") + "]"
        case .integers(let items): "[" + items.map(String.init).joined(separator: ", ") + "]"
        case .numbers(let items): "[" + items.map { ReportValue.number($0).json }.joined(separator: ", ") + "]"
        case .records(let keys, let rows):
            "[" + rows.map { row in
                "{" + zip(keys, row).map { "\(Self.jsonString($0)): \($1.map(String.init) ?? "null")" }
                    .joined(separator: ", ") + "}"
            }.joined(separator: ", ") + "]"
        case .null: "null"
        }
    }

    /// CSV field (RFC 4180): lists are joined with ';', null is empty.
    var csv: String {
        let text: String = switch self {
        case .string(let text): text
        case .list(let items): items.joined(separator: ";")
        case .integers(let items): items.map(String.init).joined(separator: ";")
        case .numbers(let items): items.map { ReportValue.number($0).json }.joined(separator: ";")
        case .records(let keys, let rows):
            rows.map { row in zip(keys, row).map { "\($0)=\($1.map(String.init) ?? "")" }.joined(separator: " ") }
                .joined(separator: ";")
        case .null: ""
        case .integer, .number, .boolean: json
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
