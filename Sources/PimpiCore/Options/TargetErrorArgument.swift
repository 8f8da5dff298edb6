/// `--target-error`: the wanted half-width of π's interval at `--confidence`,
/// a positive finite decimal such as 1e-5 or 0.0001.
enum TargetErrorArgument: ArgumentValue {
    static let acceptedForms = "a positive number such as 1e-5 (the wanted half-width of pi's interval)"

    static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        guard let value = plainDecimal(text), value > 0 else { throw refusal() }
        return value
    }
}
