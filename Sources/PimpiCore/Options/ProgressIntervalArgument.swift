/// `--progress-interval`: seconds, a finite decimal of at least 0.
enum ProgressIntervalArgument: ArgumentValue {
    static let acceptedForms = "a number of seconds, 0 or more, such as 60 or 0.5"

    static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        guard let value = plainDecimal(text), value >= 0 else { throw refusal() }
        return value
    }
}
