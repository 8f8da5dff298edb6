/// `--straggler-fraction`: a fraction from 0 (no straggler check) up to, not
/// including, 1.
enum FractionArgument: ArgumentValue {
    static let acceptedForms = "a number from 0 up to 1, such as 0.8 (0 turns the check off)"

    static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        guard let value = plainDecimal(text), value >= 0, value < 1 else { throw refusal() }
        return value
    }
}
