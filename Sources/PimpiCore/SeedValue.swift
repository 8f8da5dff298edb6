/// Parsing `--seed`: any whole number from 0 to 2⁶⁴ − 1, in decimal.
public enum SeedValue {
    public static let acceptedForms = "a whole number from 0 to 18446744073709551615"

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String { "expected \(SeedValue.acceptedForms)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> UInt64 {
        guard !text.isEmpty, text.utf8.allSatisfy(\.isASCIIDigit),
              let value = UInt64(text)
        else { throw ParseError(text: text) }
        return value
    }
}
