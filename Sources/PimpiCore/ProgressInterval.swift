/// Parsing `--progress-interval`: seconds, a finite decimal of at least 0.
public enum ProgressInterval {
    public static let acceptedForms = "a number of seconds, 0 or more, such as 60 or 0.5"

    public struct ParseError: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "expected \(ProgressInterval.acceptedForms)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> Double {
        guard let value = plainDecimal(text), value >= 0 else { throw ParseError(text: text) }
        return value
    }
}
