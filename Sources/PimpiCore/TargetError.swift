/// Parsing `--target-error`: a positive, finite decimal such as 1e-5 or 0.0001.
public enum TargetError {
    public static let acceptedForms = "a positive number such as 1e-5 (the wanted standard error of pi)"

    public struct ParseError: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "expected \(TargetError.acceptedForms)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> Double {
        guard let value = plainDecimal(text), value > 0 else { throw ParseError(text: text) }
        return value
    }
}
