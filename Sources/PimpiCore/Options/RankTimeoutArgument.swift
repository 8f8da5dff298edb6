/// `--rank-timeout`: seconds, a finite decimal above 0.
enum RankTimeoutArgument: ArgumentValue {
    static let acceptedForms = "a number of seconds above 0, such as 30 or 2.5"

    static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        guard let value = plainDecimal(text), value > 0 else { throw refusal() }
        return value
    }
}
