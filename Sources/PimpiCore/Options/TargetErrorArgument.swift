/// `--target-error`: the wanted standard error of π̂, a positive finite decimal
/// such as 1e-5 or 0.0001.
enum TargetErrorArgument: ArgumentValue {
    static let acceptedForms = "a positive number such as 1e-5 (the wanted standard error of pi)"

    static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        guard let value = plainDecimal(text), value > 0 else { throw refusal() }
        return value
    }
}
