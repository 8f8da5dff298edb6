/// `--rank-timeout`: seconds, a finite decimal above 0.
public enum RankTimeoutArgument: ArgumentValue {
    public static let acceptedForms = "a number of seconds above 0, such as 30 or 2.5"

    public static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        guard let value = plainDecimal(text), value > 0 else { throw refusal() }
        return value
    }
}
