/// `--confidence`: the level of pi's interval, and of `--target-error`'s
/// half-width, a number strictly between 0 and 1.
enum ConfidenceArgument: ArgumentValue {
    static let acceptedForms = "a number between 0 and 1 such as 0.95 or 0.99"

    static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        guard let value = plainDecimal(text), value > 0, value < 1 else { throw refusal() }
        return value
    }
}
