/// `--seed`: any whole number from 0 to 2⁶⁴ − 1, in decimal.
enum SeedArgument: ArgumentValue {
    static let acceptedForms = "a whole number from 0 to 18446744073709551615"

    static func parse(_ text: String) throws(ArgumentValueError) -> UInt64 {
        guard !text.isEmpty, text.utf8.allSatisfy(\.isASCIIDigit), let value = UInt64(text) else { throw refusal() }
        return value
    }
}
